package org.privet.attacks.reference;

import org.privet.core.tensor.Tensor;

/**
 * A deterministic transformation of a batch of queries (LiRA's query augmentation, label-only
 * robustness): the attack queries the model on {@code apply(x)} as well as on {@code x}.
 *
 * <p>Contract: returns a new tensor of the same shape as {@code x}, never writes into {@code x},
 * depends only on {@code x} (thread safe). Built-ins are in {@link QueryAugmentations}.
 */
public interface QueryAugmentation {
    /** A short name for reports, e.g. {@code "flip"} or {@code "shift(1,0)"}. */
    String name();

    /** The transformed batch, same shape as {@code x}. */
    Tensor apply(Tensor x);
}

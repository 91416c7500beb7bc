package org.privet.core.data.transform;

import org.privet.core.data.Dataset;

/**
 * A feature transform whose parameters were fitted on a training split and are now fixed.
 * Applying it never changes the transform, so the same instance maps training, validation and
 * test splits consistently. Implementations are immutable and thread safe.
 */
public interface FittedTransform {
    /** The transformed data set (new storage; labels and name unchanged). */
    Dataset apply(Dataset data);
}

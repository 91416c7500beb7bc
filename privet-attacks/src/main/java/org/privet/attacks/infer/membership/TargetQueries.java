package org.privet.attacks.infer.membership;

import java.util.List;
import org.privet.attacks.reference.QueryAugmentation;
import org.privet.attacks.reference.ReferenceTrainer;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.tensor.Tensor;

/** Batch queries of a target on pool records under augmentations. */
final class TargetQueries {
    private TargetQueries() {
    }

    /** {@code out[a]}: outputs of {@code target} on {@code rows} of {@code poolFeatures} under augmentation {@code a}. */
    static ModelOutputs[] query(ProbabilisticClassifier target, Tensor poolFeatures, List<QueryAugmentation> augs,
            int[] rows) {
        if (augs.isEmpty()) {
            throw new IllegalArgumentException("need at least one query augmentation (identity for none)");
        }
        Tensor x = poolFeatures.rows(rows);
        ModelOutputs[] out = new ModelOutputs[augs.size()];
        for (int a = 0; a < out.length; a++) {
            out[a] = ModelOutputs.ofLogits(ReferenceTrainer.logitsOf(target, augs.get(a).apply(x)),
                    target.numClasses());
        }
        return out;
    }
}

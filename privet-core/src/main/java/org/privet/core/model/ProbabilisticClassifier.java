package org.privet.core.model;

import org.privet.core.tensor.Tensor;

/** A classifier that answers with class probabilities: what a black-box attack sees. */
public interface ProbabilisticClassifier extends LabelClassifier {
    /** Class probabilities, shape [batch, numClasses()], each row summing to 1. */
    Tensor predictProba(Tensor x);

    @Override
    default int[] predict(Tensor x) {
        return predictProba(x).argmaxRows();
    }
}

package org.privet.core.model;

import org.privet.core.tensor.Tensor;

/**
 * A classifier that answers only with labels: what a label-only attack sees.
 *
 * <p>Inputs are batches: a tensor whose first dimension is the batch and whose remaining
 * dimensions equal {@link #inputShape()}.
 */
public interface LabelClassifier {
    /** Number of classes; labels are 0..numClasses()-1. */
    int numClasses();

    /** Shape of one example (without the batch dimension). */
    int[] inputShape();

    /** Predicted label per example. */
    int[] predict(Tensor x);
}

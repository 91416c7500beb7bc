package org.privet.core.model;

import java.util.List;
import org.privet.core.tensor.Tensor;

/**
 * A classifier whose internals the attacker sees: logits, losses, and gradients with respect to
 * parameters and inputs (inversion, gradient matching, white-box membership inference).
 */
public interface WhiteBoxClassifier extends ProbabilisticClassifier {
    /** Pre-softmax scores, shape [batch, numClasses()]. */
    Tensor logits(Tensor x);

    @Override
    default Tensor predictProba(Tensor x) {
        return logits(x).softmax();
    }

    /** Cross-entropy loss of each example: one value per row of {@code x}. */
    default float[] lossPerExample(Tensor x, int[] y) {
        Tensor lp = logits(x).logSoftmax();
        int c = numClasses();
        float[] out = new float[y.length];
        float[] d = lp.data();
        for (int i = 0; i < y.length; i++) {
            out[i] = -d[i * c + y[i]];
        }
        return out;
    }

    /** Gradient of the summed cross-entropy loss with respect to the input, same shape as {@code x}. */
    Tensor inputGradient(Tensor x, int[] y);

    /** Gradient of the mean cross-entropy loss with respect to each parameter tensor, in a fixed order. */
    List<Tensor> parameterGradients(Tensor x, int[] y);

    /** The parameter tensors (live, not copies), in the same order as {@link #parameterGradients}. */
    List<Tensor> parameters();
}

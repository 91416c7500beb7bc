package org.privet.core.optim;

import java.util.List;
import org.privet.core.nn.Parameter;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
 * following PyTorch's SGD: g' = g + wd w; b = mu b + g' (b = g' on the first step); the update
 * direction is g' + mu b with Nesterov, b without; w -= lr * direction.
 */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final float[][] buffers;

    /** Plain SGD. */
    public Sgd(List<Parameter> params, float learningRate) {
        this(params, learningRate, 0f, false, 0f);
    }

    /**
     * @param momentum    in [0, 1)
     * @param nesterov    Nesterov momentum (needs momentum &gt; 0)
     * @param weightDecay L2 coefficient, &gt;= 0 and finite
     */
    public Sgd(List<Parameter> params, float learningRate, float momentum, boolean nesterov, float weightDecay) {
        super(params, learningRate);
        this.momentum = checkRange("momentum", momentum, 0f, true, 1f, false);
        this.weightDecay = checkRange("weightDecay", weightDecay, 0f, true, Float.MAX_VALUE, true);
        if (nesterov && momentum == 0f) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0. Provided value: " + momentum);
        }
        this.nesterov = nesterov;
        this.buffers = new float[this.params.size()][];
    }

    @Override
    protected void update(int index, float[] w, float[] g) {
        float lr = learningRate;
        float wd = weightDecay;
        if (momentum == 0f) {
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * (g[j] + wd * w[j]);
            }
            return;
        }
        float[] b = buffers[index];
        boolean first = b == null;
        if (first) {
            b = new float[w.length];
            buffers[index] = b;
        }
        float mu = momentum;
        for (int j = 0; j < w.length; j++) {
            float gj = g[j] + wd * w[j];
            float bj = first ? gj : mu * b[j] + gj;
            b[j] = bj;
            w[j] -= lr * (nesterov ? gj + mu * bj : bj);
        }
    }
}

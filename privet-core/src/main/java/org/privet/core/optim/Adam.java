package org.privet.core.optim;

import java.util.List;
import org.privet.core.nn.Parameter;

/**
 * Adam (Kingma and Ba 2015) with bias correction: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
 * w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps). Weight decay is either L2 (added to the
 * gradient, as PyTorch's Adam) or decoupled (w -= lr wd w before the update, as AdamW,
 * Loshchilov and Hutter 2019).
 */
public final class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final float[][] m;
    private final float[][] v;
    private final long[] t;

    /** Adam with beta1 0.9, beta2 0.999, eps 1e-8, no weight decay. */
    public Adam(List<Parameter> params, float learningRate) {
        this(params, learningRate, 0.9f, 0.999f, 1e-8f, 0f, false);
    }

    /**
     * @param beta1       in [0, 1)
     * @param beta2       in [0, 1)
     * @param eps         &gt; 0
     * @param weightDecay &gt;= 0
     * @param decoupled   true for AdamW-style decay, false for L2 in the gradient
     */
    public Adam(List<Parameter> params, float learningRate, float beta1, float beta2, float eps, float weightDecay,
            boolean decoupled) {
        super(params, learningRate);
        this.beta1 = checkRange("beta1", beta1, 0f, true, 1f, false);
        this.beta2 = checkRange("beta2", beta2, 0f, true, 1f, false);
        this.eps = checkRange("eps", eps, 0f, false, Float.MAX_VALUE, true);
        this.weightDecay = checkRange("weightDecay", weightDecay, 0f, true, Float.MAX_VALUE, true);
        this.decoupled = decoupled;
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        this.t = new long[this.params.size()];
    }

    @Override
    protected void update(int index, float[] w, float[] g) {
        if (m[index] == null) {
            m[index] = new float[w.length];
            v[index] = new float[w.length];
        }
        float[] mi = m[index];
        float[] vi = v[index];
        long ti = ++t[index]; // per parameter: a parameter skipped in a step keeps its own count
        float c1 = (float) (1.0 - Math.pow(beta1, ti));
        float c2 = (float) (1.0 - Math.pow(beta2, ti));
        float lr = learningRate;
        float b1 = beta1;
        float b2 = beta2;
        float wd = weightDecay;
        for (int j = 0; j < w.length; j++) {
            float gj = g[j];
            if (decoupled) {
                w[j] -= lr * wd * w[j];
            } else {
                gj += wd * w[j];
            }
            float mj = b1 * mi[j] + (1f - b1) * gj;
            float vj = b2 * vi[j] + (1f - b2) * gj * gj;
            mi[j] = mj;
            vi[j] = vj;
            w[j] -= lr * (mj / c1) / ((float) Math.sqrt(vj / c2) + eps);
        }
    }
}

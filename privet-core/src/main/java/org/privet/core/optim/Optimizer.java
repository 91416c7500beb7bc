package org.privet.core.optim;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.nn.Parameter;
import org.privet.core.tensor.Tensor;

/**
 * Updates a fixed list of parameters in place from gradients. Not thread safe.
 *
 * <p>{@link #step()} uses each parameter's accumulated {@link Parameter#grad()} (a parameter
 * without a gradient is left unchanged, and its optimiser state does not advance);
 * {@link #step(List)} takes the gradients explicitly, e.g. the noisy clipped sums of DP-SGD.
 */
public abstract class Optimizer {
    protected final List<Parameter> params;
    protected final float learningRate;
    private long steps;

    protected Optimizer(List<Parameter> params, float learningRate) {
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite. Provided value: " + learningRate);
        }
        this.params = List.copyOf(params);
        this.learningRate = learningRate;
    }

    /** One update from the parameters' accumulated gradients. */
    public void step() {
        List<Tensor> grads = new ArrayList<>(params.size());
        for (Parameter p : params) {
            grads.add(p.grad());
        }
        step(grads);
    }

    /** One update from explicit gradients, one per parameter (same shapes); null entries are skipped. */
    public void step(List<Tensor> grads) {
        if (grads.size() != params.size()) {
            throw new IllegalArgumentException("step: " + grads.size() + " gradients for " + params.size()
                    + " parameters");
        }
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Tensor g = grads.get(i);
            if (g == null) {
                continue;
            }
            Tensor w = params.get(i).value();
            if (!g.sameShape(w)) {
                throw new IllegalArgumentException("step: gradient " + i + " has shape " + g.shapeString()
                        + ", parameter " + params.get(i).name() + " has " + w.shapeString());
            }
            update(i, w.data(), g.data());
        }
    }

    /** Clears every parameter's accumulated gradient. */
    public void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    /** Number of calls to step so far (1 during the first update). */
    protected long stepCount() {
        return steps;
    }

    public float learningRate() {
        return learningRate;
    }

    /** Updates parameter {@code index} (values {@code w}) in place from gradient {@code g}. */
    protected abstract void update(int index, float[] w, float[] g);

    static float checkRange(String name, float v, float lo, boolean loInclusive, float hi, boolean hiInclusive) {
        boolean ok = (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi);
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi
                    + (hiInclusive ? "]" : ")") + ". Provided value: " + v);
        }
        return v;
    }
}

package org.privet.core.nn;

import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Variable;
import org.privet.core.rng.Rng;

/**
 * Inverted dropout: in training mode zeroes each entry with probability p and scales the rest by
 * 1/(1-p); identity in evaluation mode. Masks come from the given {@link Rng}, so a seeded run
 * is reproducible. Starts in training mode.
 */
public final class Dropout implements Layer {
    private final float p;
    private final Rng rng;
    private boolean training = true;

    /** @param p drop probability in [0, 1) */
    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1). Provided value: " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Variable forward(Variable x) {
        return training ? Ops.dropout(x, p, rng) : x;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    public float probability() {
        return p;
    }

    @Override
    public String spec() {
        return "dropout(p=" + p + ")";
    }
}

package org.privet.core.nn;

import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** Weight initialisation schemes. The same {@link Rng} state gives the same tensor bit for bit. */
public enum Init {
    /** He et al. 2015: normal with std sqrt(2 / fanIn); for ReLU networks. */
    HE_NORMAL,
    /** Glorot and Bengio 2010: uniform on +-sqrt(6 / (fanIn + fanOut)); for tanh / sigmoid networks. */
    GLOROT_UNIFORM;

    /** A weight tensor of {@code shape} for a layer with the given fan-in and fan-out (both >= 1). */
    public Tensor sample(Rng rng, int fanIn, int fanOut, int... shape) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fanIn and fanOut must be >= 1. Provided values: " + fanIn + ", " + fanOut);
        }
        switch (this) {
            case HE_NORMAL: return Tensor.randn(rng, (float) Math.sqrt(2.0 / fanIn), shape);
            case GLOROT_UNIFORM:
                float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
                return Tensor.uniform(rng, -limit, limit, shape);
            default: throw new AssertionError("internal invariant: unknown init " + this);
        }
    }
}

package org.privet.attacks.reconstruct;

import java.util.Arrays;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Layer;

/**
 * Parameterless layer {@code [N, ...] -> [N, shape...]} (the inverse of Flatten), used to put an imprint
 * module in front of a convolutional body. Stateless and thread safe.
 */
public final class Reshape implements Layer {
    private final int[] shape;
    private final int size;

    /** @param shape the per-example output shape, every dimension >= 1 */
    public Reshape(int... shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("Reshape needs at least one dimension");
        }
        int s = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("Reshape dimensions must be >= 1. Provided: " + Arrays.toString(shape));
            }
            s *= d;
        }
        this.shape = shape.clone();
        this.size = s;
    }

    @Override
    public Variable forward(Variable x) {
        int n = x.value().dim(0);
        if (x.value().size() != n * size) {
            throw new IllegalArgumentException(spec() + ": input " + x.value().shapeString() + " does not hold "
                    + size + " values per example");
        }
        int[] out = new int[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return x.reshape(out);
    }

    @Override
    public String spec() {
        return "reshape" + Arrays.toString(shape).replace(" ", "");
    }
}

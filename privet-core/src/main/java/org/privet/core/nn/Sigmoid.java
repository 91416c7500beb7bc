package org.privet.core.nn;

import org.privet.core.autodiff.Variable;

/** Elementwise sigmoid activation; any shape. */
public final class Sigmoid implements Layer {
    @Override
    public Variable forward(Variable x) {
        return x.sigmoid();
    }

    @Override
    public String spec() {
        return "sigmoid";
    }
}

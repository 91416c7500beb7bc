package org.privet.core.nn;

import org.privet.core.autodiff.Variable;

/** Elementwise tanh activation; any shape. */
public final class Tanh implements Layer {
    @Override
    public Variable forward(Variable x) {
        return x.tanh();
    }

    @Override
    public String spec() {
        return "tanh";
    }
}

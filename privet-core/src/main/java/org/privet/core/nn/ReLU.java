package org.privet.core.nn;

import org.privet.core.autodiff.Variable;

/** Elementwise relu activation; any shape. */
public final class ReLU implements Layer {
    @Override
    public Variable forward(Variable x) {
        return x.relu();
    }

    @Override
    public String spec() {
        return "relu";
    }
}

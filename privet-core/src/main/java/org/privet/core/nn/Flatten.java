package org.privet.core.nn;

import org.privet.core.autodiff.Variable;

/** [N, d1, d2, ...] -> [N, d1*d2*...]. */
public final class Flatten implements Layer {
    @Override
    public Variable forward(Variable x) {
        return x.flatten();
    }

    @Override
    public String spec() {
        return "flatten";
    }
}

package org.privet.core.nn;

import org.privet.core.autodiff.Variable;
import org.privet.core.tensor.Tensor;

/**
 * A named trainable tensor. The value is updated in place by optimisers, so every holder of
 * {@link #value()} sees the current weights.
 */
public final class Parameter {
    private final String name;
    private final Variable variable;

    public Parameter(String name, Tensor value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must be non-empty");
        }
        this.name = name;
        this.variable = Variable.parameter(value);
    }

    public String name() {
        return name;
    }

    /** The leaf variable (requires gradients). */
    public Variable variable() {
        return variable;
    }

    /** The current value (live). */
    public Tensor value() {
        return variable.value();
    }

    /** The gradient accumulated by the last backward passes, or null. */
    public Tensor grad() {
        return variable.grad();
    }

    public void zeroGrad() {
        variable.zeroGrad();
    }

    @Override
    public String toString() {
        return name + value().shapeString();
    }
}

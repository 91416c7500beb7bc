package org.privet.core.nn;

import java.util.List;
import org.privet.core.autodiff.Variable;

/**
 * One stage of a network. The first dimension of every input and output is the batch.
 *
 * <p>Layers are not thread safe while training; in evaluation mode a forward pass does not
 * modify the layer, so concurrent inference is safe.
 */
public interface Layer {
    /** Applies the layer to a batch. */
    Variable forward(Variable x);

    /** Trainable parameters, in a fixed order (live objects, not copies). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Switches between training mode (dropout active) and evaluation mode. */
    default void setTraining(boolean training) {
    }

    /** A compact description with the sizes needed to rebuild the layer, e.g. {@code dense(in=784,out=10)}. */
    String spec();
}

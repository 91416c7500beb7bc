package org.privet.core.autodiff;

/** How a loss combines per-example values. */
public enum Reduction {
    /** Mean over the batch (the usual training loss). */
    MEAN,
    /** Sum over the batch (per-example gradients of the sum are each example's own gradient). */
    SUM,
    /** No reduction: one loss per example, shape [batch]. */
    NONE
}

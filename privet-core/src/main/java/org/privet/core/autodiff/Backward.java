package org.privet.core.autodiff;

/**
 * The backward rule of one recorded operation: maps the gradient of the output to the gradients
 * of the inputs, using {@link Variable} operations only (so that the rule is differentiable when
 * the graph is being built).
 */
@FunctionalInterface
interface Backward {
    /**
     * @param gy   gradient with respect to {@code out}, same shape as {@code out}
     * @param out  the output variable of the operation
     * @param need per input, whether its gradient is wanted; an unwanted entry may be left null
     * @return one gradient per input (same shape as that input), null where not needed
     */
    Variable[] apply(Variable gy, Variable out, boolean[] need);
}

/**
 * Reverse-mode automatic differentiation over {@link org.privet.core.tensor.Tensor}s.
 *
 * <p>A {@link org.privet.core.autodiff.Variable} wraps a tensor; every operation on variables that
 * need gradients records a node (its inputs and a backward rule). {@link
 * org.privet.core.autodiff.Autodiff#grad} walks the recorded graph in reverse topological order
 * (an iterative sort: deep graphs cannot overflow the stack). Every backward rule is itself
 * written with variable operations, so with {@code createGraph = true} the returned gradients are
 * differentiable again (second derivatives, as gradient-matching attacks need). {@link
 * org.privet.core.autodiff.Ops} holds the layer-level operations (linear, conv2d, pooling,
 * dropout, losses).
 */
package org.privet.core.autodiff;

/**
 * Optimisers that update {@link org.privet.core.nn.Parameter} values in place: {@link
 * org.privet.core.optim.Sgd} (momentum, Nesterov, L2 weight decay) and {@link
 * org.privet.core.optim.Adam} (bias-corrected, L2 or decoupled weight decay).
 */
package org.privet.core.optim;

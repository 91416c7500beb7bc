/**
 * Output defences of a prediction API: reverse sigmoid (Lee et al. 2019), Laplace / Gaussian noise
 * from privet-dp's secure mechanisms, rounding, top-k and label-only release. See
 * {@link org.privet.serve.defence.OutputDefence} for the order in which they apply.
 */
package org.privet.serve.defence;

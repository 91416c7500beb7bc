/**
 * DP-SGD (Abadi et al. 2016) on the Privet engine: {@link org.privet.dp.sgd.DpSgd} trains a
 * {@code Sequential} network with Poisson sampling ({@link org.privet.dp.sgd.PoissonSampler}), per-example
 * clipping (ghost or materialised, {@link org.privet.dp.sgd.ClippingMode}), discrete Gaussian noise (integer-only sampling) on
 * a fine grid ({@link org.privet.dp.sgd.DiscreteGaussianNoise}) and an RDP/PLD accountant, from a validated
 * {@link org.privet.dp.sgd.DpSgdConfig}; {@link org.privet.dp.sgd.ModelValidator} lists every layer that
 * breaks per-example clipping; {@link org.privet.dp.sgd.AdaptiveClipping} is quantile clipping (Andrew et
 * al. 2021). {@link org.privet.dp.sgd.DpSgdStepper} is the single step, for callers with their own loop.
 *
 * <p>Randomness: batches and noise are keyed from {@code NoiseRandom.secure()}; a seeded source only
 * through {@code insecure...ForTests} methods.
 */
package org.privet.dp.sgd;

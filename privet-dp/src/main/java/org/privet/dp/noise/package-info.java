/**
 * Differentially private noise mechanisms, secure by construction.
 *
 * <p>Every sampler is exact: the discrete Laplace and discrete Gaussian samplers of Canonne, Kamath
 * and Steinke (2020) decide with integer arithmetic only ({@link org.privet.dp.noise.ExactSamplers}).
 * Real-valued mechanisms ({@link org.privet.dp.noise.LaplaceMechanism},
 * {@link org.privet.dp.noise.GaussianMechanism}) release multiples of a power-of-two granularity, so
 * nothing leaks through the floating-point representation (Mironov 2012). Selection mechanisms
 * ({@link org.privet.dp.noise.ExponentialMechanism}, {@link org.privet.dp.noise.ReportNoisyMax},
 * {@link org.privet.dp.noise.RandomizedResponse}) use exact Bernoulli(exp(-x)) acceptance tests.
 *
 * <p>Parameters are validated in builders and record constructors: a mechanism that exists is valid,
 * and bad parameters fail before any noise is drawn, with a message stating the rule and the value.
 * Randomness is {@link java.security.SecureRandom}; a seeded source exists only as
 * {@code insecureSeededForTests}.
 */
package org.privet.dp.noise;

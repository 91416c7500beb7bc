/**
 * Neural-network layers over {@link org.privet.core.autodiff.Variable}s ({@link
 * org.privet.core.nn.Dense}, {@link org.privet.core.nn.Conv2d}, pooling, activations, {@link
 * org.privet.core.nn.Dropout}, {@link org.privet.core.nn.Flatten}, {@link
 * org.privet.core.nn.Sequential}), seeded initialisation, exact per-example gradients and ghost
 * norms for DP-SGD ({@link org.privet.core.nn.PerExampleGradients}), the in-process white-box
 * classifier ({@link org.privet.core.nn.NetworkClassifier}) and the architectures attacks use
 * ({@link org.privet.core.nn.Networks}).
 */
package org.privet.core.nn;

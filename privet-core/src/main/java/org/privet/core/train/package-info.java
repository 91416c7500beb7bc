/**
 * Mini-batch training of {@link org.privet.core.nn.Sequential} networks with cross-entropy loss:
 * {@link org.privet.core.train.TrainConfig} (validated hyperparameters), {@link
 * org.privet.core.train.Trainer} (deterministic given the seed) and {@link
 * org.privet.core.train.TrainHistory}.
 */
package org.privet.core.train;

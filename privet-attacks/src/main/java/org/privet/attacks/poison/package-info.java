/**
 * Poisoning attacks on federated learning, written as transforms the federated runtime applies to the
 * clients an attacker controls (the runtime lives in {@code privet-fl}; nothing here depends on it).
 *
 * <p>Two kinds: a {@link org.privet.attacks.poison.DataPoison} rewrites an attacker client's local
 * data before it trains honestly on it (label flipping, backdoor triggers: BadNets patch, blended
 * pattern); an {@link org.privet.attacks.poison.UpdateAttack} rewrites the model updates the attacker
 * clients send (model replacement / constrain-and-scale, sign flip, Gaussian, ALIE, IPM). Updates are
 * flat {@code float[]} parameter deltas ({@code local model - global model}). Metrics: {@link
 * org.privet.attacks.poison.PoisonMetrics}.
 */
package org.privet.attacks.poison;

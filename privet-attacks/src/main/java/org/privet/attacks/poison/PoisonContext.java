package org.privet.attacks.poison;

import org.privet.core.rng.Rng;

/**
 * What the attacker knows when it crafts its updates for one round.
 *
 * @param round               round index, &gt;= 0
 * @param roundClients        clients whose updates the server aggregates this round (attackers included), &gt;= 1
 * @param serverLearningRate  the server's global learning rate eta &gt; 0 (global += eta * aggregate)
 * @param rng                 the attacker's seeded randomness for this round
 */
public record PoisonContext(int round, int roundClients, double serverLearningRate, Rng rng) {
    public PoisonContext {
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0. Provided value: " + round);
        }
        if (roundClients < 1) {
            throw new IllegalArgumentException("roundClients must be >= 1. Provided value: " + roundClients);
        }
        if (!(serverLearningRate > 0) || Double.isInfinite(serverLearningRate)) {
            throw new IllegalArgumentException("serverLearningRate must be > 0 and finite. Provided value: "
                    + serverLearningRate);
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
    }
}

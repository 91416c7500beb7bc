package org.privet.fl.net;

/**
 * How a networked FL server runs its rounds. A settings object that exists is valid; immutable.
 *
 * @param rounds              communication rounds T &gt;= 1
 * @param clientsPerRound     K: clients sampled uniformly without replacement each round (as {@code
 *                            FederatedSimulation} samples them for the same seed), in [1, clients]
 * @param serverLearningRate  eta &gt; 0, finite: {@code global += eta * aggregate}
 * @param seed                seeds client sampling (and, on the clients, their local shuffles)
 * @param roundTimeoutMillis  the round's deadline after the models are sent, &gt; 0: the server closes the
 *                            round then with the updates it has; later ones are rejected as stale
 * @param minUpdates          the fewest accepted updates for the model to move, &gt;= 1 (below it the round
 *                            is skipped and says why)
 * @param joinTimeoutMillis   how long the server waits, before round 1, for all clients to connect, &gt; 0;
 *                            it starts earlier when all are there, and fails when fewer than
 *                            {@code minUpdates} came
 * @param readTimeoutMillis   a TLS handshake plus HELLO, and every started message, must complete within
 *                            it, &gt; 0 (bounds the time a slow or silent peer holds a connection)
 */
public record FlServerSettings(int rounds, int clientsPerRound, double serverLearningRate, long seed,
        long roundTimeoutMillis, int minUpdates, long joinTimeoutMillis, int readTimeoutMillis) {
    public FlServerSettings {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1. Provided value: " + rounds);
        }
        if (clientsPerRound < 1) {
            throw new IllegalArgumentException("clientsPerRound must be >= 1. Provided value: " + clientsPerRound);
        }
        if (!(serverLearningRate > 0) || Double.isInfinite(serverLearningRate)) {
            throw new IllegalArgumentException("serverLearningRate must be > 0 and finite. Provided value: "
                    + serverLearningRate);
        }
        if (roundTimeoutMillis <= 0) {
            throw new IllegalArgumentException("roundTimeoutMillis must be > 0. Provided value: " + roundTimeoutMillis);
        }
        if (minUpdates < 1 || minUpdates > clientsPerRound) {
            throw new IllegalArgumentException("minUpdates must be in [1, clientsPerRound = " + clientsPerRound
                    + "]. Provided value: " + minUpdates);
        }
        if (joinTimeoutMillis <= 0) {
            throw new IllegalArgumentException("joinTimeoutMillis must be > 0. Provided value: " + joinTimeoutMillis);
        }
        if (readTimeoutMillis <= 0) {
            throw new IllegalArgumentException("readTimeoutMillis must be > 0. Provided value: " + readTimeoutMillis);
        }
    }

    /** Defaults: server rate 1, a 60 s round deadline, 60 s to join, 10 s read timeout. */
    public static FlServerSettings of(int rounds, int clientsPerRound, int minUpdates, long seed) {
        return new FlServerSettings(rounds, clientsPerRound, 1.0, seed, 60_000, minUpdates, 60_000, 10_000);
    }

    public FlServerSettings withTimeouts(long roundMillis, long joinMillis, int readMillis) {
        return new FlServerSettings(rounds, clientsPerRound, serverLearningRate, seed, roundMillis, minUpdates,
                joinMillis, readMillis);
    }

    public FlServerSettings withServerLearningRate(double eta) {
        return new FlServerSettings(rounds, clientsPerRound, eta, seed, roundTimeoutMillis, minUpdates,
                joinTimeoutMillis, readTimeoutMillis);
    }
}

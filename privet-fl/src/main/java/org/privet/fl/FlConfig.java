package org.privet.fl;

/**
 * Parameters of a simulated federation. A config that exists is valid; immutable.
 *
 * @param rounds               communication rounds T &gt;= 1
 * @param clientsPerRound      K: clients sampled uniformly without replacement each round, in [1, clients];
 *                             with DP-FedAvg the expected number under Poisson sampling ({@code q = K / N})
 * @param local                each client's local training (FedSGD or FedAvg)
 * @param serverLearningRate   eta &gt; 0, finite: {@code global += eta * aggregate} (1 is plain FedAvg)
 * @param dropoutProbability   in [0, 1): a sampled client goes offline before sending anything
 * @param stragglerProbability in [0, 1): a sampled client trains but its update arrives after the round
 *                             closed (it reaches the next round's inbox and is rejected as stale)
 * @param threads              worker threads that run the clients' local training, &gt;= 1
 * @param seed                 seeds sampling, partitions of work, local shuffles, attacks and evaluation
 */
public record FlConfig(int rounds, int clientsPerRound, LocalTraining local, double serverLearningRate,
        double dropoutProbability, double stragglerProbability, int threads, long seed) {
    public FlConfig {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1. Provided value: " + rounds);
        }
        if (clientsPerRound < 1) {
            throw new IllegalArgumentException("clientsPerRound must be >= 1. Provided value: " + clientsPerRound);
        }
        if (local == null) {
            throw new IllegalArgumentException("local training must not be null");
        }
        if (!(serverLearningRate > 0) || Double.isInfinite(serverLearningRate)) {
            throw new IllegalArgumentException("serverLearningRate must be > 0 and finite. Provided value: "
                    + serverLearningRate);
        }
        if (!(dropoutProbability >= 0 && dropoutProbability < 1)) {
            throw new IllegalArgumentException("dropoutProbability must be in [0, 1). Provided value: "
                    + dropoutProbability);
        }
        if (!(stragglerProbability >= 0 && stragglerProbability < 1)) {
            throw new IllegalArgumentException("stragglerProbability must be in [0, 1). Provided value: "
                    + stragglerProbability);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1. Provided value: " + threads);
        }
    }

    /** FedAvg defaults: server rate 1, no drop-outs or stragglers, one thread per available core (at most 4). */
    public static FlConfig fedAvg(int rounds, int clientsPerRound, LocalTraining local, long seed) {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new FlConfig(rounds, clientsPerRound, local, 1.0, 0, 0, threads, seed);
    }

    /** A copy with drop-out and straggler probabilities. */
    public FlConfig withFailures(double dropout, double straggler) {
        return new FlConfig(rounds, clientsPerRound, local, serverLearningRate, dropout, straggler, threads, seed);
    }

    /** A copy with another server learning rate. */
    public FlConfig withServerLearningRate(double eta) {
        return new FlConfig(rounds, clientsPerRound, local, eta, dropoutProbability, stragglerProbability, threads,
                seed);
    }
}

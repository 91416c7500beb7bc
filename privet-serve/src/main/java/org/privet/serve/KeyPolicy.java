package org.privet.serve;

/**
 * What one API key may do.
 *
 * @param budget total instances the key may ever have predicted (a batch of n costs n), >= 1; {@link
 *     #UNLIMITED} for no budget. Budgets live in memory and restart with the server.
 * @param ratePerSecond sustained instances per second (token-bucket refill rate), > 0 and finite
 * @param burst bucket capacity in instances, >= 1: the largest batch the key can ever send at once
 */
public record KeyPolicy(long budget, double ratePerSecond, int burst) {
    /** No budget. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** Validates the policy. */
    public KeyPolicy {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1 instance (or unlimited). Provided value: " + budget);
        }
        if (!(ratePerSecond > 0) || !Double.isFinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be > 0 and finite. Provided value: " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1. Provided value: " + burst);
        }
    }

    /** No budget, 10,000 instances/s sustained, bursts of 10,000. */
    public static KeyPolicy defaults() {
        return new KeyPolicy(UNLIMITED, 10_000, 10_000);
    }
}

package org.privet.serve;

import org.privet.serve.monitor.PradaMonitor;

/**
 * The live state of one key: token bucket, budget used, extraction monitor. Thread safe (all
 * mutation under the instance's lock; the monitor has its own).
 */
final class KeyState {
    final ApiKeys.Entry entry;
    final PradaMonitor monitor;
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;
    private long used;

    KeyState(ApiKeys.Entry entry, PradaMonitor monitor, long nowNanos) {
        this.entry = entry;
        this.monitor = monitor;
        this.ratePerNano = entry.policy().ratePerSecond() / 1e9;
        this.capacity = entry.policy().burst();
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Outcome of {@link #admit}. */
    enum Admission { OK, BUDGET, RATE }

    /**
     * Takes {@code n} instances from the budget and the bucket, or neither.
     *
     * @return OK, BUDGET (the budget cannot cover n) or RATE (the bucket holds fewer than n tokens now)
     */
    synchronized Admission admit(int n, long nowNanos) {
        long budget = entry.policy().budget();
        if (budget != KeyPolicy.UNLIMITED && used + n > budget) {
            return Admission.BUDGET;
        }
        refill(nowNanos);
        if (tokens < n) {
            return Admission.RATE;
        }
        tokens -= n;
        used += n;
        return Admission.OK;
    }

    /** Seconds until {@code n} tokens are there (for Retry-After), at least 1. */
    synchronized long retryAfterSeconds(int n, long nowNanos) {
        refill(nowNanos);
        double missing = Math.max(0, n - tokens);
        return Math.max(1, (long) Math.ceil(missing / ratePerNano / 1e9));
    }

    synchronized long used() {
        return used;
    }

    private void refill(long nowNanos) {
        long dt = nowNanos - lastNanos;
        if (dt > 0) {
            tokens = Math.min(capacity, tokens + dt * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}

package org.privet.fl.aggregate;

import java.util.Locale;

/**
 * Centred clipping (Karimireddy, He, Jaggi, "Learning from History for Byzantine Robust Optimization",
 * ICML 2021, eq. (CC)): {@code L} iterations of {@code v <- v + (1/n) sum_k (u_k - v) min(1, tau /
 * ||u_k - v||)}, started at the previous round's aggregate (the paper's momentum centre; zero in the
 * first round). Ignores weights. <b>Stateful</b> (remembers the last aggregate): one instance per
 * simulation, not thread-safe.
 */
public final class CenteredClipping implements Aggregator {
    private final double tau;
    private final int iterations;
    private float[] previous;

    /**
     * @param tau        clipping radius &gt; 0 and finite
     * @param iterations {@code L >= 1}; the paper uses 1 with momentum, 3 without
     */
    public CenteredClipping(double tau, int iterations) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("centred clipping tau must be > 0 and finite. Provided value: " + tau);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("centred clipping iterations must be >= 1. Provided value: "
                    + iterations);
        }
        this.tau = tau;
        this.iterations = iterations;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        int d = Vectors.check(updates, null);
        int n = updates.length;
        float[] v = previous != null && previous.length == d ? previous.clone() : new float[d];
        double[] acc = new double[d];
        for (int l = 0; l < iterations; l++) {
            java.util.Arrays.fill(acc, 0);
            for (float[] u : updates) {
                double dist = Math.sqrt(Vectors.sqDist(u, v));
                double c = dist <= tau ? 1 : tau / dist;
                for (int j = 0; j < d; j++) {
                    acc[j] += c * ((double) u[j] - v[j]);
                }
            }
            for (int j = 0; j < d; j++) {
                v[j] = (float) (v[j] + acc[j] / n);
            }
        }
        previous = v.clone();
        return v;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "centred-clipping(tau=%g, L=%d)", tau, iterations);
    }
}

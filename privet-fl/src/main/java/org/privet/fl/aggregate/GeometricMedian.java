package org.privet.fl.aggregate;

import java.util.Locale;

/**
 * Weighted geometric median {@code argmin_z sum_k w_k ||u_k - z||} by the smoothed Weiszfeld iteration
 * of Pillutla, Kakade, Harchaoui ("Robust Aggregation for Federated Learning", RFA, 2022, Algorithm 2):
 * {@code z <- sum_k b_k u_k / sum_k b_k} with {@code b_k = w_k / max(nu, ||u_k - z||)}, started at the
 * weighted mean, until the objective improves by less than {@code tol} (relative) or after {@code
 * maxIterations}. Breakdown point 1/2. Stateless, thread-safe.
 */
public final class GeometricMedian implements Aggregator {
    private final int maxIterations;
    private final double nu;
    private final double tol;

    /** RFA's defaults: at most 100 iterations, {@code nu = 1e-6}, relative tolerance {@code 1e-6}. */
    public GeometricMedian() {
        this(100, 1e-6, 1e-6);
    }

    /**
     * @param maxIterations &gt;= 1
     * @param nu            smoothing &gt; 0 (avoids division by zero when {@code z} hits a point)
     * @param tol           relative objective tolerance, &gt;= 0
     */
    public GeometricMedian(int maxIterations, double nu, double tol) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1. Provided value: " + maxIterations);
        }
        if (!(nu > 0) || Double.isInfinite(nu)) {
            throw new IllegalArgumentException("nu must be > 0 and finite. Provided value: " + nu);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be >= 0 and finite. Provided value: " + tol);
        }
        this.maxIterations = maxIterations;
        this.nu = nu;
        this.tol = tol;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        int d = Vectors.check(updates, weights);
        int n = updates.length;
        float[] z = new WeightedMean(true).aggregate(updates, weights, ctx);
        double[] acc = new double[d];
        double obj = objective(updates, weights, z);
        for (int it = 0; it < maxIterations; it++) {
            java.util.Arrays.fill(acc, 0);
            double bsum = 0;
            for (int i = 0; i < n; i++) {
                double b = weights[i] / Math.max(nu, Math.sqrt(Vectors.sqDist(updates[i], z)));
                bsum += b;
                float[] u = updates[i];
                for (int j = 0; j < d; j++) {
                    acc[j] += b * u[j];
                }
            }
            for (int j = 0; j < d; j++) {
                z[j] = (float) (acc[j] / bsum);
            }
            double next = objective(updates, weights, z);
            if (obj - next <= tol * next) {
                break;
            }
            obj = next;
        }
        return z;
    }

    private static double objective(float[][] u, double[] w, float[] z) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += w[i] * Math.sqrt(Vectors.sqDist(u[i], z));
        }
        return s;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "geometric-median(weiszfeld, iters<=%d)", maxIterations);
    }
}

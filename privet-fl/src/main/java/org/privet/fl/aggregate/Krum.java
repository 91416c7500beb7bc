package org.privet.fl.aggregate;

import java.util.Arrays;
import java.util.Locale;

/**
 * Krum and Multi-Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, NeurIPS 2017). Each update's score is
 * the sum of squared distances to its {@code n - f - 2} nearest other updates; Krum returns the update
 * with the lowest score, Multi-Krum the mean of the {@code m} lowest-scoring ones ({@code m = 1} is Krum).
 * Needs {@code n > 2f + 2}. Ties go to the lower index. Ignores weights. Stateless, thread-safe.
 */
public final class Krum implements Aggregator {
    private final int f;
    private final int m;

    /**
     * @param f the number of Byzantine clients tolerated, &gt;= 0
     * @param m how many updates Multi-Krum averages, &gt;= 1 (1 = Krum)
     */
    public Krum(int f, int m) {
        if (f < 0) {
            throw new IllegalArgumentException("Krum f must be >= 0. Provided value: " + f);
        }
        if (m < 1) {
            throw new IllegalArgumentException("Multi-Krum m must be >= 1. Provided value: " + m);
        }
        this.f = f;
        this.m = m;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        Vectors.check(updates, null);
        int n = updates.length;
        if (m > n) {
            throw new IllegalArgumentException("Multi-Krum m must be <= the number of updates (" + n
                    + "). Provided value: " + m);
        }
        int[] order = select(Vectors.pairwiseSqDist(updates), Vectors.range(n), f);
        return Vectors.mean(updates, Arrays.copyOf(order, m));
    }

    /**
     * The candidates (indices into {@code dist}) sorted by Krum score, best first (stable on ties).
     *
     * @throws IllegalArgumentException unless {@code candidates.length > 2f + 2}
     */
    static int[] select(double[][] dist, int[] candidates, int f) {
        int n = candidates.length;
        if (n <= 2 * f + 2) {
            throw new IllegalArgumentException("Krum needs more than 2f + 2 = " + (2 * f + 2) + " updates for f = "
                    + f + ". Provided: " + n);
        }
        return byScore(dist, candidates, n - f - 2);
    }

    /**
     * The candidates sorted by the sum of squared distances to their {@code k} nearest other candidates
     * ({@code 1 <= k < candidates.length}), best first, stable on ties.
     */
    static int[] byScore(double[][] dist, int[] candidates, int k) {
        int n = candidates.length;
        double[] scores = new double[n];
        double[] row = new double[n - 1];
        for (int a = 0; a < n; a++) {
            int c = 0;
            for (int b = 0; b < n; b++) {
                if (b != a) {
                    row[c++] = dist[candidates[a]][candidates[b]];
                }
            }
            Arrays.sort(row);
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += row[i];
            }
            scores[a] = s;
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(scores[x], scores[y]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = candidates[idx[i]];
        }
        return out;
    }

    @Override
    public String name() {
        return m == 1 ? String.format(Locale.ROOT, "krum(f=%d)", f)
                : String.format(Locale.ROOT, "multi-krum(f=%d, m=%d)", f, m);
    }
}

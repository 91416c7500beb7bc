package org.privet.fl.aggregate;

import java.util.Locale;

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the {@code k = floor(beta n)}
 * largest and {@code k} smallest values and average the rest. Ignores weights. Stateless, thread-safe.
 */
public final class TrimmedMean implements Aggregator {
    private final double beta;

    /** @param beta trimmed fraction per side, in [0, 0.5) */
    public TrimmedMean(double beta) {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("trim fraction beta must be in [0, 0.5). Provided value: " + beta);
        }
        this.beta = beta;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        int d = Vectors.check(updates, null);
        int n = updates.length;
        int k = (int) Math.floor(beta * n);
        if (n - 2 * k < 1) {
            throw new AssertionError("internal invariant: trimmed mean keeps at least one value (n=" + n + ")");
        }
        int[] all = Vectors.range(n);
        float[] cols = new float[Vectors.COLUMN_BLOCK * n];
        float[] out = new float[d];
        for (int j0 = 0; j0 < d; j0 += Vectors.COLUMN_BLOCK) {
            int w = Vectors.transpose(updates, all, j0, cols);
            for (int b = 0; b < w; b++) {
                int off = b * n;
                // the k smallest values end in [off, off + k), the k largest in [off + n - k, off + n)
                if (k > 0) {
                    Vectors.select(cols, off, off + n, off + k);
                    Vectors.select(cols, off + k, off + n, off + n - k - 1);
                }
                double s = 0;
                for (int i = k; i < n - k; i++) {
                    s += cols[off + i];
                }
                out[j0 + b] = (float) (s / (n - 2 * k));
            }
        }
        return out;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "trimmed-mean(beta=%g)", beta);
    }
}

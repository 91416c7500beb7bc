package org.privet.fl.aggregate;

import java.util.Arrays;
import java.util.Locale;

/**
 * Bulyan (El Mhamdi, Guerraoui, Rouault, ICML 2018) over Krum. Needs {@code n >= 4f + 3}. First {@code
 * theta = n - 2f} updates are selected by applying Krum repeatedly to the remaining ones (each pick
 * leaves the pool; once fewer than {@code 2f + 3} remain, the score uses at least one neighbour); then,
 * per coordinate, the {@code beta = theta - 2f} selected values closest to the coordinate's median are
 * averaged. Ignores weights. Stateless, thread-safe.
 */
public final class Bulyan implements Aggregator {
    private final int f;

    /** @param f the number of Byzantine clients tolerated, &gt;= 0 */
    public Bulyan(int f) {
        if (f < 0) {
            throw new IllegalArgumentException("Bulyan f must be >= 0. Provided value: " + f);
        }
        this.f = f;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        int d = Vectors.check(updates, null);
        int n = updates.length;
        if (n < 4 * f + 3) {
            throw new IllegalArgumentException("Bulyan needs at least 4f + 3 = " + (4 * f + 3) + " updates for f = "
                    + f + ". Provided: " + n);
        }
        double[][] dist = Vectors.pairwiseSqDist(updates);
        int theta = n - 2 * f;
        int[] selected = new int[theta];
        int[] pool = Vectors.range(n);
        for (int s = 0; s < theta; s++) {
            // Krum on the remaining pool, scored over its |pool| - f - 2 nearest neighbours; the last picks
            // (fewer than 2f + 3 left, which n >= 4f + 3 allows) use at least one neighbour
            int pick = pool.length == 1 ? pool[0]
                    : Krum.byScore(dist, pool, Math.max(1, Math.min(pool.length - 1, pool.length - f - 2)))[0];
            selected[s] = pick;
            int[] next = new int[pool.length - 1];
            for (int i = 0, c = 0; i < pool.length; i++) {
                if (pool[i] != pick) {
                    next[c++] = pool[i];
                }
            }
            pool = next;
        }
        int beta = theta - 2 * f;
        float[] med = Vectors.median(updates, selected);
        float[] col = new float[theta];
        float[] dev = new float[theta];
        Integer[] order = new Integer[theta];
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < theta; i++) {
                col[i] = updates[selected[i]][j];
                dev[i] = Math.abs(col[i] - med[j]);
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Float.compare(dev[a], dev[b]));
            double s = 0;
            for (int i = 0; i < beta; i++) {
                s += col[order[i]];
            }
            out[j] = (float) (s / beta);
        }
        return out;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "bulyan(f=%d)", f);
    }
}

package org.privet.core.data.split;

/** Proportional integer allocation (largest remainder method with capacities). Stateless. */
final class Allocation {
    private Allocation() {
    }

    /**
     * Splits {@code total} into per-class counts proportional to {@code weights}, each at most
     * {@code capacity[c]}: floors of the ideal shares first, then the remaining units one by one to
     * the classes with the largest fractional remainder that still have room, ties to the lower
     * class. Requires {@code total <= sum(capacity)}.
     */
    static int[] allocate(int total, int[] weights, int[] capacity) {
        int k = weights.length;
        long wsum = 0;
        long cap = 0;
        for (int c = 0; c < k; c++) {
            wsum += weights[c];
            cap += capacity[c];
        }
        if (total > cap) {
            throw new AssertionError("internal invariant: allocating " + total + " from capacity " + cap);
        }
        int[] out = new int[k];
        double[] frac = new double[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            double ideal = wsum == 0 ? 0 : (double) total * weights[c] / wsum;
            out[c] = Math.min(capacity[c], (int) Math.floor(ideal));
            frac[c] = out[c] < capacity[c] ? ideal - Math.floor(ideal) : Double.NEGATIVE_INFINITY;
            given += out[c];
        }
        while (given < total) {
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (out[c] < capacity[c] && (best < 0 || frac[c] > frac[best])) {
                    best = c;
                }
            }
            out[best]++;
            frac[best] = out[best] < capacity[best] ? frac[best] - 1 : Double.NEGATIVE_INFINITY;
            given++;
        }
        return out;
    }
}

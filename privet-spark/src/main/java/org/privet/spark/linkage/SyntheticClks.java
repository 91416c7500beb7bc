package org.privet.spark.linkage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.privet.pprl.clk.ClkSet;

/**
 * Seeded synthetic encodings for tests and scaling runs (not for real linkage): database A holds random
 * bit vectors of the given density; database B holds noisy copies (each bit flipped with probability {@code
 * flip}) of the first {@code overlap} records of A, then fresh random vectors. The true matches are {@code (i,
 * i)} for {@code i < overlap}. Deterministic for a seed.
 */
public final class SyntheticClks {
    private SyntheticClks() {
    }

    /**
     * @param n       records per database, &gt;= 1
     * @param overlap records of B that are noisy copies of A's, in {@code [0, n]}
     * @param bits    bits per record, &gt;= 64
     * @param density probability of a set bit, in (0, 1)
     * @param flip    probability that a copy's bit is flipped, in [0, 1)
     * @return {@code {a, b}}
     */
    public static ClkSet[] pair(int n, int overlap, int bits, double density, double flip, long seed) {
        if (n < 1 || overlap < 0 || overlap > n || bits < 64 || !(density > 0 && density < 1)
                || !(flip >= 0 && flip < 1)) {
            throw new IllegalArgumentException("need n >= 1, 0 <= overlap <= n, bits >= 64, density in (0, 1), flip "
                    + "in [0, 1). Provided values: " + n + ", " + overlap + ", " + bits + ", " + density + ", " + flip);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int w = (bits + 63) >>> 6;
        long[] a = new long[n * w];
        long[] b = new long[n * w];
        for (int i = 0; i < n; i++) {
            fill(a, i * w, bits, density, r);
            if (i < overlap) {
                for (int bit = 0; bit < bits; bit++) {
                    long v = (a[i * w + (bit >>> 6)] >>> bit) & 1L;
                    if (r.nextDouble() < flip) {
                        v ^= 1L;
                    }
                    b[i * w + (bit >>> 6)] |= v << bit;
                }
            } else {
                fill(b, i * w, bits, density, r);
            }
        }
        return new ClkSet[] {new ClkSet(ids("a", n), bits, a), new ClkSet(ids("b", n), bits, b)};
    }

    private static void fill(long[] words, int off, int bits, double density, SplittableRandom r) {
        for (int bit = 0; bit < bits; bit++) {
            if (r.nextDouble() < density) {
                words[off + (bit >>> 6)] |= 1L << bit;
            }
        }
    }

    private static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }
}

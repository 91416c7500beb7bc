package org.privet.pprl.link;

import java.util.Objects;
import org.privet.pprl.clk.ClkSet;

/**
 * The Sorensen-Dice coefficient of bit vectors packed into 64-bit words:
 * {@code dice(a, b) = 2 |a AND b| / (|a| + |b|)}, where {@code |x|} is the number of set bits, and
 * {@code dice(a, b) = 0} when both vectors are empty (the convention of anonlink). Scores are computed in
 * {@code double} exactly as {@code (2.0 * c) / (pa + pb)}, so a threshold test gives the same answer as
 * anonlink's kernel.
 *
 * <p>The threshold test of the search avoids the division: {@link #minIntersection} tabulates, for each
 * popcount sum {@code s}, the smallest intersection {@code c} with {@code 2c/s >= threshold}. Stateless and
 * thread safe.
 */
public final class Dice {
    private Dice() {
    }

    /**
     * Dice coefficient of {@code words} words of {@code a} from {@code aOff} and of {@code b} from
     * {@code bOff}; in {@code [0, 1]}.
     */
    public static double score(long[] a, int aOff, long[] b, int bOff, int words) {
        int pa = 0;
        int pb = 0;
        int c = 0;
        for (int k = 0; k < words; k++) {
            long x = a[aOff + k];
            long y = b[bOff + k];
            pa += Long.bitCount(x);
            pb += Long.bitCount(y);
            c += Long.bitCount(x & y);
        }
        return score(c, pa + pb);
    }

    /** Dice coefficient of record {@code i} of {@code a} and record {@code j} of {@code b} (same bit length). */
    public static double score(ClkSet a, int i, ClkSet b, int j) {
        if (a.bits() != b.bits()) {
            throw new IllegalArgumentException("bit lengths differ: " + a.bits() + " != " + b.bits());
        }
        Objects.checkIndex(i, a.size());
        Objects.checkIndex(j, b.size());
        int w = a.wordsPerRecord();
        return score(a.words(), i * w, b.words(), j * w, w);
    }

    /** The score of intersection popcount {@code c} and popcount sum {@code s}: {@code 2c/s}, 0 when s = 0. */
    public static double score(int c, int s) {
        return s == 0 ? 0.0 : (2.0 * c) / s;
    }

    /** Popcount of every record of {@code set}. */
    public static int[] popcounts(ClkSet set) {
        int n = set.size();
        int w = set.wordsPerRecord();
        long[] words = set.words();
        int[] out = new int[n];
        for (int i = 0, o = 0; i < n; i++, o += w) {
            int c = 0;
            for (int k = 0; k < w; k++) {
                c += Long.bitCount(words[o + k]);
            }
            out[i] = c;
        }
        return out;
    }

    /**
     * {@code table[s]} for {@code s} in {@code [0, 2 * bits]}: the smallest intersection popcount {@code c}
     * with {@code score(c, s) >= threshold}, or {@link Integer#MAX_VALUE} when no {@code c <= s / 2} reaches
     * it. Exact: the test {@code c >= table[s]} agrees with {@code score(c, s) >= threshold} for every
     * {@code c <= s / 2}.
     *
     * @param threshold in {@code [0, 1]}
     * @param bits      bits per record, {@code > 0}
     */
    public static int[] minIntersection(double threshold, int bits) {
        checkThreshold(threshold);
        if (bits <= 0) {
            throw new IllegalArgumentException("bits must be > 0. Provided value: " + bits);
        }
        int[] table = new int[2 * bits + 1];
        for (int s = 0; s < table.length; s++) {
            int max = s / 2;
            int c = (int) Math.max(0, Math.min(max, Math.ceil(threshold * s / 2.0)));
            while (c > 0 && score(c - 1, s) >= threshold) {
                c--;
            }
            while (c <= max && score(c, s) < threshold) {
                c++;
            }
            table[s] = c > max ? Integer.MAX_VALUE : c;
        }
        return table;
    }

    static void checkThreshold(double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in [0, 1]. Provided value: " + threshold);
        }
    }
}

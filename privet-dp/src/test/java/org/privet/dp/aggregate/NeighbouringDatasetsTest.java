package org.privet.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Tier (c): the released count of a partition on neighbouring datasets (with and without one worst-case privacy
 * unit) satisfies {@code P(out >= t | D) <= e^epsilon P(out >= t | D')} on threshold events, estimated by sampling;
 * and the same check rejects a mechanism whose sensitivity is understated.
 */
class NeighbouringDatasetsTest {
    private static final int TRIALS = 20_000;
    private static final int[] THRESHOLDS = {30, 31, 32, 33, 34, 35};

    /**
     * The largest ratio {@code P(out >= t | with) / P(out >= t | without)} over the thresholds whose "without"
     * probability is at least 0.004 (>= 80 hits of 20,000, so a relative sd of at most 11%).
     */
    private static double maxRatio(LongUnaryOperator with, LongUnaryOperator without) {
        int[] hitsWith = new int[THRESHOLDS.length];
        int[] hitsWithout = new int[THRESHOLDS.length];
        for (int i = 0; i < TRIALS; i++) {
            long a = with.applyAsLong(i);
            long b = without.applyAsLong(i);
            for (int k = 0; k < THRESHOLDS.length; k++) {
                hitsWith[k] += a >= THRESHOLDS[k] ? 1 : 0;
                hitsWithout[k] += b >= THRESHOLDS[k] ? 1 : 0;
            }
        }
        double max = 0;
        for (int k = 0; k < THRESHOLDS.length; k++) {
            if (hitsWithout[k] >= 80) {
                max = Math.max(max, (double) hitsWith[k] / hitsWithout[k]);
            }
        }
        return max;
    }

    /** Count of partition "a" from 30 ordinary units, plus optionally unit X with 10 rows in "a" and rows in b..e. */
    private static long countA(boolean withX, long seed) {
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(2).delta(1e-6) // count: epsilon 1
                .insecureSeededForTests(seed).build();
        for (int u = 0; u < 30; u++) {
            agg.add("u" + u, "a", 0);
        }
        if (withX) {
            for (int j = 0; j < 10; j++) {
                agg.add("x", "a", 0);
            }
            for (String p : new String[] {"b", "c", "d", "e"}) {
                agg.add("x", p, 0);
            }
        }
        for (PartitionedAggregation.PartitionResult r : agg.computeResult().partitions()) {
            if (r.partition().equals("a")) {
                return (long) r.count();
            }
        }
        return Long.MIN_VALUE; // "a" dropped (probability <= e^-15 with 30 units): counts as below every threshold
    }

    @Test
    void boundedCountsOfNeighboursStayWithinEToTheEpsilon() {
        // Bounded (L0 = Linf = 1): X adds at most 1 to "a" (and only when "a" is the partition X keeps, 1 in 5).
        // True worst ratio ~1.35 (at t = 35) < e = 2.718; this seed measured 1.67. The ratio estimate's sd is
        // <= ~0.2 at the sparsest threshold kept (>= 80 hits), so e is > 6 sd above the true value: false-failure
        // below 1e-8 per threshold.
        double r = maxRatio(i -> countA(true, 1_000_000 + i), i -> countA(false, 2_000_000 + i));
        assertThat(r).isLessThan(Math.E);
    }

    @Test
    void theRatioTestRejectsAnUnderstatedSensitivity() {
        // A count told its sensitivity is 1 while one unit adds 10 rows: ratio ~ e^5 at t = 35 (measured 204), far
        // above e.
        double r = maxRatio(i -> brokenCount(40, 3_000_000 + i), i -> brokenCount(30, 4_000_000 + i));
        assertThat(r).isGreaterThan(Math.E);
    }

    private static long brokenCount(long trueCount, long seed) {
        Count c = Count.builder().epsilon(1).insecureSeededForTests(seed).build();
        c.incrementBy(trueCount);
        return c.computeResult();
    }
}

package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The rows of one privacy unit: kept as they are up to the spill, sampled per group beyond. The sampling is checked
 * for uniformity with a chi-square test (false-failure rate 9.2e-7 per run, fixed seed), which also rejects a broken
 * index source.
 */
class UnitRowsTest {

    @Test
    void belowTheSpillEveryRowIsKeptInFileOrder() {
        UnitRows u = new UnitRows(2, 3, 10, new SplittableRandom(1));
        for (int i = 0; i < 10; i++) {
            u.add(i % 2 == 0 ? "a" : "b", i);
        }
        assertThat(u.sampled()).isFalse();
        UnitRows.Rows r = u.rows();
        assertThat(r.n()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(r.groups()[i]).isEqualTo(i % 2 == 0 ? "a" : "b");
            assertThat(r.values()[i]).isEqualTo(i);
        }
        assertThat(u.firstValues()).containsExactly(0, 1, 2);
    }

    @Test
    void beyondTheSpillOnlyTheFirstValuesAndPerGroupSamplesAreKept() {
        UnitRows u = new UnitRows(2, 5, 8, new SplittableRandom(2));
        int rows = 1_000_000;
        for (int i = 0; i < rows; i++) {
            u.add("g" + (i % 3), i); // three groups
        }
        u.add("rare", -1); // a group seen once, after the spill
        assertThat(u.sampled()).isTrue();
        UnitRows.Rows r = u.rows();
        assertThat(r.n()).isEqualTo(3 * 2 + 1);
        java.util.Map<String, Integer> perGroup = new java.util.HashMap<>();
        for (int i = 0; i < r.n(); i++) {
            perGroup.merge(r.groups()[i], 1, Integer::sum);
            double v = r.values()[i];
            if (r.groups()[i].equals("rare")) {
                assertThat(v).isEqualTo(-1);
            } else {
                assertThat((long) v % 3).isEqualTo(Long.parseLong(r.groups()[i].substring(1))); // a row of its own group
            }
        }
        assertThat(perGroup).containsEntry("g0", 2).containsEntry("g1", 2).containsEntry("g2", 2).containsEntry("rare", 1);
        assertThat(u.firstValues()).containsExactly(0, 1, 2, 3, 4);
    }

    /** How often each of 10 rows (one group, 1 kept, sampling from the 4th row on) ends up kept, over many units. */
    private static long[] keptCounts(RandomGenerator random, int units) {
        long[] counts = new long[10];
        for (int t = 0; t < units; t++) {
            UnitRows u = new UnitRows(1, 0, 3, random);
            for (int i = 0; i < 10; i++) {
                u.add("g", i);
            }
            counts[(int) u.rows().values()[0]]++;
        }
        return counts;
    }

    private static double chiSquare(long[] counts, double expected) {
        double x = 0;
        for (long c : counts) {
            x += (c - expected) * (c - expected) / expected;
        }
        return x;
    }

    @Test
    void theSampleIsUniformOverTheUnitsRowsAndABrokenIndexSourceIsCaught() {
        int units = 20_000;
        // 9 degrees of freedom: P(chi2 > 45) = 9.2e-7
        assertThat(chiSquare(keptCounts(new SplittableRandom(7), units), units / 10.0)).isLessThan(45);
        // an index source stuck at 0 keeps the last row every time
        assertThat(chiSquare(keptCounts(new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0L;
            }

            @Override
            public long nextLong(long bound) {
                return 0L;
            }
        }, units), units / 10.0)).isGreaterThan(45);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new UnitRows(0, 1, 1, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perGroup >= 1");
        assertThatThrownBy(() -> new UnitRows(1, 1, 0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

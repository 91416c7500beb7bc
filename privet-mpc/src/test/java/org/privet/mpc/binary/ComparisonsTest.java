package org.privet.mpc.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.privet.mpc.MpcTesting;

class ComparisonsTest {
    private static long[] ring(long seed, int n, long bound) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = bound == 0 ? r.nextLong() : r.nextLong(-bound, bound);
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void a2bGivesTheTwosComplementWordsExactly(int parties) {
        long[] x = ring(1, 300, 0);
        x[0] = Long.MIN_VALUE;
        x[1] = -1;
        x[2] = 0;
        x[3] = Long.MAX_VALUE;
        var run = MpcTesting.run(parties, 21, s -> {
            long[] xs = s.id() == 0 ? s.input(x) : s.inputFrom(0, x.length);
            return s.openBinary(Conversions.toBinary(s, xs));
        });
        assertThat(run.result(parties - 1)).containsExactly(x);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void ltzAndReluMatchPlaintext(int parties) {
        long[] x = ring(2, 500, 1L << 62);
        x[0] = 0;
        x[1] = -1;
        x[2] = 1;
        var run = MpcTesting.run(parties, 22, s -> {
            long[] xs = s.id() == 1 ? s.input(x) : s.inputFrom(1, x.length);
            return new long[][] {s.open(Comparisons.ltz(s, xs)), s.open(Comparisons.relu(s, xs))};
        });
        for (int i = 0; i < x.length; i++) {
            assertThat(run.result(0)[0][i]).as("ltz of %d", x[i]).isEqualTo(x[i] < 0 ? 1L : 0L);
            assertThat(run.result(0)[1][i]).as("relu of %d", x[i]).isEqualTo(Math.max(x[i], 0));
        }
    }

    @Test
    void lessThanOnFixedPointReals() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 400;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(-1000, 1000);
            b[i] = i % 7 == 0 ? a[i] : r.nextDouble(-1000, 1000);
        }
        var run = MpcTesting.run(2, 23, s -> {
            long[] as = s.id() == 0 ? s.inputFixed(a) : s.inputFrom(0, n);
            long[] bs = s.id() == 1 ? s.inputFixed(b) : s.inputFrom(1, n);
            return s.open(Comparisons.lessThan(s, as, bs));
        });
        for (int i = 0; i < n; i++) {
            assertThat(run.result(0)[i]).as("%s < %s", a[i], b[i]).isEqualTo(a[i] < b[i] ? 1L : 0L);
        }
    }

    @Test
    void ltzCostsEightRoundsForTwoParties() {
        var run = MpcTesting.run(2, 24, s -> {
            long[] xs = s.id() == 0 ? s.input(new long[10]) : s.inputFrom(0, 10);
            long before = s.counters().rounds();
            Comparisons.ltz(s, xs);
            return s.counters().rounds() - before;
        });
        assertThat(run.result(0)).isEqualTo(8L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10})
    void argmaxMatchesPlaintextWithTiesToLowerIndex(int cols) {
        int rows = 40;
        SplittableRandom r = new SplittableRandom(cols);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.floor(r.nextDouble(-4, 4)); // small integer range forces ties
        }
        var run = MpcTesting.run(2, 25, s -> {
            long[] xs = s.id() == 0 ? s.inputFixed(x) : s.inputFrom(0, x.length);
            long[][] am = Comparisons.argmaxAndMax(s, xs, rows, cols);
            return new Object[] {s.open(am[0]), s.openFixed(am[1])};
        });
        long[] hot = (long[]) run.result(0)[0];
        double[] max = (double[]) run.result(0)[1];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (x[i * cols + c] > x[i * cols + best]) {
                    best = c;
                }
            }
            for (int c = 0; c < cols; c++) {
                assertThat(hot[i * cols + c]).as("row %d col %d", i, c).isEqualTo(c == best ? 1L : 0L);
            }
            assertThat(max[i]).isCloseTo(x[i * cols + best], within(1e-9));
        }
    }

    @Test
    void selectPicksPerElement() {
        var run = MpcTesting.run(2, 26, s -> {
            long[] bit = s.id() == 0 ? s.input(new long[] {1, 0, 1}) : s.inputFrom(0, 3);
            long[] x = s.publicValue(new long[] {10, 20, 30});
            long[] y = s.publicValue(new long[] {-1, -2, -3});
            return s.open(Comparisons.select(s, bit, x, y));
        });
        assertThat(run.result(1)).containsExactly(10L, -2L, 30L);
    }

    @Test
    void bitsToArithmeticOfThreePartyXorSharing() {
        var run = MpcTesting.run(3, 27, s -> {
            // party i holds bit pattern; XOR over parties of bit 0 is the bit
            long[] b = switch (s.id()) {
                case 0 -> new long[] {1, 1, 0, 0, 1};
                case 1 -> new long[] {1, 0, 1, 0, 1};
                default -> new long[] {0, 0, 0, 1, 1};
            };
            return s.open(Conversions.bitsToArithmetic(s, b));
        });
        assertThat(run.result(2)).containsExactly(0L, 1L, 1L, 1L, 1L);
    }

    @Test
    void reluOnSharesIsNotTheIdentityOrConstant() {
        // guards against a ReLU that returns x or 0 regardless (both would fail one of these)
        var run = MpcTesting.run(2, 28, s -> {
            long[] xs = s.id() == 0 ? s.inputFixed(new double[] {-2.5, 3.25}) : s.inputFrom(0, 2);
            return s.openFixed(Comparisons.relu(s, xs));
        });
        assertThat(run.result(0)).containsExactly(0.0, 3.25);
    }
}

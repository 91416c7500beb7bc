package org.privet.mpc.approx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.privet.mpc.MpcSession;
import org.privet.mpc.MpcTesting;

/**
 * Measures each approximation's error on a grid over its documented range and checks it against the bound
 * stated in {@link Approximations}. Fixed seeds; the only randomness is the sharing and probabilistic
 * truncation (failure probability below 2^-20 per element for these magnitudes, so about 1e-3 false
 * failures over all grids).
 */
class ApproximationsTest {
    private static double[] grid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = lo + (hi - lo) * i / (n - 1);
        }
        return g;
    }

    private static double[] run(double[] x, BiFunction<MpcSession, long[], long[]> f) {
        return run(2, x, f);
    }

    private static double[] run(int parties, double[] x, BiFunction<MpcSession, long[], long[]> f) {
        var r = MpcTesting.run(parties, 31, s -> {
            long[] xs = s.id() == 0 ? s.inputFixed(x) : s.inputFrom(0, x.length);
            return s.openFixed(f.apply(s, xs));
        });
        return r.result(0);
    }

    private static double maxAbsError(double[] x, double[] got, DoubleUnaryOperator want) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(got[i] - want.applyAsDouble(x[i])));
        }
        return m;
    }

    private static double maxRelError(double[] x, double[] got, DoubleUnaryOperator want) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            double w = want.applyAsDouble(x[i]);
            m = Math.max(m, Math.abs(got[i] - w) / Math.abs(w));
        }
        return m;
    }

    @Test
    void expWithinStatedErrors() {
        double[] x = grid(-8, 0, 1001);
        double err = maxAbsError(x, run(x, Approximations::exp), Math::exp);
        System.out.println("exp max abs error on [-8, 0]: " + err);
        assertThat(err).isLessThan(0.006).isGreaterThan(0); // > 0: it is an approximation, not Math.exp
        double[] pos = grid(0, 2, 201);
        double rel = maxRelError(pos, run(pos, Approximations::exp), Math::exp);
        System.out.println("exp max rel error on [0, 2]: " + rel);
        assertThat(rel).isLessThan(0.015);
    }

    @Test
    void reciprocalWithinStatedRelativeError() {
        double[] x = grid(0.1, 100, 1001);
        double err = maxRelError(x, run(x, Approximations::reciprocal), v -> 1 / v);
        System.out.println("reciprocal max rel error on [0.1, 100]: " + err);
        assertThat(err).isLessThan(2e-3);
        double[] neg = grid(-100, -0.1, 201);
        double[] got = run(neg, Approximations::reciprocal);
        double negRel = maxRelError(neg, got, v -> 1 / v);
        double negAbs = maxAbsError(neg, got, v -> 1 / v);
        System.out.println("reciprocal on [-100, -0.1]: max rel error " + negRel + ", max abs error " + negAbs);
        assertThat(negRel).isLessThan(2e-3);
        assertThat(negAbs).isLessThan(1e-3);
    }

    @Test
    void sigmoidWithinStatedErrorOnMinusThirtyToThirty() {
        double[] x = grid(-30, 30, 2001);
        double err = maxAbsError(x, run(x, Approximations::sigmoid), v -> 1 / (1 + Math.exp(-v)));
        System.out.println("sigmoid max abs error on [-30, 30]: " + err);
        assertThat(err).isLessThan(3e-3);
    }

    @Test
    void sigmoidAmongThreePartiesUsesTruncationPairsWithinTheSameError() {
        // more than two parties: every fixed-point product truncates with the dealer's pairs (ABY3)
        double[] x = grid(-30, 30, 401);
        double err = maxAbsError(x, run(3, x, Approximations::sigmoid), v -> 1 / (1 + Math.exp(-v)));
        System.out.println("sigmoid, 3 parties, max abs error on [-30, 30]: " + err);
        assertThat(err).isLessThan(3e-3);
    }

    @Test
    void softmaxWithinStatedErrorOnRandomLogits() {
        int rows = 200;
        int cols = 5;
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-8, 8);
        }
        double[] got = run(x, (s, xs) -> Approximations.softmax(s, xs, rows, cols));
        double err = 0;
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[i * cols + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(x[i * cols + c] - max);
            }
            for (int c = 0; c < cols; c++) {
                err = Math.max(err, Math.abs(got[i * cols + c] - Math.exp(x[i * cols + c] - max) / sum));
            }
        }
        System.out.println("softmax max abs error (5 classes, logits in [-8, 8]): " + err);
        assertThat(err).isLessThan(5e-3);
    }
}

package org.privet.mpc.approx;

import org.privet.mpc.MpcSession;
import org.privet.mpc.binary.Comparisons;

/**
 * Non-linear functions on fixed-point shares by iterative approximations, after CrypTen (Knott et al. 2021,
 * {@code crypten/common/functions/approximations.py}). Any number of parties (probabilistic truncation:
 * SecureML's for two, the dealer's truncation pairs for more; see {@link MpcSession#truncate}).
 * The accuracy figures below were measured by {@code ApproximationsTest} with 16 fractional bits over a
 * uniform grid of the stated range, two parties, SecureML truncation (maximum absolute error against {@link Math}); outside the range the error grows
 * (see each method).
 *
 * <ul>
 *   <li>{@link #exp}: the limit {@code (1 + x / 2^k)^(2^k)}, {@code k = 8} squarings; measured max abs error
 *       0.0030 on [-8, 0] and max relative error 1.1% on [0, 2] (tests check 0.006 and 1.5%) (the limit's relative error is about {@code x^2 /
 *       2^(k+1)}, and each squaring doubles the fixed-point error of the previous ones: use it where
 *       {@code x <= 0}, as in sigmoid and in softmax after subtracting the maximum).</li>
 *   <li>{@link #reciprocal}: Newton-Raphson {@code y <- y (2 - x y)}, 10 iterations from {@code y0 = 3
 *       exp(0.5 - x) + 0.003}; measured max relative error 1.3e-3 (max abs error 6.6e-4) on
 *       [0.1, 100] and on [-100, -0.1] (tests check 2e-3 and 1e-3); wrong for {@code |x| > ~600} or {@code |x| < ~0.01}. (CrypTen writes the step as {@code 2y -
 *       x y^2}; the factored form loses less to truncation when {@code y} is small: 12% at x = 100 with 16
 *       fractional bits.)</li>
 *   <li>{@link #sigmoid}: CrypTen's "reciprocal" method {@code 1 / (1 + exp(-|x|))} with a sign fix-up,
 *       exp with 9 squarings, reciprocal with 3 Newton iterations from 0.75 (as CrypTen); measured max abs error
 *       2.0e-3 on [-30, 30] (test checks 3e-3), dominated by the fixed-point error of the 9 squarings; valid for {@code |x| <
 *       512}.</li>
 * </ul>
 *
 * <p>Stateless; every party calls the same methods in the same order.
 */
public final class Approximations {
    /** Squarings in {@link #exp} (CrypTen's {@code exp_iterations}). */
    public static final int EXP_ITERATIONS = 8;
    /** Newton-Raphson iterations in {@link #reciprocal} (CrypTen's {@code reciprocal_nr_iters}). */
    public static final int RECIPROCAL_ITERATIONS = 10;
    /** Squarings of the exponential inside {@link #sigmoid} (as CrypTen). */
    public static final int SIGMOID_EXP_ITERATIONS = 9;
    /** Newton-Raphson iterations of the reciprocal inside {@link #sigmoid}. */
    public static final int SIGMOID_RECIPROCAL_ITERATIONS = 3;

    private Approximations() {
    }

    /** {@code exp(x)} with {@link #EXP_ITERATIONS} squarings. */
    public static long[] exp(MpcSession s, long[] x) {
        return exp(s, x, EXP_ITERATIONS);
    }

    /**
     * {@code exp(x) ~ (1 + x / 2^k)^(2^k)}: one local truncation and {@code k} squarings ({@code k} rounds).
     * Requires {@code x > -2^k} (otherwise the base is negative); the relative error is about {@code x^2 /
     * 2^(k+1)}.
     */
    public static long[] exp(MpcSession s, long[] x, int iterations) {
        if (iterations < 1 || iterations > 20) {
            throw new IllegalArgumentException("exp iterations must be in [1, 20]. Provided value: " + iterations);
        }
        long[] y = s.addPublic(s.truncate(x, iterations), s.fixedPoint().one());
        for (int i = 0; i < iterations; i++) {
            y = s.square(y);
        }
        return y;
    }

    /** {@code 1 / x} for {@code x != 0} of either sign: sign extraction, then {@link #reciprocalPositive}. */
    public static long[] reciprocal(MpcSession s, long[] x) {
        long[] neg = Comparisons.ltz(s, x);
        long[] sign = s.addPublic(MpcSession.mulPublic(neg, -2), 1L); // integer +-1
        long[] pos = s.mulRing(sign, x);
        return s.mulRing(sign, reciprocalPositive(s, pos, RECIPROCAL_ITERATIONS));
    }

    /**
     * {@code 1 / x} for {@code x > 0} by Newton-Raphson from CrypTen's initial guess {@code 3 exp(0.5 - x) +
     * 0.003}. Converges when {@code 0 < y0 < 2 / x}: about {@code x} in {@code (0.01, 600)}.
     */
    public static long[] reciprocalPositive(MpcSession s, long[] x, int iterations) {
        long one = s.fixedPoint().one();
        long[] t = s.addPublic(MpcSession.mulPublic(x, -1), one / 2); // 0.5 - x
        long[] y = MpcSession.mulPublic(exp(s, t), 3);
        y = s.addPublic(y, s.fixedPoint().encode(0.003));
        return newton(s, x, y, iterations);
    }

    /** Newton-Raphson for {@code 1/x} from the shared guess {@code y}: {@code y <- y (2 - x y)}. 2 rounds each. */
    private static long[] newton(MpcSession s, long[] x, long[] y, int iterations) {
        long two = 2 * s.fixedPoint().one();
        for (int i = 0; i < iterations; i++) {
            long[] xy = s.mul(x, y);
            y = s.mul(y, s.addPublic(MpcSession.mulPublic(xy, -1), two));
        }
        return y;
    }

    /**
     * The logistic function {@code 1 / (1 + e^-x)}: with {@code l = [x < 0]}, {@code p = 1 / (1 + exp(-|x|))}
     * ({@code 1 + exp(-|x|)} lies in (1, 2], so Newton from 0.75 converges quadratically), and the result is
     * {@code l ? 1 - p : p}. Valid for {@code |x| < 512}.
     */
    public static long[] sigmoid(MpcSession s, long[] x) {
        long one = s.fixedPoint().one();
        long[] neg = Comparisons.ltz(s, x);
        long[] sign = s.addPublic(MpcSession.mulPublic(neg, -2), 1L);
        long[] abs = s.mulRing(sign, x);
        long[] den = s.addPublic(exp(s, MpcSession.mulPublic(abs, -1), SIGMOID_EXP_ITERATIONS), one);
        long[] y0 = s.publicValue(filled(x.length, s.fixedPoint().encode(0.75)));
        long[] p = newton(s, den, y0, SIGMOID_RECIPROCAL_ITERATIONS);
        // l ? 1 - p : p  ==  p + l (1 - 2p)
        long[] oneMinus2p = s.addPublic(MpcSession.mulPublic(p, -2), one);
        return MpcSession.add(p, s.mulRing(neg, oneMinus2p));
    }

    /**
     * Row-wise softmax of a shared {@code [rows, cols]} matrix: the row maximum by {@link
     * Comparisons#argmaxAndMax}, {@code e = exp(x - max)} (arguments {@code <= 0}, where {@link #exp} is
     * accurate), the row sum (in {@code [1, cols]}) inverted by {@link #reciprocalPositive}, and one product.
     * Needs {@code max - min < 512} within each row; measured max abs error 2.1e-3 on random logits in [-8, 8]
     * with 5 classes (test checks 5e-3).
     */
    public static long[] softmax(MpcSession s, long[] x, int rows, int cols) {
        long[] max = Comparisons.argmaxAndMax(s, x, rows, cols)[1];
        long[] z = new long[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                z[r * cols + c] = x[r * cols + c] - max[r];
            }
        }
        long[] e = exp(s, z);
        long[] sum = new long[rows];
        for (int r = 0; r < rows; r++) {
            long acc = 0;
            for (int c = 0; c < cols; c++) {
                acc += e[r * cols + c];
            }
            sum[r] = acc;
        }
        long[] inv = reciprocalPositive(s, sum, RECIPROCAL_ITERATIONS);
        long[] invRep = new long[x.length];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(invRep, r * cols, (r + 1) * cols, inv[r]);
        }
        return s.mul(e, invRep);
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}

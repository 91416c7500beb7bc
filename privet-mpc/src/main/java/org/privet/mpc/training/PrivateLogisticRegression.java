package org.privet.mpc.training;

import org.privet.mpc.MpcSession;
import org.privet.mpc.approx.Approximations;
import org.privet.mpc.binary.Comparisons;

/**
 * Private training (two or more parties) of binary logistic regression by mini-batch gradient descent on secret-shared
 * data, after SecureML (Mohassel and Zhang, IEEE S&P 2017, Section 4.1 and 4.2): {@code u = X_B w}, {@code
 * g = f(u)}, {@code w <- w - (lr / |B|) X_B^T (g - y_B)}, every step on shares. The activation {@code f} is
 * SecureML's piecewise-linear "sigmoid" ({@code 0} below -1/2, {@code u + 1/2} between, {@code 1} above: two
 * comparisons and one product round) or CrypTen's sigmoid approximation ({@link Approximations#sigmoid}).
 * Batches are consecutive rows in a public order; the batch schedule, {@code n}, {@code d} and the options
 * are public, nothing else is opened: the model stays shared until the caller opens it.
 *
 * <p>Features should be scaled to a few units (as for plaintext gradient descent); the learning-rate step
 * multiplies by {@code round(lr / |B| * 2^20)} and truncates by 20 bits, so the effective rate is that
 * rounded constant (relative error below {@code 2^-20 |B| / lr}).
 *
 * <p>With more than two parties every truncation uses the dealer's truncation pairs ({@link
 * MpcSession#truncate}). Stateless; every party calls {@link #train} with the same public arguments.
 */
public final class PrivateLogisticRegression {
    private static final int STEP_BITS = 20;

    private PrivateLogisticRegression() {
    }

    /** The activation used in training. */
    public enum Activation {
        /** SecureML's piecewise-linear function (cheaper; the paper's choice). */
        PIECEWISE,
        /** CrypTen's sigmoid approximation (closer to plaintext logistic regression). */
        SIGMOID
    }

    /**
     * Training options (public).
     *
     * @param epochs passes over the data, >= 1
     * @param batchSize rows per step, >= 1
     * @param learningRate step size, > 0 and finite
     * @param activation {@link Activation}
     */
    public record Options(int epochs, int batchSize, double learningRate, Activation activation) {
        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1. Provided value: " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1. Provided value: " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be > 0 and finite. Provided value: "
                        + learningRate);
            }
            if (activation == null) {
                throw new IllegalArgumentException("activation must be PIECEWISE or SIGMOID. Provided value: null");
            }
        }
    }

    /** The ring constant the step uses: {@code round(lr / batch * 2^20)}, public. */
    public static long stepConstant(double learningRate, int batch) {
        return Math.round(learningRate / batch * (1 << STEP_BITS));
    }

    /** The effective learning rate for a batch of {@code batch} rows (the rounded step times the batch). */
    public static double effectiveLearningRate(double learningRate, int batch) {
        return stepConstant(learningRate, batch) * (double) batch / (1 << STEP_BITS);
    }

    /**
     * Trains on shares of {@code x} ({@code [n, d]}, row-major, fixed point) and labels {@code y} ({@code [n]},
     * fixed-point 0 or 1) from zero weights.
     *
     * @return shares of {@code [w_0, ..., w_{d-1}, bias]} (fixed point)
     * @throws IllegalArgumentException on shape mismatch
     * @throws IllegalStateException with more than two parties when the session's triple source deals no
     *     truncation pairs (use a {@link org.privet.mpc.beaver.TrustedDealer})
     */
    public static long[] train(MpcSession s, long[] x, long[] y, int n, int d, Options options) {
        if (n < 1 || d < 1 || x.length != (long) n * d || y.length != n) {
            throw new IllegalArgumentException("x must be [n, d] and y [n] with n, d >= 1. Provided: n " + n + ", d " + d
                    + ", x length " + x.length + ", y length " + y.length);
        }
        int da = d + 1;
        long one = s.fixedPoint().one();
        long[] xa = new long[n * da]; // features with a ones column for the bias
        for (int r = 0; r < n; r++) {
            System.arraycopy(x, r * d, xa, r * da, d);
            xa[r * da + d] = s.id() == 0 ? one : 0;
        }
        long[] w = new long[da];
        for (int e = 0; e < options.epochs(); e++) {
            for (int start = 0; start < n; start += options.batchSize()) {
                int b = Math.min(options.batchSize(), n - start);
                long[] xb = java.util.Arrays.copyOfRange(xa, start * da, (start + b) * da);
                long[] yb = java.util.Arrays.copyOfRange(y, start, start + b);
                long[] u = s.matmul(xb, w, b, da, 1);
                long[] g = options.activation() == Activation.PIECEWISE ? piecewise(s, u) : Approximations.sigmoid(s, u);
                long[] err = MpcSession.sub(g, yb);
                long[] xbt = transpose(xb, b, da);
                long[] grad = s.matmul(xbt, err, da, b, 1);
                long[] step = s.truncate(MpcSession.mulPublic(grad, stepConstant(options.learningRate(), b)),
                        STEP_BITS);
                w = MpcSession.sub(w, step);
            }
        }
        return w;
    }

    /**
     * SecureML's activation: {@code [u >= -1/2] (u + 1/2) + [u >= 1/2] (1/2 - u)}, i.e. 0, {@code u + 1/2} or 1.
     * Two comparisons in one batch (8 rounds) and one product round.
     */
    public static long[] piecewise(MpcSession s, long[] u) {
        int b = u.length;
        long half = s.fixedPoint().one() / 2;
        long[] uPlus = s.addPublic(u, half);
        long[] uMinus = s.addPublic(u, -half);
        long[] both = new long[2 * b];
        System.arraycopy(uPlus, 0, both, 0, b);
        System.arraycopy(uMinus, 0, both, b, b);
        long[] neg = Comparisons.ltz(s, both);
        long[] bits = s.addPublic(MpcSession.mulPublic(neg, -1), 1L); // [u + 1/2 >= 0], [u - 1/2 >= 0]
        long[] factors = new long[2 * b];
        System.arraycopy(uPlus, 0, factors, 0, b);
        long[] halfMinusU = s.addPublic(MpcSession.mulPublic(u, -1), half);
        System.arraycopy(halfMinusU, 0, factors, b, b);
        long[] prod = s.mulRing(bits, factors);
        long[] f = new long[b];
        for (int i = 0; i < b; i++) {
            f[i] = prod[i] + prod[b + i];
        }
        return f;
    }

    private static long[] transpose(long[] a, int rows, int cols) {
        long[] t = new long[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}

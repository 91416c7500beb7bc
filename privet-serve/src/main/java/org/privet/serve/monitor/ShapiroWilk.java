package org.privet.serve.monitor;

import java.util.Arrays;
import org.privet.dp.noise.NormalDistribution;

/**
 * The Shapiro-Wilk test of normality with Royston's (1992, 1995; algorithm AS R94) approximations of
 * the coefficients and of the p-value, the version R's {@code shapiro.test} and SciPy's
 * {@code scipy.stats.shapiro} implement.
 *
 * <p>{@code W} lies in (0, 1]; values near 1 mean the sample looks normal. Valid for 3 to 5000 values.
 * Stateless and thread safe.
 */
public final class ShapiroWilk {
    /** Smallest sample the test accepts. */
    public static final int MIN_SIZE = 3;
    /** Largest sample the approximations are valid for. */
    public static final int MAX_SIZE = 5000;

    /** The statistic and its p-value (small p: reject normality). */
    public record Result(double w, double pValue, int n) {
    }

    /** The coefficients last computed: monitors test windows of one size again and again. */
    private static volatile double[] lastCoefficients = new double[0];

    private ShapiroWilk() {
    }

    /**
     * Tests {@code x[0..n)} (not modified).
     *
     * @throws IllegalArgumentException if {@code n} is outside [3, 5000], a value is not finite, or all
     *     values are equal (W is undefined)
     */
    public static Result test(double[] x, int n) {
        if (n < MIN_SIZE || n > MAX_SIZE || n > x.length) {
            throw new IllegalArgumentException("Shapiro-Wilk needs 3 to 5000 values. Provided count: " + n);
        }
        double[] s = Arrays.copyOf(x, n);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(s[i])) {
                throw new IllegalArgumentException("Shapiro-Wilk: value " + i + " must be finite. Provided value: "
                        + s[i]);
            }
        }
        Arrays.sort(s);
        if (s[n - 1] - s[0] < 1e-300 * Math.max(1, Math.abs(s[0]))) {
            throw new IllegalArgumentException("Shapiro-Wilk: all " + n + " values are equal (" + s[0]
                    + "); W is undefined");
        }
        double[] a = lastCoefficients;
        if (a.length != n) {
            a = coefficients(n);
            lastCoefficients = a;
        }
        double mean = 0;
        for (double v : s) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        double num = 0;
        for (int i = 0; i < n; i++) {
            double d = s[i] - mean;
            ss += d * d;
            num += a[i] * s[i];
        }
        double w = Math.min(1.0, num * num / ss);
        return new Result(w, pValue(w, n), n);
    }

    /** Tests all of {@code x}. */
    public static Result test(double[] x) {
        return test(x, x.length);
    }

    /**
     * The antisymmetric coefficients {@code a_1..a_n} (ascending order: {@code a_i = -a_{n+1-i}}), with
     * {@code sum a_i^2 = 1}.
     */
    static double[] coefficients(int n) {
        double[] a = new double[n];
        if (n == 3) {
            a[0] = -Math.sqrt(0.5);
            a[2] = Math.sqrt(0.5);
            return a;
        }
        double[] m = new double[n];
        double mm = 0;
        for (int i = 0; i < n; i++) {
            m[i] = NormalDistribution.quantile((i + 1 - 0.375) / (n + 0.25));
            mm += m[i] * m[i];
        }
        double u = 1 / Math.sqrt(n);
        double rs = Math.sqrt(mm);
        // Royston's polynomial corrections for the two extreme coefficients
        double an = -2.706056 * pow(u, 5) + 4.434685 * pow(u, 4) - 2.071190 * pow(u, 3) - 0.147981 * u * u
                + 0.221157 * u + m[n - 1] / rs;
        double phi;
        if (n > 5) {
            double an1 = -3.582633 * pow(u, 5) + 5.682633 * pow(u, 4) - 1.752461 * pow(u, 3) - 0.293762 * u * u
                    + 0.042981 * u + m[n - 2] / rs;
            phi = (mm - 2 * m[n - 1] * m[n - 1] - 2 * m[n - 2] * m[n - 2]) / (1 - 2 * an * an - 2 * an1 * an1);
            double sp = Math.sqrt(phi);
            for (int i = 2; i < n - 2; i++) {
                a[i] = m[i] / sp;
            }
            a[n - 1] = an;
            a[0] = -an;
            a[n - 2] = an1;
            a[1] = -an1;
        } else {
            phi = (mm - 2 * m[n - 1] * m[n - 1]) / (1 - 2 * an * an);
            double sp = Math.sqrt(phi);
            for (int i = 1; i < n - 1; i++) {
                a[i] = m[i] / sp;
            }
            a[n - 1] = an;
            a[0] = -an;
        }
        return a;
    }

    /** Royston's normalising transformations of W to a standard normal z; upper-tail p-value. */
    static double pValue(double w, int n) {
        if (n == 3) {
            // exact: p = 6/pi (asin(sqrt W) - asin(sqrt(3/4)))
            double p = 6 / Math.PI * (Math.asin(Math.sqrt(w)) - Math.asin(Math.sqrt(0.75)));
            return Math.max(0, Math.min(1, p));
        }
        double z;
        if (n <= 11) {
            double gamma = 0.459 * n - 2.273;
            double mu = 0.5440 - 0.39978 * n + 0.025054 * n * n - 0.0006714 * n * n * n;
            double sigma = Math.exp(1.3822 - 0.77857 * n + 0.062767 * n * n - 0.0020322 * n * n * n);
            double t = gamma - Math.log1p(-w);
            if (!(t > 0)) {
                return 0; // W so small that the transformation leaves its domain: far from normal
            }
            z = (-Math.log(t) - mu) / sigma;
        } else {
            double ln = Math.log(n);
            double mu = 0.0038915 * pow(ln, 3) - 0.083751 * ln * ln - 0.31082 * ln - 1.5861;
            double sigma = Math.exp(0.0030302 * ln * ln - 0.082676 * ln - 0.4803);
            z = (Math.log1p(-w) - mu) / sigma;
        }
        return 1 - NormalDistribution.cdf(z);
    }

    private static double pow(double x, int k) {
        double r = 1;
        for (int i = 0; i < k; i++) {
            r *= x;
        }
        return r;
    }
}

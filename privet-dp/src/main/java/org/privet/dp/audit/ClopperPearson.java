package org.privet.dp.audit;

/**
 * Exact (Clopper-Pearson 1934) one-sided confidence bounds for a binomial proportion: for {@code k} successes in
 * {@code n} trials, {@link #upper} is the {@code p} with {@code P(Bin(n, p) <= k) = alpha} (so the true proportion
 * is above it with probability at most {@code alpha}), and {@link #lower} the {@code p} with {@code P(Bin(n, p) >=
 * k) = alpha}. Computed by bisection on the regularised incomplete beta function (binomial tail identity
 * {@code P(Bin(n, p) <= k) = I_{1-p}(n-k, k+1)}), continued fraction by the modified Lentz method; the bisection
 * returns the conservative end of a final bracket narrower than {@code 1e-15}. Stateless and thread-safe.
 */
public final class ClopperPearson {
    private ClopperPearson() {
    }

    /**
     * One-sided upper bound on the proportion.
     *
     * @param k successes, in {@code [0, n]}
     * @param n trials, {@code >= 1}
     * @param alpha the error probability, in {@code (0, 1)}
     */
    public static double upper(long k, long n, double alpha) {
        check(k, n, alpha);
        if (k == n) {
            return 1.0;
        }
        // P(Bin(n, p) <= k) decreases in p; find where it crosses alpha, return the high end (conservative)
        double lo = (double) k / n;
        double hi = 1.0;
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
            double mid = 0.5 * (lo + hi);
            if (binomialCdf(k, n, mid) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * One-sided lower bound on the proportion.
     *
     * @param k successes, in {@code [0, n]}
     * @param n trials, {@code >= 1}
     * @param alpha the error probability, in {@code (0, 1)}
     */
    public static double lower(long k, long n, double alpha) {
        check(k, n, alpha);
        if (k == 0) {
            return 0.0;
        }
        // P(Bin(n, p) >= k) = 1 - P(Bin <= k - 1) increases in p; return the low end (conservative)
        double lo = 0.0;
        double hi = (double) k / n;
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
            double mid = 0.5 * (lo + hi);
            if (1 - binomialCdf(k - 1, n, mid) < alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void check(long k, long n, double alpha) {
        if (n < 1) {
            throw new IllegalArgumentException("trials must be >= 1. Provided value: " + n);
        }
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("successes must be in [0, trials]. Provided values: successes=" + k
                    + ", trials=" + n);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1). Provided value: " + alpha);
        }
    }

    /** {@code P(Bin(n, p) <= k)} for {@code 0 <= k < n}. */
    static double binomialCdf(long k, long n, double p) {
        if (p <= 0) {
            return 1.0;
        }
        if (p >= 1) {
            return 0.0;
        }
        return regularizedBeta(1 - p, n - k, k + 1);
    }

    /** The regularised incomplete beta function {@code I_x(a, b)}, {@code a, b > 0}, {@code x} in {@code [0, 1]}. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0.0;
        }
        if (x >= 1) {
            return 1.0;
        }
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        double front = Math.exp(lnFront);
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1.0 - front * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1.0;
        double d = 1.0 - qab * x / qap;
        if (Math.abs(d) < tiny) {
            d = tiny;
        }
        d = 1.0 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1.0 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1.0 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1.0 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1.0 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1.0 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1.0) < 1e-16) {
                return h;
            }
        }
        throw new AssertionError("internal invariant: incomplete beta continued fraction did not converge for x=" + x
                + ", a=" + a + ", b=" + b);
    }

    /** {@code ln Gamma(x)} for {@code x > 0} (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        double xx = x - 1;
        double a = c[0];
        double t = xx + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (xx + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
    }
}

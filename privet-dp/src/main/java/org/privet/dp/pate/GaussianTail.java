package org.privet.dp.pate;

/**
 * The complementary error function and the per-class tail bound that PATE's data-dependent analysis uses for the
 * exact discrete Gaussian noise of {@link GnMax}. Pure functions; thread-safe.
 *
 * <p><b>The tail bound</b> ({@link #logTail}). For {@code Z_1, Z_2} independent {@code N_Z(0, sigma^2)} (the
 * discrete Gaussian on the integers, Canonne-Kamath-Steinke 2020) and {@code D = Z_1 - Z_2}:
 * <pre>
 *   P(D = d) = N^-2 sum_z exp(-(z^2 + (z + d)^2) / (2 sigma^2))
 *            = N^-2 exp(-d^2 / (4 sigma^2)) sum_z exp(-(z + d/2)^2 / sigma^2),   N = sum_z exp(-z^2 / (2 sigma^2)).
 * </pre>
 * By Poisson summation {@code N = sqrt(2 pi) sigma (1 + 2 sum_k exp(-2 pi^2 sigma^2 k^2)) >= sqrt(2 pi) sigma} and
 * {@code sum_z exp(-(z + a)^2 / sigma^2) <= sqrt(pi) sigma (1 + eps)}, {@code eps = 2 sum_{k >= 1}
 * exp(-pi^2 sigma^2 k^2)}, so {@code P(D = d) <= (1 + eps) p(d)} with {@code p} the density of {@code N(0, 2 sigma^2)}.
 * As {@code p} decreases on {@code [0, inf)}, {@code p(d) <= int_{d-1}^{d} p}, hence for every integer {@code g >= 1}
 * <pre>
 *   P(D &gt;= g) &lt;= (1 + eps) P(N(0, 2 sigma^2) &gt;= g - 1) = (1 + eps) erfc((g - 1) / (2 sigma)) / 2.
 * </pre>
 * For {@code g = 0}: {@code P(D >= 0) = 1/2 + P(D = 0)/2 <= 1/2 + (1 + eps) p(0) / 2}, and the right side above is
 * {@code (1 + eps)(1/2 + P(0 <= N <= 1)) >= 1/2 + (1 + eps) p(1)}, which is larger when {@code p(1) >= p(0)/2}, i.e.
 * {@code sigma >= 1 / (2 sqrt(ln 2)) ~ 0.61}. So for {@code sigma >= 1} the bound holds at every gap {@code g >= 0}.
 * This is Papernot et al.'s {@code erfc} form for continuous noise with the gap reduced by one vote and a factor
 * {@code 1 + eps} ({@code eps < 1.1e-4} at sigma 1, below {@code 1e-300} at sigma 10); we multiply by a further
 * {@code 1 + 1e-9} to cover the rounding of {@link #logErfc} (relative error below {@code 1e-13}).
 */
final class GaussianTail {
    private static final double LN_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    /** Relative slack for the floating-point evaluation of erfc. */
    static final double ROUNDING_SLACK = 1e-9;

    private GaussianTail() {
    }

    /** {@code ln erfc(x)} for every finite x, relative error of {@code erfc} below about {@code 1e-13}. */
    static double logErfc(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("x must be finite. Provided value: " + x);
        }
        if (x < 0) {
            return Math.log(2 - Math.exp(logErfc(-x)));
        }
        if (x < 1) {
            // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n (2 x^2)^n x / (2n + 1)!!: positive terms, no cancellation
            double term = x;
            double sum = x;
            double twoX2 = 2 * x * x;
            for (int n = 1; n < 500; n++) {
                term *= twoX2 / (2 * n + 1);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            double erf = TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
            return Math.log1p(-erf);
        }
        // erfc(x) = e^{-x^2} / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))), modified Lentz
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 10_000; k++) {
            double a = 0.5 * k;
            d = x + a * d;
            d = 1 / d;
            c = x + a / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return -x * x - LN_SQRT_PI - Math.log(f);
    }

    /** {@code erfc(x)}. */
    static double erfc(double x) {
        return Math.exp(logErfc(x));
    }

    /** {@code ln(1 + eps(sigma))}, {@code eps = 2 sum_{k >= 1} exp(-pi^2 sigma^2 k^2)} (an upper bound on the sum). */
    static double logOnePlusEps(double sigma) {
        double e = Math.exp(-Math.PI * Math.PI * sigma * sigma);
        return Math.log1p(2 * e / (1 - e));
    }

    /**
     * {@code ln f(g)}, {@code f(g) = (1 + eps)(1 + 1e-9) erfc((g - 1) / (2 sigma)) / 2}: for an integer gap
     * {@code g >= 0} and {@code sigma >= 1} an upper bound on {@code P(Z_1 - Z_2 >= g)} (class comment). Defined and
     * strictly decreasing for every real g (the smooth-sensitivity analysis evaluates it at shifted gaps).
     */
    static double logTail(double gap, double sigma, double logScale) {
        return logScale + logErfc((gap - 1) / (2 * sigma)) - Math.log(2);
    }

    /**
     * {@code ln} of an upper bound on {@code P(Z >= a)} for one {@code Z ~ N_Z(0, sigma^2)}, {@code sigma >= 1} and an
     * integer {@code a}: {@code min(1, (1 + 1e-9) erfc((a - 1) / (sigma sqrt 2)) / 2)} for {@code a >= 1}, and 1
     * (returns 0) for {@code a <= 0}. Proof for {@code a >= 1}: {@code P(Z = z) = e^{-z^2 / (2 sigma^2)} / N} with
     * {@code N >= sqrt(2 pi) sigma} (Poisson summation, as above), so {@code P(Z = z) <= p(z)}, the density of
     * {@code N(0, sigma^2)}; {@code p} decreases on {@code [0, inf)}, so {@code p(z) <= int_{z-1}^{z} p} for
     * {@code z >= 1}, and {@code P(Z >= a) <= P(N(0, sigma^2) >= a - 1)}. The factor {@code 1 + 1e-9} covers the
     * rounding of {@link #logErfc}. (Confident-GNMax's threshold check: one of {@code T - n} and {@code n + 1 - T} is
     * at least 1, so the less likely outcome is always bounded by the first case.)
     */
    static double logTailSingle(long a, double sigma) {
        if (a <= 0) {
            return 0.0;
        }
        double x = (a - 1) / (sigma * Math.sqrt(2));
        return Math.min(0.0, Math.log1p(ROUNDING_SLACK) + logErfc(x) - Math.log(2));
    }

    /** {@code ln((1 + eps(sigma))(1 + 1e-9))}: the constant factor of {@link #logTail}. */
    static double logScale(double sigma) {
        return logOnePlusEps(sigma) + Math.log1p(ROUNDING_SLACK);
    }
}

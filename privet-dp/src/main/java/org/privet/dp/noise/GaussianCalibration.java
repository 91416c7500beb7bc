package org.privet.dp.noise;

/**
 * Noise calibration for the Gaussian mechanism {@code f(x) + N(0, sigma^2)} with L2 sensitivity
 * {@code l2} (pure functions, thread-safe).
 *
 * <ul>
 *   <li>{@link #classicSigma}: {@code sigma = sqrt(2 ln(1.25/delta)) l2 / epsilon}, Dwork and Roth
 *       (2014) Theorem A.1, valid only for {@code epsilon < 1}.</li>
 *   <li>{@link #analyticSigma}: the smallest sigma that is (epsilon, delta)-DP, Balle and Wang,
 *       "Improving the Gaussian Mechanism for Differential Privacy" (ICML 2018), Algorithm 1:
 *       binary search on their Phi-based conditions {@code B+} / {@code B-}. The returned sigma is
 *       rounded up until the exact privacy profile {@link #delta} at it is {@code <= delta}.</li>
 *   <li>{@link #zcdpSigma}: the smallest sigma whose zCDP guarantee {@code rho = l2^2/(2 sigma^2)}
 *       converts (Canonne, Kamath, Steinke 2020, Proposition 12 / Corollary 13) to at most epsilon;
 *       valid for the discrete Gaussian too (CKS 2020 Theorem 4).</li>
 * </ul>
 */
public final class GaussianCalibration {

    /** How to calibrate sigma to (epsilon, delta). */
    public enum Method {
        /** Dwork-Roth Theorem A.1 (epsilon < 1 only). */
        CLASSIC,
        /** Balle-Wang 2018 analytic Gaussian (tight). */
        ANALYTIC,
        /** Via zCDP and the CKS 2020 conversion (looser, but also valid for the discrete Gaussian). */
        ZCDP
    }

    private GaussianCalibration() {
    }

    /** Sigma for the chosen method. */
    public static double sigma(Method method, double epsilon, double delta, double l2) {
        return switch (method) {
            case CLASSIC -> classicSigma(epsilon, delta, l2);
            case ANALYTIC -> analyticSigma(epsilon, delta, l2);
            case ZCDP -> zcdpSigma(epsilon, delta, l2);
        };
    }

    /**
     * Classic calibration {@code sqrt(2 ln(1.25/delta)) l2 / epsilon}.
     *
     * @throws IllegalArgumentException unless {@code 0 < epsilon < 1}, {@code 0 < delta < 1}, l2 > 0
     */
    public static double classicSigma(double epsilon, double delta, double l2) {
        check(epsilon, delta, l2);
        if (!(epsilon < 1)) {
            throw new IllegalArgumentException(
                    "classic Gaussian calibration needs epsilon < 1 (Dwork-Roth Theorem A.1); use ANALYTIC. Provided value: "
                            + epsilon);
        }
        return Math.sqrt(2 * Math.log(1.25 / delta)) * l2 / epsilon;
    }

    /**
     * The exact privacy profile of the Gaussian mechanism (Balle-Wang 2018, Theorem 8):
     * {@code delta(eps) = Phi(l2/(2 sigma) - eps sigma/l2) - e^eps Phi(-l2/(2 sigma) - eps sigma/l2)}.
     */
    public static double delta(double sigma, double epsilon, double l2) {
        if (!(sigma > 0) || !(l2 > 0) || !(epsilon >= 0)) {
            throw new IllegalArgumentException("Gaussian delta needs sigma > 0, l2 > 0, epsilon >= 0. Provided values: sigma="
                    + sigma + ", l2=" + l2 + ", epsilon=" + epsilon);
        }
        double a = l2 / (2 * sigma);
        double b = epsilon * sigma / l2;
        double first = NormalDistribution.cdf(a - b);
        double second = Math.exp(epsilon + NormalDistribution.logCdf(-a - b));
        return Math.max(0.0, first - second);
    }

    /** The smallest epsilon with {@code delta(sigma, epsilon) <= delta} (bisection; rounded up). */
    public static double epsilon(double sigma, double delta, double l2) {
        PrivacyBudget.checkPositiveDelta(delta);
        double lo = 0;
        double hi = 1;
        while (delta(sigma, hi, l2) > delta) {
            hi *= 2;
            if (hi > 1e12) {
                throw new IllegalArgumentException("Gaussian epsilon: no epsilon below 1e12 reaches delta=" + delta);
            }
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (delta(sigma, mid, l2) > delta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * Analytic Gaussian calibration (Balle-Wang 2018, Algorithm 1).
     *
     * @throws IllegalArgumentException unless {@code epsilon > 0} finite, {@code 0 < delta < 1}, {@code l2 > 0}
     */
    public static double analyticSigma(double epsilon, double delta, double l2) {
        check(epsilon, delta, l2);
        double delta0 = NormalDistribution.cdf(0) - Math.exp(epsilon + NormalDistribution.logCdf(-Math.sqrt(2 * epsilon)));
        double alpha;
        if (delta >= delta0) {
            // v* = sup{v >= 0 : B+(v) <= delta}, B+ increasing; keep the lower end (conservative)
            double lo = 0;
            double hi = 1;
            while (bPlus(hi, epsilon) <= delta) {
                lo = hi;
                hi *= 2;
            }
            for (int i = 0; i < 200 && hi - lo > 1e-16 * hi; i++) {
                double mid = 0.5 * (lo + hi);
                if (bPlus(mid, epsilon) <= delta) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double v = lo;
            alpha = 1.0 / (Math.sqrt(1 + v / 2) + Math.sqrt(v / 2)); // = sqrt(1+v/2) - sqrt(v/2)
        } else {
            // u* = inf{u >= 0 : B-(u) <= delta}, B- decreasing; keep the upper end (conservative)
            double lo = 0;
            double hi = 1;
            while (bMinus(hi, epsilon) > delta) {
                lo = hi;
                hi *= 2;
            }
            for (int i = 0; i < 200 && hi - lo > 1e-16 * hi; i++) {
                double mid = 0.5 * (lo + hi);
                if (bMinus(mid, epsilon) > delta) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double u = hi;
            alpha = Math.sqrt(1 + u / 2) + Math.sqrt(u / 2);
        }
        double sigma = alpha * l2 / Math.sqrt(2 * epsilon);
        // guard against rounding in Phi: the profile at the returned sigma must meet delta
        for (int i = 0; i < 64 && delta(sigma, epsilon, l2) > delta; i++) {
            sigma = Math.nextUp(sigma * (1 + 1e-12));
        }
        return sigma;
    }

    /**
     * The smallest sigma (to a relative 1e-12, rounded up) such that the Gaussian's zCDP
     * {@code rho = l2^2 / (2 sigma^2)} converts to at most epsilon at delta.
     */
    public static double zcdpSigma(double epsilon, double delta, double l2) {
        check(epsilon, delta, l2);
        double lo = 0;
        double hi = l2;
        while (zcdpEpsilon(l2 * l2 / (2 * hi * hi), delta) > epsilon) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (zcdpEpsilon(l2 * l2 / (2 * mid * mid), delta) > epsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * Converts rho-zCDP to (epsilon, delta)-DP with the improved bound of Canonne, Kamath and
     * Steinke 2020 (Corollary 13): {@code eps = min over alpha > 1 of alpha rho + (ln(1/delta) +
     * (alpha - 1) ln(1 - 1/alpha) - ln(alpha)) / (alpha - 1)}. Any alpha gives a valid bound; the
     * minimum is found by a log-spaced scan refined by golden-section search.
     *
     * @param rho {@code >= 0}
     * @param delta in {@code (0, 1)}
     */
    public static double zcdpEpsilon(double rho, double delta) {
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be >= 0 and finite. Provided value: " + rho);
        }
        PrivacyBudget.checkPositiveDelta(delta);
        if (rho == 0) {
            return 0;
        }
        double logInvDelta = -Math.log(delta);
        double bestA = 2;
        double best = Double.POSITIVE_INFINITY;
        for (double la = -20; la <= 20; la += 0.05) {
            double a = 1 + Math.exp(la);
            double v = zcdpBound(a, rho, logInvDelta);
            if (v < best) {
                best = v;
                bestA = a;
            }
        }
        double lo = 1 + (bestA - 1) * Math.exp(-0.05);
        double hi = 1 + (bestA - 1) * Math.exp(0.05);
        final double g = 0.6180339887498949;
        double x1 = hi - g * (hi - lo);
        double x2 = lo + g * (hi - lo);
        double f1 = zcdpBound(x1, rho, logInvDelta);
        double f2 = zcdpBound(x2, rho, logInvDelta);
        for (int i = 0; i < 100; i++) {
            if (f1 < f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = zcdpBound(x1, rho, logInvDelta);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = zcdpBound(x2, rho, logInvDelta);
            }
        }
        return Math.max(0.0, Math.min(best, Math.min(f1, f2)));
    }

    static double zcdpBound(double a, double rho, double logInvDelta) {
        return a * rho + (logInvDelta - Math.log(a)) / (a - 1) + Math.log1p(-1 / a);
    }

    private static double bPlus(double v, double eps) {
        return NormalDistribution.cdf(Math.sqrt(eps * v))
                - Math.exp(eps + NormalDistribution.logCdf(-Math.sqrt(eps * (v + 2))));
    }

    private static double bMinus(double u, double eps) {
        return NormalDistribution.cdf(-Math.sqrt(eps * u))
                - Math.exp(eps + NormalDistribution.logCdf(-Math.sqrt(eps * (u + 2))));
    }

    private static void check(double epsilon, double delta, double l2) {
        PrivacyBudget.checkEpsilon(epsilon);
        PrivacyBudget.checkPositiveDelta(delta);
        if (!(l2 > 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 sensitivity must be > 0 and finite. Provided value: " + l2);
        }
    }
}

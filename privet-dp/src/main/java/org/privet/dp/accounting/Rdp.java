package org.privet.dp.accounting;

import org.privet.dp.noise.NormalDistribution;
import org.privet.dp.noise.PrivacyBudget;

/**
 * Renyi DP of the Poisson-subsampled Gaussian mechanism, as pure functions (Mironov, Talwar and
 * Zhang, "Renyi Differential Privacy of the Sampled Gaussian Mechanism", 2019): the integer-order
 * closed form (their Section 3.3) and the fractional-order series (Section 3.4), computed in log
 * space the way TF Privacy and Opacus ({@code compute_rdp}) do; and the RDP to (epsilon, delta)
 * conversion of Balle, Barthe, Gaboardi, Hsu and Sato (2020, Theorem 21), as Opacus's
 * {@code get_privacy_spent}.
 *
 * <p>Noise multiplier {@code sigma} is the noise standard deviation divided by the L2 clipping norm;
 * {@code q} the Poisson sampling rate; the guarantee is under add/remove of one record. Thread-safe.
 */
public final class Rdp {

    /** Opacus's default orders: {@code 1.1, 1.2, ..., 10.9} and {@code 12, ..., 63}. */
    private static final double[] DEFAULT_ORDERS = defaultOrders();

    private Rdp() {
    }

    /** A copy of the default orders. */
    public static double[] defaultOrders() {
        if (DEFAULT_ORDERS != null) {
            return DEFAULT_ORDERS.clone();
        }
        double[] o = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            o[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            o[99 + a - 12] = a;
        }
        return o;
    }

    /** The best conversion found: epsilon and the order that gave it. */
    public record Epsilon(double epsilon, double order) {
    }

    /**
     * RDP of {@code steps} compositions of the subsampled Gaussian at each order.
     *
     * @param q sampling rate in {@code [0, 1]}
     * @param noiseMultiplier {@code >= 0} (0 gives infinity)
     * @param steps {@code >= 0}
     * @param orders each {@code > 1}
     */
    public static double[] subsampledGaussian(double q, double noiseMultiplier, long steps, double[] orders) {
        checkQ(q);
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be >= 0 and finite. Provided value: " + noiseMultiplier);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0. Provided value: " + steps);
        }
        double[] out = new double[orders.length];
        for (int k = 0; k < orders.length; k++) {
            checkOrder(orders[k]);
            out[k] = steps == 0 ? 0 : singleStep(q, noiseMultiplier, orders[k]) * steps;
        }
        return out;
    }

    /** RDP of one step at order {@code alpha}. */
    public static double singleStep(double q, double sigma, double alpha) {
        checkQ(q);
        checkOrder(alpha);
        if (q == 0) {
            return 0;
        }
        if (sigma == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        if (Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        if (alpha == Math.rint(alpha) && alpha < 1e6) {
            return logAInt(q, sigma, (int) alpha) / (alpha - 1);
        }
        return logAFrac(q, sigma, alpha) / (alpha - 1);
    }

    /** log A_alpha for integer alpha: log sum_i C(alpha, i) q^i (1-q)^(alpha-i) exp((i^2 - i)/(2 sigma^2)). */
    static double logAInt(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoS2 = 2 * sigma * sigma;
        double logA = Double.NEGATIVE_INFINITY;
        double logBinom = 0;
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) {
                logBinom += Math.log(alpha - i + 1) - Math.log(i);
            }
            double s = logBinom + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoS2;
            logA = logAdd(logA, s);
        }
        return logA;
    }

    /** log A_alpha for fractional alpha by the two-sided series (Mironov-Talwar-Zhang 2019, Section 3.4). */
    static double logAFrac(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        double twoS2 = 2 * sigma * sigma;
        double logAbsCoef = 0;
        boolean positive = true;
        for (int i = 0; i < 100_000; i++) {
            if (i > 0) {
                double factor = (alpha - (i - 1)) / i;
                if (factor < 0) {
                    positive = !positive;
                }
                logAbsCoef += Math.log(Math.abs(factor));
            }
            double j = alpha - i;
            double logT0 = logAbsCoef + i * logQ + j * log1mQ;
            double logT1 = logAbsCoef + j * logQ + i * log1mQ;
            double logE0 = Math.log(0.5) + NormalDistribution.logErfc((i - z0) / sqrt2Sigma);
            double logE1 = Math.log(0.5) + NormalDistribution.logErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + ((double) i * i - i) / twoS2 + logE0;
            double logS1 = logT1 + (j * j - j) / twoS2 + logE1;
            if (positive) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                return logAdd(logA0, logA1);
            }
        }
        throw new AssertionError("internal invariant: fractional-order RDP series did not converge (q=" + q + ", sigma="
                + sigma + ", alpha=" + alpha + ")");
    }

    /**
     * Converts RDP to (epsilon, delta) as Opacus {@code get_privacy_spent} (Balle et al. 2020,
     * Theorem 21): {@code eps = rdp - (ln delta + ln alpha)/(alpha - 1) + ln((alpha - 1)/alpha)},
     * minimised over the orders (NaN entries ignored; infinity if none is finite).
     */
    public static Epsilon epsilon(double[] orders, double[] rdp, double delta) {
        if (orders.length != rdp.length || orders.length == 0) {
            throw new IllegalArgumentException("orders and rdp must be non-empty and of equal length: " + orders.length
                    + " != " + rdp.length);
        }
        PrivacyBudget.checkPositiveDelta(delta);
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        double logDelta = Math.log(delta);
        for (int k = 0; k < orders.length; k++) {
            double a = orders[k];
            checkOrder(a);
            double eps = rdp[k] - (logDelta + Math.log(a)) / (a - 1) + Math.log((a - 1) / a);
            if (!Double.isNaN(eps) && eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new Epsilon(Math.max(0.0, best), bestOrder);
    }

    /** Epsilon of {@code steps} subsampled-Gaussian steps at the default orders. */
    public static Epsilon epsilon(double q, double noiseMultiplier, long steps, double delta) {
        double[] orders = defaultOrders();
        return epsilon(orders, subsampledGaussian(q, noiseMultiplier, steps, orders), delta);
    }

    static double logAdd(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        if (lo == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    static double logSub(double a, double b) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a < b) {
            throw new AssertionError("internal invariant: log-space subtraction must be non-negative: " + a + " < " + b);
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        return a + Math.log1p(-Math.exp(b - a));
    }

    private static void checkQ(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate q must be in [0, 1]. Provided value: " + q);
        }
    }

    private static void checkOrder(double a) {
        if (!(a > 1)) {
            throw new IllegalArgumentException("RDP order must be > 1. Provided value: " + a);
        }
    }
}

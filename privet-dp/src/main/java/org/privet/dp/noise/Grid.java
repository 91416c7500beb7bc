package org.privet.dp.noise;

import java.math.BigInteger;

/** Power-of-two grids and rational scale helpers shared by the mechanisms. */
final class Grid {

    /** Up to +-2^50 granules, (value + noise) * granularity is computed exactly in one step. */
    static final long MAX_GRANULES = 1L << 50;

    private Grid() {
    }

    /** The smallest power of two {@code >= x}, for a positive finite x; at least the smallest normal double. */
    static double ceilPowerOfTwo(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new AssertionError("internal invariant: positive finite expected: " + x);
        }
        if (x <= Double.MIN_NORMAL) {
            return Double.MIN_NORMAL;
        }
        int e = Math.getExponent(x);
        double p = Math.scalb(1.0, e);
        return p == x ? p : Math.scalb(1.0, e + 1);
    }

    /**
     * The release of grid point {@code rint(x / g)} plus {@code z} granules of noise. Within
     * {@code +-2^50} granules the sum is formed exactly in integers; beyond, the grid point and the
     * noise are two exact doubles added once, and that single rounding is post-processing of the
     * exact grid release (never a clamp of the input, which would bias large values). When
     * {@code x / g} overflows, {@code |x| >= 2^53 g}, so {@code x} is itself a multiple of {@code g}.
     */
    static double release(double x, double g, long z) {
        double k = Math.rint(x / g);
        if (!Double.isFinite(k)) {
            return x + (double) z * g;
        }
        if (Math.abs(k) <= MAX_GRANULES) {
            return (double) ((long) k + z) * g;
        }
        return k * g + (double) z * g;
    }

    /**
     * A scale as {t, s} with t/s >= scale: the exact reduced fraction when both fit in 52 bits,
     * otherwise ceil(scale * 2^bits) / 2^bits for the largest bits that keeps t below 2^52 (so that
     * the sampler's t * v stays far from overflow).
     */
    static long[] scaleFraction(Rational scale, String what) {
        BigInteger g = scale.num().gcd(scale.den());
        BigInteger n = scale.num().divide(g);
        BigInteger d = scale.den().divide(g);
        if (n.bitLength() <= 52 && d.bitLength() <= 52) {
            return new long[] {n.longValue(), d.longValue()};
        }
        for (int bits = 30; bits >= 0; bits--) {
            BigInteger t = scale.ceilTimesPowerOfTwo(bits);
            if (t.bitLength() <= 52) {
                return new long[] {Math.max(1, t.longValue()), 1L << bits};
            }
        }
        throw new IllegalArgumentException(what + " is too large for exact sampling (must be < 2^52). Provided value: "
                + scale.doubleValue());
    }

    static void checkFinite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite. Provided value: " + value);
        }
    }

    static long checkIntegral(double value) {
        if (!Double.isFinite(value) || value != Math.rint(value) || Math.abs(value) > 0x1p62) {
            throw new IllegalArgumentException(
                    "an integer mechanism needs an integral value with |value| <= 2^62. Provided value: " + value);
        }
        return (long) value;
    }

    /**
     * The smallest k >= 0 with P(|X| > k) <= 1 - level for two-sided geometric X with P(x) ~ p^|x|,
     * {@code p = exp(-invScale)} (computed from {@code invScale} directly: p is within 2^-40 of 1 on the
     * fine grids, where {@code log(p)} would lose most of its digits).
     */
    static long discreteLaplaceRadius(double invScale, double level) {
        double alpha = 1 - level;
        double p = Math.exp(-invScale);
        // P(|X| >= k) = 2 p^k / (1 + p) for k >= 1; smallest k with that <= alpha
        double k = Math.ceil(-Math.log(alpha * (1 + p) / 2) / invScale);
        return Math.max(0, (long) k - 1);
    }

    /** Variance {@code 2p / (1-p)^2} of the two-sided geometric with {@code p = exp(-invScale)}, without cancellation. */
    static double discreteLaplaceVariance(double invScale) {
        double oneMinusP = -Math.expm1(-invScale);
        return 2 * Math.exp(-invScale) / (oneMinusP * oneMinusP);
    }
}

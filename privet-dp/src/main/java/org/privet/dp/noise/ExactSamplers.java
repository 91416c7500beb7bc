package org.privet.dp.noise;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020), Algorithms 1-3. Every decision is made with integer arithmetic on uniformly random
 * integers, so the output distribution is exactly the stated one (given a perfect source of random
 * bits): no floating-point value is ever rounded on the way.
 *
 * <p>Rational parameters are given as numerator and denominator. {@code long} overloads are the fast
 * path; they fall back to {@link BigInteger} arithmetic automatically when an intermediate would
 * overflow. Stateless and thread-safe; the {@link SecureRandom} passed in is the only state (callers
 * sharing one across threads rely on its own thread safety).
 */
public final class ExactSamplers {

    private static final long FAST_LIMIT = 1L << 62;

    private ExactSamplers() {
    }

    /**
     * A uniform integer in {@code [0, bound)} by rejection on masked 64-bit words (no modulo bias).
     *
     * @param bound {@code >= 1}
     */
    public static long uniform(long bound, SecureRandom rnd) {
        if (bound < 1) {
            throw new IllegalArgumentException("uniform: bound must be >= 1. Provided value: " + bound);
        }
        if (bound == 1) {
            return 0;
        }
        int shift = Long.numberOfLeadingZeros(bound - 1);
        while (true) {
            long r = rnd.nextLong() >>> shift;
            if (r < bound) {
                return r;
            }
        }
    }

    /** A uniform integer in {@code [0, bound)}, {@code bound >= 1}, by rejection. */
    public static BigInteger uniform(BigInteger bound, SecureRandom rnd) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("uniform: bound must be >= 1. Provided value: " + bound);
        }
        if (bound.bitLength() < 63) {
            return BigInteger.valueOf(uniform(bound.longValue(), rnd));
        }
        int bits = bound.subtract(BigInteger.ONE).bitLength();
        while (true) {
            BigInteger r = new BigInteger(bits, rnd);
            if (r.compareTo(bound) < 0) {
                return r;
            }
        }
    }

    /** Bernoulli({@code num/den}) exactly: {@code 0 <= num <= den}, {@code den >= 1}. */
    public static boolean bernoulli(long num, long den, SecureRandom rnd) {
        if (num < 0 || den < 1 || num > den) {
            throw new IllegalArgumentException("bernoulli: need 0 <= num <= den, den >= 1. Provided: " + num + "/" + den);
        }
        return uniform(den, rnd) < num;
    }

    /** Bernoulli({@code num/den}) exactly with arbitrary-precision parameters. */
    public static boolean bernoulli(BigInteger num, BigInteger den, SecureRandom rnd) {
        if (num.signum() < 0 || den.signum() <= 0 || num.compareTo(den) > 0) {
            throw new IllegalArgumentException("bernoulli: need 0 <= num <= den, den >= 1. Provided: " + num + "/" + den);
        }
        return uniform(den, rnd).compareTo(num) < 0;
    }

    /**
     * Bernoulli({@code exp(-num/den)}) exactly (CKS 2020, Algorithm 1).
     *
     * @param num {@code >= 0}
     * @param den {@code >= 1}
     */
    public static boolean bernoulliExpMinus(long num, long den, SecureRandom rnd) {
        if (num < 0 || den < 1) {
            throw new IllegalArgumentException("bernoulliExpMinus: need num >= 0, den >= 1. Provided: " + num + "/" + den);
        }
        if (num > den) {
            long whole = num / den;
            for (long k = 0; k < whole; k++) {
                if (!bernoulliExpMinusAtMostOne(1, 1, rnd)) {
                    return false;
                }
            }
            return bernoulliExpMinusAtMostOne(num % den, den, rnd);
        }
        return bernoulliExpMinusAtMostOne(num, den, rnd);
    }

    /** Bernoulli({@code exp(-num/den)}) exactly with arbitrary-precision parameters. */
    public static boolean bernoulliExpMinus(BigInteger num, BigInteger den, SecureRandom rnd) {
        if (num.signum() < 0 || den.signum() <= 0) {
            throw new IllegalArgumentException("bernoulliExpMinus: need num >= 0, den >= 1. Provided: " + num + "/" + den);
        }
        if (num.bitLength() < 62 && den.bitLength() < 62) {
            return bernoulliExpMinus(num.longValue(), den.longValue(), rnd);
        }
        if (num.compareTo(den) > 0) {
            BigInteger[] qr = num.divideAndRemainder(den);
            for (BigInteger k = BigInteger.ZERO; k.compareTo(qr[0]) < 0; k = k.add(BigInteger.ONE)) {
                if (!bernoulliExpMinusAtMostOne(1, 1, rnd)) {
                    return false;
                }
            }
            num = qr[1];
        }
        // gamma = num/den in [0, 1]
        long k = 1;
        while (bernoulli(num, den.multiply(BigInteger.valueOf(k)), rnd)) {
            k++;
        }
        return (k & 1) == 1;
    }

    /** Algorithm 1 for gamma = num/den in [0, 1]: K = first index with Bernoulli(gamma/K) = 0; return K odd. */
    private static boolean bernoulliExpMinusAtMostOne(long num, long den, SecureRandom rnd) {
        long k = 1;
        while (true) {
            long d;
            if (den < FAST_LIMIT / k) {
                d = den * k;
            } else {
                return bernoulliExpMinusSlowTail(num, den, k, rnd);
            }
            if (uniform(d, rnd) >= num) {
                return (k & 1) == 1;
            }
            k++;
        }
    }

    private static boolean bernoulliExpMinusSlowTail(long num, long den, long k, SecureRandom rnd) {
        BigInteger n = BigInteger.valueOf(num);
        BigInteger d = BigInteger.valueOf(den);
        while (bernoulli(n, d.multiply(BigInteger.valueOf(k)), rnd)) {
            k++;
        }
        return (k & 1) == 1;
    }

    /**
     * Discrete Laplace with scale {@code t/s} (CKS 2020, Algorithm 2): returns {@code x} with
     * probability proportional to {@code exp(-|x| s / t)}.
     *
     * @param t scale numerator, {@code >= 1}
     * @param s scale denominator, {@code >= 1}
     */
    public static long discreteLaplace(long t, long s, SecureRandom rnd) {
        if (t < 1 || s < 1) {
            throw new IllegalArgumentException("discreteLaplace: scale t/s needs t >= 1 and s >= 1. Provided: " + t + "/" + s);
        }
        while (true) {
            long u = uniform(t, rnd);
            if (!bernoulliExpMinus(u, t, rnd)) {
                continue;
            }
            long v = 0;
            while (bernoulliExpMinusAtMostOne(1, 1, rnd)) {
                v++;
            }
            long y;
            if (v < (Long.MAX_VALUE - u) / t) {
                y = (u + t * v) / s;
            } else {
                // astronomically unlikely (v is geometric with mean < 1); stay exact anyway
                BigInteger yb = BigInteger.valueOf(t).multiply(BigInteger.valueOf(v)).add(BigInteger.valueOf(u))
                        .divide(BigInteger.valueOf(s));
                if (yb.bitLength() > 62) {
                    continue; // outside the representable range: rejection keeps the output law conditional on |y| < 2^62
                }
                y = yb.longValue();
            }
            boolean negative = rnd.nextBoolean();
            if (negative && y == 0) {
                continue;
            }
            return negative ? -y : y;
        }
    }

    /**
     * Discrete Gaussian {@code N_Z(0, sigma^2)} with {@code sigma^2 = num/den} (CKS 2020, Algorithm 3):
     * returns {@code x} with probability proportional to {@code exp(-x^2 / (2 sigma^2))}.
     *
     * @param sigma2Num numerator of sigma squared, {@code >= 1}
     * @param sigma2Den denominator of sigma squared, {@code >= 1}; sigma must be below {@code 2^61}
     */
    public static long discreteGaussian(BigInteger sigma2Num, BigInteger sigma2Den, SecureRandom rnd) {
        if (sigma2Num.signum() <= 0 || sigma2Den.signum() <= 0) {
            throw new IllegalArgumentException("discreteGaussian: sigma^2 must be > 0. Provided: " + sigma2Num + "/" + sigma2Den);
        }
        BigInteger tBig = sigma2Num.divide(sigma2Den).sqrt().add(BigInteger.ONE); // floor(sigma) + 1
        if (tBig.bitLength() > 61) {
            throw new IllegalArgumentException("discreteGaussian: sigma must be < 2^61. Provided sigma^2: "
                    + sigma2Num + "/" + sigma2Den);
        }
        long t = tBig.longValue();
        // gamma = (|Y| b t - a)^2 / (2 a b t^2) with sigma^2 = a/b
        BigInteger bt = sigma2Den.multiply(tBig);
        BigInteger gammaDen = sigma2Num.multiply(bt).multiply(tBig).shiftLeft(1);
        boolean longDen = gammaDen.bitLength() < 62 && bt.bitLength() < 31 && sigma2Num.bitLength() < 62;
        long btL = bt.longValue();
        long aL = sigma2Num.longValue();
        long gammaDenL = gammaDen.longValue();
        while (true) {
            long y = discreteLaplace(t, 1, rnd);
            long absY = Math.abs(y);
            boolean accept;
            if (longDen && absY < (1L << 30)) {
                // each round's acceptance test in long arithmetic when (|Y| b t - a)^2 fits, else exactly in BigInteger
                long diff = absY * btL - aL;
                accept = Math.abs(diff) < (1L << 31)
                        ? bernoulliExpMinus(diff * diff, gammaDenL, rnd)
                        : bigAccept(absY, bt, sigma2Num, gammaDen, rnd);
            } else {
                accept = bigAccept(absY, bt, sigma2Num, gammaDen, rnd);
            }
            if (accept) {
                return y;
            }
        }
    }

    private static boolean bigAccept(long absY, BigInteger bt, BigInteger a, BigInteger gammaDen, SecureRandom rnd) {
        BigInteger diff = BigInteger.valueOf(absY).multiply(bt).subtract(a);
        return bernoulliExpMinus(diff.multiply(diff), gammaDen, rnd);
    }

    /** {@link #discreteGaussian(BigInteger, BigInteger, SecureRandom)} with {@code long} parameters. */
    public static long discreteGaussian(long sigma2Num, long sigma2Den, SecureRandom rnd) {
        return discreteGaussian(BigInteger.valueOf(sigma2Num), BigInteger.valueOf(sigma2Den), rnd);
    }
}

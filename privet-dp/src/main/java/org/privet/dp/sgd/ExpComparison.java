package org.privet.dp.sgd;

import java.math.BigInteger;
import java.util.function.LongSupplier;

/**
 * Exact comparisons of a uniform random fraction with {@code exp(-gamma)} for a dyadic rational
 * {@code gamma = num / 2^shift >= 0}: the arbitrary-precision last resort of the fast discrete Gaussian
 * sampler ({@link DiscreteGaussianNoise}), and the tool the tests use to certify its threshold tables.
 *
 * <p>Bounds come from the Taylor polynomial {@code S_N = sum_{n <= N} (-gamma)^n / n!} evaluated in exact
 * rational arithmetic ({@link BigInteger}) with the Lagrange remainder {@code |exp(-gamma) - S_N| <=
 * gamma^(N+1) / (N+1)!} (every derivative of {@code exp(-y)} is at most 1 in absolute value for
 * {@code y >= 0}): no floating point, no rounding. Stateless and thread-safe.
 */
final class ExpComparison {
    private ExpComparison() {
    }

    /**
     * An interval {@code [lo, hi] / den} that holds {@code exp(-num / 2^shift)}, of width at most
     * {@code 2^-(bits)}: {@code lo = S D - R D}, {@code hi = S D + R D}, {@code den = D}.
     */
    record Interval(BigInteger lo, BigInteger hi, BigInteger den) {
    }

    /**
     * @param num   numerator of gamma, {@code >= 0}
     * @param shift gamma's denominator is {@code 2^shift}, {@code 0 <= shift <= 1000}
     * @param bits  requested width {@code 2^-bits}, {@code 1 <= bits <= 100000}
     */
    static Interval interval(BigInteger num, int shift, int bits) {
        if (num.signum() < 0 || shift < 0 || shift > 1000 || bits < 1 || bits > 100_000) {
            throw new IllegalArgumentException("exp interval: need num >= 0, 0 <= shift <= 1000, 1 <= bits <= 100000."
                    + " Provided: num=" + num + ", shift=" + shift + ", bits=" + bits);
        }
        // D = 2^(shift (N+1)) (N+1)!; S D = sum_{k<=N} (-1)^k num^k 2^(shift (N+1-k)) (N+1)!/k!; R D = num^(N+1).
        // N: a floating-point guess (gamma^(N+1)/(N+1)! <= 2^-(bits+2)), then checked exactly (2 R <= 2^-bits)
        double gamma = num.doubleValue() * Math.scalb(1.0, -shift);
        int n = 1;
        double r = gamma * gamma / 2;
        double target = Math.scalb(1.0, -(bits + 2));
        while (r > target && n < 100_000) {
            n++;
            r *= gamma / (n + 1);
        }
        while (true) {
            BigInteger den = factorial(n + 1).shiftLeft(shift * (n + 1));
            BigInteger remainder = num.pow(n + 1);
            if (remainder.shiftLeft(bits + 1).compareTo(den) > 0) {
                n++;
                continue;
            }
            // term_0 = 2^(shift (N+1)) (N+1)!; term_(k+1) = term_k num / ((k+1) 2^shift), exact
            BigInteger term = den;
            BigInteger sum = term;
            for (int k = 0; k < n; k++) {
                term = term.multiply(num).divide(BigInteger.valueOf(k + 1)).shiftRight(shift);
                sum = (k & 1) == 0 ? sum.subtract(term) : sum.add(term);
            }
            return new Interval(sum.subtract(remainder), sum.add(remainder), den);
        }
    }

    private static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            f = f.multiply(BigInteger.valueOf(i));
        }
        return f;
    }

    /**
     * Whether {@code U < exp(-num / 2^shift)} for a uniform fraction {@code U} in [0, 1) whose first
     * {@code prefixBits} bits are {@code prefix} and whose further bits are drawn from {@code more} (64 at a
     * time, most significant first) only as long as the decision needs them. Terminates with probability 1
     * (exp(-gamma) is irrational for gamma &gt; 0 and equals 1 for gamma = 0). Exact.
     *
     * @param prefix     the known leading bits of U, {@code 0 <= prefix < 2^prefixBits}
     * @param prefixBits number of known bits, {@code 0 <= prefixBits <= 64}
     */
    static boolean uniformBelowExp(long prefix, int prefixBits, BigInteger num, int shift, LongSupplier more) {
        BigInteger u = BigInteger.valueOf(prefix);
        int len = prefixBits;
        while (true) {
            Interval iv = interval(num, shift, len + 2);
            // accept iff (u + 1) / 2^len <= lo / D; reject iff u / 2^len >= hi / D
            if (u.add(BigInteger.ONE).multiply(iv.den()).compareTo(iv.lo().shiftLeft(len)) <= 0) {
                return true;
            }
            if (u.multiply(iv.den()).compareTo(iv.hi().shiftLeft(len)) >= 0) {
                return false;
            }
            long w = more.getAsLong();
            BigInteger next = BigInteger.valueOf(w & Long.MAX_VALUE);
            u = u.shiftLeft(64).or(w < 0 ? next.setBit(63) : next);
            len += 64;
        }
    }

    /**
     * Whether {@code U < q} for the wedge acceptance {@code q = (exp(-gamma) - c) / (1 - c)} of {@link WedgeTable},
     * {@code gamma = num / 2^shift}, {@code c = exp(-(2j + 1) / 2^13)}, {@code 0 <= gamma < (2j + 1) / 2^13}, for a
     * uniform fraction U whose first {@code prefixBits} bits are {@code prefix} and whose further bits are drawn from
     * {@code more} (64 at a time) only while the decision needs them. q is increasing in {@code exp(-gamma)} and
     * decreasing in c (its derivative in c is {@code (exp(-gamma) - 1) / (1 - c)^2 <= 0}), so intervals
     * {@code [eLo, eHi]} and {@code [cLo, cHi]} give {@code (eLo - cHi) / (1 - cHi) <= q <= (eHi - cLo) / (1 - cLo)}.
     * Exact; terminates with probability 1.
     */
    static boolean uniformBelowWedge(long prefix, int prefixBits, BigInteger num, int shift, int j, LongSupplier more) {
        BigInteger u = BigInteger.valueOf(prefix);
        int len = prefixBits;
        BigInteger cNum = BigInteger.valueOf(2L * j + 1);
        while (true) {
            int bits = len + 24; // 1 - c >= 2^-13: intervals this narrow keep both denominators positive
            Interval e = interval(num, shift, bits);
            Interval c = interval(cNum, 13, bits);
            BigInteger de = e.den();
            BigInteger dc = c.den();
            BigInteger loDen = de.multiply(dc.subtract(c.hi()));
            BigInteger hiDen = de.multiply(dc.subtract(c.lo()));
            if (loDen.signum() > 0) {
                BigInteger loNum = e.lo().multiply(dc).subtract(c.hi().multiply(de));
                BigInteger hiNum = e.hi().multiply(dc).subtract(c.lo().multiply(de));
                // accept iff (u + 1) / 2^len <= loNum / loDen; reject iff u / 2^len >= hiNum / hiDen
                if (u.add(BigInteger.ONE).multiply(loDen).compareTo(loNum.shiftLeft(len)) <= 0) {
                    return true;
                }
                if (u.multiply(hiDen).compareTo(hiNum.shiftLeft(len)) >= 0) {
                    return false;
                }
            }
            long w = more.getAsLong();
            BigInteger next = BigInteger.valueOf(w & Long.MAX_VALUE);
            u = u.shiftLeft(64).or(w < 0 ? next.setBit(63) : next);
            len += 64;
        }
    }
}

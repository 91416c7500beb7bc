package org.privet.he.ring;

import java.math.BigInteger;

/**
 * Word-size modular arithmetic for odd moduli {@code q < 2^61}: unsigned high products, Shoup
 * multiplication by a precomputed constant, Montgomery multiplication ({@code R = 2^64}) and Barrett
 * reduction of a 64-bit word. All methods are pure functions and thread safe.
 *
 * <p>Ranges: "lazy" results lie in {@code [0, 2q)}; the others in {@code [0, q)}. The bound
 * {@code q < 2^61} keeps the lazy values of the NTT ({@code < 4q}) inside a non-negative {@code long}.
 */
public final class ModArith {
    /** Largest supported modulus bit length. */
    public static final int MAX_MODULUS_BITS = 61;

    private ModArith() {
    }

    /** The high 64 bits of the unsigned 128-bit product {@code a * b}. */
    public static long mulHighUnsigned(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** Shoup's companion of {@code w} (requires {@code 0 <= w < q}): {@code floor(w * 2^64 / q)} as an unsigned word. */
    public static long shoup(long w, long q) {
        return BigInteger.valueOf(w).shiftLeft(64).divide(BigInteger.valueOf(q)).longValue();
    }

    /**
     * {@code x * w mod q} in {@code [0, 2q)} for {@code 0 <= x < 2^63}, {@code 0 <= w < q} and {@code wShoup = shoup(w, q)}.
     */
    public static long mulShoupLazy(long x, long w, long wShoup, long q) {
        long hi = Math.multiplyHigh(x, wShoup) + ((wShoup >> 63) & x);
        return x * w - hi * q;
    }

    /** {@code x * w mod q} in {@code [0, q)}; same preconditions as {@link #mulShoupLazy}. */
    public static long mulShoup(long x, long w, long wShoup, long q) {
        long r = mulShoupLazy(x, w, wShoup, q);
        return r >= q ? r - q : r;
    }

    /** {@code -q^{-1} mod 2^64} for an odd {@code q} (the Montgomery constant). */
    public static long montgomeryNegInverse(long q) {
        long inv = q; // Newton iteration: correct to 3 bits for odd q, doubling each step
        for (int i = 0; i < 6; i++) {
            inv *= 2 - q * inv;
        }
        return -inv;
    }

    /**
     * Montgomery product {@code a * b * 2^-64 mod q} in {@code [0, q)} for {@code 0 <= a, b < 2q} and
     * {@code qNegInv = montgomeryNegInverse(q)}.
     */
    public static long montMul(long a, long b, long q, long qNegInv) {
        long hi = Math.multiplyHigh(a, b);
        long m = a * b * qNegInv;
        // a*b + m*q is divisible by 2^64; its low words sum to 0 with a carry of 1 unless a*b's low word is 0.
        long lo = a * b;
        long r = hi + mulHighUnsigned(m, q) + (lo != 0 ? 1 : 0);
        return r >= q ? r - q : r;
    }

    /** {@code floor(2^64 / q)} as an unsigned word, for {@link #barrett}. */
    public static long barrettRatio(long q) {
        return BigInteger.ONE.shiftLeft(64).divide(BigInteger.valueOf(q)).longValue();
    }

    /** {@code x mod q} in {@code [0, q)} for {@code 0 <= x < 2^63} and {@code ratio = barrettRatio(q)}. */
    public static long barrett(long x, long q, long ratio) {
        long hi = Math.multiplyHigh(x, ratio) + ((ratio >> 63) & x);
        long r = x - hi * q;
        return r >= q ? r - q : r;
    }

    /** {@code a * b mod q} in {@code [0, q)} through {@link BigInteger}; for setup code, not hot paths. */
    public static long mulMod(long a, long b, long q) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(q)).longValue();
    }

    /** {@code base^exp mod q} for {@code exp >= 0}; for setup code. */
    public static long powMod(long base, long exp, long q) {
        return BigInteger.valueOf(base).modPow(BigInteger.valueOf(exp), BigInteger.valueOf(q)).longValue();
    }

    /** {@code a^-1 mod q}; throws {@link ArithmeticException} when not invertible. */
    public static long invMod(long a, long q) {
        return BigInteger.valueOf(Math.floorMod(a, q)).modInverse(BigInteger.valueOf(q)).longValue();
    }

    /** The centred representative of {@code x mod q} for {@code 0 <= x < q}: in {@code (-q/2, q/2]}. */
    public static long center(long x, long q) {
        return x > (q >>> 1) ? x - q : x;
    }
}

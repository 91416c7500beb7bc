package org.privet.mpc.shamir;

/**
 * Arithmetic in GF(p) with the Mersenne prime {@code p = 2^61 - 1}. Elements are {@code long}s in {@code
 * [0, p)}; every method expects canonical inputs and returns a canonical result. Stateless and thread-safe.
 */
public final class PrimeField61 {
    /** The modulus {@code 2^61 - 1}. */
    public static final long P = (1L << 61) - 1;

    private PrimeField61() {
    }

    /** {@code (a + b) mod p}. */
    public static long add(long a, long b) {
        long s = a + b;
        return s >= P ? s - P : s;
    }

    /** {@code (a - b) mod p}. */
    public static long sub(long a, long b) {
        long s = a - b;
        return s < 0 ? s + P : s;
    }

    /** {@code (a * b) mod p}, using {@code 2^61 = 1 (mod p)}. */
    public static long mul(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b); // < 2^58 since a, b < 2^61
        long s = (hi << 3) + (lo >>> 61) + (lo & P); // < 2^62 + 8
        s = (s & P) + (s >>> 61);
        return s >= P ? s - P : s;
    }

    /** {@code a^e mod p} for {@code e >= 0}. */
    public static long pow(long a, long e) {
        long r = 1;
        long b = a;
        while (e > 0) {
            if ((e & 1) != 0) {
                r = mul(r, b);
            }
            b = mul(b, b);
            e >>>= 1;
        }
        return r;
    }

    /** The multiplicative inverse of {@code a != 0} (Fermat: {@code a^(p-2)}). */
    public static long inv(long a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^61 - 1)");
        }
        return pow(a, P - 2);
    }

    /** Reduces any {@code long} (read as unsigned) to {@code [0, p)}. */
    public static long reduce(long v) {
        long s = (v & P) + (v >>> 61);
        return s >= P ? s - P : s;
    }
}

package org.privet.he.ring;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Generation of NTT-friendly primes. Pure functions; thread safe. */
public final class Primes {
    private Primes() {
    }

    /**
     * Distinct primes {@code q = 1 mod 2N}, one per entry of {@code bits}, each the largest such prime below
     * {@code 2^bits[i]} not already taken (so the first ones of equal size are as close to {@code 2^bits} as
     * possible, which keeps CKKS scales close to a power of two).
     *
     * @param logN ring degree exponent, in {@code [1, 17]}
     * @param bits bit sizes, each in {@code [logN + 2, 61]}
     * @param exclude primes that must not be returned (for example those of another chain)
     */
    public static long[] ntt(int logN, int[] bits, long... exclude) {
        if (logN < 1 || logN > 17) {
            throw new IllegalArgumentException("logN must be in [1, 17]. Provided value: " + logN);
        }
        long twoN = 2L << logN;
        Set<Long> taken = new HashSet<>();
        for (long e : exclude) {
            taken.add(e);
        }
        long[] out = new long[bits.length];
        for (int i = 0; i < bits.length; i++) {
            int b = bits[i];
            if (b < logN + 2 || b > ModArith.MAX_MODULUS_BITS) {
                throw new IllegalArgumentException("prime bit size must be in [logN + 2, " + ModArith.MAX_MODULUS_BITS
                        + "] = [" + (logN + 2) + ", " + ModArith.MAX_MODULUS_BITS + "]. Provided value: " + b
                        + " (index " + i + ")");
            }
            long c = (1L << b) - twoN + 1; // largest value below 2^b that is 1 mod 2N
            long low = 1L << (b - 1);
            while (true) {
                if (c <= low) {
                    throw new IllegalArgumentException("not enough " + b + "-bit primes equal to 1 mod 2N=" + twoN
                            + " for " + Arrays.toString(bits));
                }
                if (!taken.contains(c) && BigInteger.valueOf(c).isProbablePrime(64)) {
                    break;
                }
                c -= twoN;
            }
            taken.add(c);
            out[i] = c;
        }
        return out;
    }
}

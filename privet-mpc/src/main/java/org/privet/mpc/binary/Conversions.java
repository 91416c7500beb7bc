package org.privet.mpc.binary;

import org.privet.mpc.MpcSession;

/**
 * Conversions between arithmetic shares (mod 2^64) and binary shares (XOR of 64-bit words), as used by
 * CrypTen and ABY (Demmler et al. 2015).
 *
 * <p>A2B: party {@code i}'s arithmetic share {@code x_i} is a public-to-itself word, i.e. a binary sharing in
 * which party {@code i} holds {@code x_i} and every other party 0; the parties add these {@code n} words with
 * {@code n - 1} Kogge-Stone parallel-prefix adders on XOR shares ({@code 1 + log2(64) = 7} rounds of AND
 * gates each, two ANDs per bit per prefix level). B2A of single bits: {@code b_0 ^ b_1 = b_0 + b_1 - 2 b_0
 * b_1}, one Beaver multiplication per additional party.
 *
 * <p>Stateless; every party calls the same methods in the same order.
 */
public final class Conversions {
    private static final int WORD_BITS = 64;

    private Conversions() {
    }

    /**
     * XOR shares of {@code x + y mod 2^64} from XOR shares of {@code x} and {@code y} (Kogge-Stone: generate
     * {@code g = x & y}, propagate {@code p = x ^ y}; six prefix levels {@code g ^= p & (g << s)}, {@code p &=
     * p << s}; sum {@code x ^ y ^ (g << 1)}). 7 rounds.
     */
    public static long[] add(MpcSession s, long[] x, long[] y) {
        int len = x.length;
        long[] g = s.and(x, y);
        long[] p = new long[len];
        for (int i = 0; i < len; i++) {
            p[i] = x[i] ^ y[i];
        }
        long[] left = new long[2 * len];
        long[] right = new long[2 * len];
        for (int shift = 1; shift < WORD_BITS; shift <<= 1) {
            boolean lastLevel = shift == WORD_BITS / 2;
            if (lastLevel) { // the last level needs only the generate bits
                left = new long[len];
                right = new long[len];
            }
            for (int i = 0; i < len; i++) {
                left[i] = p[i];
                right[i] = g[i] << shift;
                if (!lastLevel) {
                    left[len + i] = p[i];
                    right[len + i] = p[i] << shift;
                }
            }
            long[] r = s.and(left, right);
            for (int i = 0; i < len; i++) {
                g[i] ^= r[i];
                if (!lastLevel) {
                    p[i] = r[len + i];
                }
            }
        }
        long[] sum = new long[len];
        for (int i = 0; i < len; i++) {
            sum[i] = x[i] ^ y[i] ^ (g[i] << 1);
        }
        return sum;
    }

    /**
     * A2B: XOR shares of the 64-bit two's-complement words of arithmetically shared {@code x}. {@code 7 (n - 1)}
     * rounds.
     */
    public static long[] toBinary(MpcSession s, long[] x) {
        int len = x.length;
        long[] acc = s.id() == 0 ? x.clone() : new long[len];
        for (int j = 1; j < s.parties(); j++) {
            long[] term = s.id() == j ? x.clone() : new long[len];
            acc = add(s, acc, term);
        }
        return acc;
    }

    /**
     * B2A of bits: arithmetic shares of the integers {@code b[i] & 1} (0 or 1, not fixed-point scaled) from XOR
     * shares {@code b} whose bit 0 holds the bit (higher bits are ignored). {@code n - 1} rounds.
     */
    public static long[] bitsToArithmetic(MpcSession s, long[] b) {
        int len = b.length;
        long[] own = new long[len];
        for (int i = 0; i < len; i++) {
            own[i] = b[i] & 1L;
        }
        long[] acc = s.id() == 0 ? own : new long[len];
        for (int j = 1; j < s.parties(); j++) {
            long[] v = s.id() == j ? own : new long[len];
            long[] prod = s.mulRing(acc, v);
            long[] next = new long[len];
            for (int i = 0; i < len; i++) {
                next[i] = acc[i] + v[i] - 2 * prod[i];
            }
            acc = next;
        }
        return acc;
    }

    /** XOR shares (bit 0) of the most significant bit of arithmetically shared {@code x}. */
    public static long[] msbBinary(MpcSession s, long[] x) {
        long[] bits = toBinary(s, x);
        for (int i = 0; i < bits.length; i++) {
            bits[i] >>>= 63;
        }
        return bits;
    }
}

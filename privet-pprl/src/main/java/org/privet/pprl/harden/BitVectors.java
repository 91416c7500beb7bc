package org.privet.pprl.harden;

/**
 * Bit vectors as in {@link org.privet.pprl.clk.ClkSet}: bit {@code b} of a vector at {@code off} is
 * {@code (w[off + b / 64] >>> (b % 64)) & 1}; bits past the length are zero. Stateless helpers.
 */
public final class BitVectors {
    private BitVectors() {
    }

    /** Words needed for {@code bits} bits. */
    public static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    public static boolean get(long[] w, int off, int bit) {
        return (w[off + (bit >>> 6)] >>> bit & 1L) != 0;
    }

    public static void set(long[] w, int off, int bit) {
        w[off + (bit >>> 6)] |= 1L << bit;
    }

    /** Number of set bits among the {@code words} words at {@code off}. */
    public static int popcount(long[] w, int off, int words) {
        int c = 0;
        for (int i = 0; i < words; i++) {
            c += Long.bitCount(w[off + i]);
        }
        return c;
    }

    /** Clears the bits at positions {@code >= bits} of the vector's last word. */
    public static void clearTail(long[] w, int off, int bits) {
        int tail = bits & 63;
        if (tail != 0) {
            w[off + (bits >>> 6)] &= ~(-1L << tail);
        }
    }

    /** Dice coefficient {@code 2|a & b| / (|a| + |b|)} of two vectors of {@code words} words (1 if both empty). */
    public static double dice(long[] a, int aOff, long[] b, int bOff, int words) {
        int ca = 0;
        int cb = 0;
        int cab = 0;
        for (int i = 0; i < words; i++) {
            long x = a[aOff + i];
            long y = b[bOff + i];
            ca += Long.bitCount(x);
            cb += Long.bitCount(y);
            cab += Long.bitCount(x & y);
        }
        return ca + cb == 0 ? 1.0 : 2.0 * cab / (ca + cb);
    }
}

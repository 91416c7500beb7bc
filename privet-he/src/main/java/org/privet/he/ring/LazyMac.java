package org.privet.he.ring;

/**
 * Lazy multiply-accumulate of residue products into exact 128-bit sums, the kernel of the key-switching
 * inner product: for {@code k < len},
 * {@code (hi0[k], lo0[k]) += x[c0 + k] * b[c0 + k]} and {@code (hi1[k], lo1[k]) += x[c0 + k] * a[c0 + k]},
 * each pair an unsigned 128-bit number {@code hi 2^64 + lo}. All inputs must be in {@code [0, 2^61)}; the
 * caller keeps each sum below {@code 2^127} (products are below {@code 2^122}, so at least 32 of them fit
 * on top of a high word below {@code 2^63 - 2^58}) and reduces it.
 *
 * <p>On vector-capable JVMs ({@link VectorSupport}) and when {@code len} is a multiple of 8 the work runs on
 * 512-bit vectors (the high word of each product from four 32 x 32-bit lane products); the results are
 * bit-identical to the scalar code. Stateless and thread safe.
 */
public final class LazyMac {
    private static final long MIN = Long.MIN_VALUE;

    private LazyMac() {
    }

    /** See the class comment. */
    public static void accumulate(long[] x, long[] b, long[] a, int c0, int len, long[] lo0, long[] hi0, long[] lo1,
            long[] hi1) {
        accumulate(x, b, a, c0, len, lo0, hi0, lo1, hi1, VectorSupport.ENABLED);
    }

    static void accumulate(long[] x, long[] b, long[] a, int c0, int len, long[] lo0, long[] hi0, long[] lo1,
            long[] hi1, boolean vector) {
        if (vector && (len & (NttVector.LANES - 1)) == 0) {
            MacVector.accumulate(x, b, a, c0, len, lo0, hi0, lo1, hi1);
            return;
        }
        for (int k = 0; k < len; k++) {
            int cc = c0 + k;
            long xv = x[cc];
            long bv = b[cc];
            long l = xv * bv;
            long s = lo0[k] + l;
            hi0[k] += Math.multiplyHigh(xv, bv) + ((s ^ MIN) < (l ^ MIN) ? 1 : 0);
            lo0[k] = s;
            long av = a[cc];
            l = xv * av;
            s = lo1[k] + l;
            hi1[k] += Math.multiplyHigh(xv, av) + ((s ^ MIN) < (l ^ MIN) ? 1 : 0);
            lo1[k] = s;
        }
    }
}

package org.privet.he.ring;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link LazyMac#accumulate} on 512-bit vectors (the same species as {@link NttVector}:
 * a second vector shape in the JVM slows all Vector API code on JDK 17). Only loaded when
 * {@link VectorSupport#ENABLED}; stateless and thread safe.
 */
final class MacVector {
    private static final VectorSpecies<Long> S = NttVector.S;
    private static final long LOW32 = 0xFFFFFFFFL;

    private MacVector() {
    }

    /** The high word of {@code x * b} for {@code 0 <= x, b < 2^62}. */
    private static LongVector mulHigh(LongVector x, LongVector b) {
        LongVector xl = x.and(LOW32);
        LongVector xh = x.lanewise(VectorOperators.LSHR, 32);
        LongVector bl = b.and(LOW32);
        LongVector bh = b.lanewise(VectorOperators.LSHR, 32);
        // (x_l b_l >> 32) + x_l b_h + x_h b_l < 2^32 + 2^63: no overflow for inputs below 2^62
        LongVector mid = xl.mul(bl).lanewise(VectorOperators.LSHR, 32).add(xl.mul(bh)).add(xh.mul(bl));
        return xh.mul(bh).add(mid.lanewise(VectorOperators.LSHR, 32));
    }

    static void accumulate(long[] x, long[] b, long[] a, int c0, int len, long[] lo0, long[] hi0, long[] lo1,
            long[] hi1) {
        for (int k = 0; k < len; k += NttVector.LANES) {
            LongVector xv = LongVector.fromArray(S, x, c0 + k);
            LongVector bv = LongVector.fromArray(S, b, c0 + k);
            LongVector l = xv.mul(bv);
            LongVector s = LongVector.fromArray(S, lo0, k).add(l);
            LongVector h = LongVector.fromArray(S, hi0, k).add(mulHigh(xv, bv));
            h = h.lanewise(VectorOperators.ADD, 1L, s.compare(VectorOperators.UNSIGNED_LT, l));
            s.intoArray(lo0, k);
            h.intoArray(hi0, k);
            LongVector av = LongVector.fromArray(S, a, c0 + k);
            l = xv.mul(av);
            s = LongVector.fromArray(S, lo1, k).add(l);
            h = LongVector.fromArray(S, hi1, k).add(mulHigh(xv, av));
            h = h.lanewise(VectorOperators.ADD, 1L, s.compare(VectorOperators.UNSIGNED_LT, l));
            s.intoArray(lo1, k);
            h.intoArray(hi1, k);
        }
    }
}

package org.privet.he.ring;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The NTT stages whose butterfly span {@code t} is at least 8, on 512-bit vectors of eight {@code long}
 * lanes ({@code jdk.incubator.vector}). Each lane does exactly the scalar butterfly of {@link Modulus}
 * (Harvey's lazy reductions, Shoup multiplication); the unsigned high word of the 64 x 64-bit Shoup product,
 * which has no vector instruction, is assembled from four 32 x 32-bit products, so the results are
 * bit-identical to the scalar code. Stages of span 4, 2 and 1 stay scalar: a 256-bit path for span 4 was
 * 2.7x faster in isolation but, with two vector shapes in one JVM, the JDK 17 Vector API's shared code
 * lost its type profile and the whole transform ran about 7x slower; lane shuffles for spans 2 and 1
 * were slower than scalar code. Only loaded when {@link VectorSupport#ENABLED} says the module is
 * present and the preferred species has eight lanes (AVX-512); stateless and thread safe.
 */
final class NttVector {
    static final VectorSpecies<Long> S = LongVector.SPECIES_512;
    static final int LANES = 8;
    private static final long LOW32 = 0xFFFFFFFFL;

    private NttVector() {
    }

    /** Lanes of the preferred long species on this machine (8 with AVX-512). */
    static int preferredLanes() {
        return LongVector.SPECIES_PREFERRED.length();
    }

    /** The unsigned high word of {@code y * (wh 2^32 + wl)} for {@code 0 <= y < 2^63}. */
    private static LongVector mulHigh(LongVector y, LongVector wl, LongVector wh) {
        LongVector yl = y.and(LOW32);
        LongVector yh = y.lanewise(VectorOperators.LSHR, 32);
        LongVector ll = yl.mul(wl);
        LongVector lh = yl.mul(wh);
        LongVector hl = yh.mul(wl);
        LongVector hh = yh.mul(wh);
        LongVector mid = ll.lanewise(VectorOperators.LSHR, 32).add(lh.and(LOW32)).add(hl.and(LOW32));
        return hh.add(lh.lanewise(VectorOperators.LSHR, 32)).add(hl.lanewise(VectorOperators.LSHR, 32))
                .add(mid.lanewise(VectorOperators.LSHR, 32));
    }

    /**
     * Forward Cooley-Tukey stages {@code m = 1, 2, ...} while {@code t = N / (2m) >= 8}; entries in
     * {@code [0, 4q)} stay in {@code [0, 4q)}. Returns the span {@code t} of the first stage not done.
     */
    static int forwardStages(long[] a, int n, long q, long[] w, long[] ws) {
        int t = n;
        for (int m = 1; (t >> 1) >= LANES; m <<= 1) {
            t >>= 1;
            for (int i = 0, j1 = 0; i < m; i++, j1 += t << 1) {
                forwardBlock(a, j1, t, q, w[m + i], ws[m + i]);
            }
        }
        return t;
    }

    /** The butterflies {@code (j, j + t)} for {@code j in [j1, j1 + t)} with twiddle {@code wi} (a small method: C2 inlines the vector calls reliably). */
    private static void forwardBlock(long[] a, int j1, int t, long q, long wi, long wis) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final LongVector vw = LongVector.broadcast(S, wi);
        final LongVector wl = LongVector.broadcast(S, wis & LOW32);
        final LongVector wh = LongVector.broadcast(S, wis >>> 32);
        for (int j = j1, j2 = j1 + t; j < j2; j += LANES) {
            LongVector x = LongVector.fromArray(S, a, j);
            x = x.sub(v2q, x.compare(VectorOperators.GE, v2q));
            LongVector y = LongVector.fromArray(S, a, j + t);
            LongVector v = y.mul(vw).sub(mulHigh(y, wl, wh).mul(vq)); // [0, 2q)
            x.add(v).intoArray(a, j);
            x.sub(v).add(v2q).intoArray(a, j + t);
        }
    }

    /**
     * Inverse Gentleman-Sande stages from span {@code t} (a power of two {@code >= 8}) up to {@code N / 4}
     * (the last stage, {@code t = N / 2}, is {@link #inverseLastStage}); entries stay in {@code [0, 2q)}.
     */
    static void inverseStages(long[] a, int n, int t, long q, long[] w, long[] ws) {
        for (int m = n / t; m > 2; m >>= 1) {
            int h = m >> 1;
            for (int i = 0, j1 = 0; i < h; i++, j1 += t << 1) {
                inverseBlock(a, j1, t, q, w[h + i], ws[h + i]);
            }
            t <<= 1;
        }
    }

    private static void inverseBlock(long[] a, int j1, int t, long q, long wi, long wis) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final LongVector vw = LongVector.broadcast(S, wi);
        final LongVector wl = LongVector.broadcast(S, wis & LOW32);
        final LongVector wh = LongVector.broadcast(S, wis >>> 32);
        for (int j = j1, j2 = j1 + t; j < j2; j += LANES) {
            LongVector x = LongVector.fromArray(S, a, j);
            LongVector y = LongVector.fromArray(S, a, j + t);
            LongVector s = x.add(y);
            s = s.sub(v2q, s.compare(VectorOperators.GE, v2q));
            LongVector d = x.sub(y).add(v2q);
            s.intoArray(a, j);
            d.mul(vw).sub(mulHigh(d, wl, wh).mul(vq)).intoArray(a, j + t);
        }
    }

    /** The inverse transform's last stage ({@code t = N / 2 >= 8}) with the {@code N^-1} scaling; output in {@code [0, q)}. */
    static void inverseLastStage(long[] a, int t, long q, long ni, long nis, long wn, long wns) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final LongVector vni = LongVector.broadcast(S, ni);
        final LongVector niL = LongVector.broadcast(S, nis & LOW32);
        final LongVector niH = LongVector.broadcast(S, nis >>> 32);
        final LongVector vwn = LongVector.broadcast(S, wn);
        final LongVector wnL = LongVector.broadcast(S, wns & LOW32);
        final LongVector wnH = LongVector.broadcast(S, wns >>> 32);
        for (int j = 0; j < t; j += LANES) {
            LongVector x = LongVector.fromArray(S, a, j);
            LongVector y = LongVector.fromArray(S, a, j + t);
            LongVector s = x.add(y);
            LongVector d = x.sub(y).add(v2q);
            LongVector r0 = s.mul(vni).sub(mulHigh(s, niL, niH).mul(vq));
            LongVector r1 = d.mul(vwn).sub(mulHigh(d, wnL, wnH).mul(vq));
            r0.sub(vq, r0.compare(VectorOperators.GE, vq)).intoArray(a, j);
            r1.sub(vq, r1.compare(VectorOperators.GE, vq)).intoArray(a, j + t);
        }
    }
}

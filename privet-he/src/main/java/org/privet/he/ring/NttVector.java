package org.privet.he.ring;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The NTT stages on 512-bit vectors of eight {@code long} lanes ({@code jdk.incubator.vector}), for
 * {@code N >= 16}: every stage of the forward and inverse transforms. Each lane does exactly the scalar
 * butterfly of {@link Modulus} (Harvey's lazy reductions, Shoup multiplication); the unsigned high word of the
 * 64 x 64-bit Shoup product, which has no vector instruction, is assembled from four 32 x 32-bit products, so
 * the results are bit-identical to the scalar code. Stages of span {@code t >= 8} load both butterfly operands
 * as whole vectors with one broadcast twiddle. Stages of span 4, 2 and 1 take sixteen coefficients in two
 * registers, permute the lanes (in-register shuffles and blends of the same 512-bit shape) so that one register
 * holds the eight upper and the other the eight lower butterfly operands, apply one butterfly with per-lane
 * twiddles and permute back. Everything stays on the one 512-bit {@code long} shape: a 256-bit path for span 4,
 * mixed with the 512-bit code in one JVM, made the JDK 17 Vector API's shared code lose its type profile and
 * the whole transform ran about 7x slower. Only loaded when {@link VectorSupport#ENABLED} says the module is
 * present and the preferred species has eight lanes (AVX-512); stateless and thread safe.
 */
final class NttVector {
    static final VectorSpecies<Long> S = LongVector.SPECIES_512;
    static final int LANES = 8;
    private static final long LOW32 = 0xFFFFFFFFL;

    // Lane permutations and masks of the stages of span 4, 2, 1 (all on the one 512-bit shape). Sixteen
    // coefficients e0..e15 sit in two registers lo = e0..e7, hi = e8..e15; for span s the butterfly inputs
    // x (the upper operand) and y of lo go to lanes 0..3 of X and Y, those of hi to lanes 4..7.
    private static final VectorShuffle<Long> X4 = shuffle(0, 1, 2, 3, 0, 1, 2, 3);
    private static final VectorShuffle<Long> Y4 = shuffle(4, 5, 6, 7, 4, 5, 6, 7);
    private static final VectorShuffle<Long> X2 = shuffle(0, 1, 4, 5, 0, 1, 4, 5);
    private static final VectorShuffle<Long> Y2 = shuffle(2, 3, 6, 7, 2, 3, 6, 7);
    private static final VectorShuffle<Long> X1 = shuffle(0, 2, 4, 6, 0, 2, 4, 6);
    private static final VectorShuffle<Long> Y1 = shuffle(1, 3, 5, 7, 1, 3, 5, 7);
    /** Back from (X, Y) to lo (lanes 0..3 of X and Y) and hi (lanes 4..7), with the Y lanes where BITs is set. */
    private static final VectorShuffle<Long> LO4 = shuffle(0, 1, 2, 3, 0, 1, 2, 3);
    private static final VectorShuffle<Long> HI4 = shuffle(4, 5, 6, 7, 4, 5, 6, 7);
    private static final VectorShuffle<Long> LO2 = shuffle(0, 1, 0, 1, 2, 3, 2, 3);
    private static final VectorShuffle<Long> HI2 = shuffle(4, 5, 4, 5, 6, 7, 6, 7);
    private static final VectorShuffle<Long> LO1 = shuffle(0, 0, 1, 1, 2, 2, 3, 3);
    private static final VectorShuffle<Long> HI1 = shuffle(4, 4, 5, 5, 6, 6, 7, 7);
    /** Twiddle spreading: lane k of X belongs to butterfly block k / 4 (span 4) or k / 2 (span 2). */
    private static final VectorShuffle<Long> DUP4 = shuffle(0, 0, 0, 0, 1, 1, 1, 1);
    private static final VectorShuffle<Long> DUP2 = shuffle(0, 0, 1, 1, 2, 2, 3, 3);
    /** Lanes whose index has bit 2 (4), bit 1 (2), bit 0 (1) set. */
    private static final VectorMask<Long> BIT4 = mask(4);
    private static final VectorMask<Long> BIT2 = mask(2);
    private static final VectorMask<Long> BIT1 = mask(1);

    private static VectorShuffle<Long> shuffle(int... lanes) {
        return VectorShuffle.fromArray(S, lanes, 0);
    }

    private static VectorMask<Long> mask(int bit) {
        boolean[] m = new boolean[LANES];
        for (int i = 0; i < LANES; i++) {
            m[i] = (i & bit) != 0;
        }
        return VectorMask.fromArray(S, m, 0);
    }

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

    // The stages of span 4, 2 and 1, sixteen coefficients (two registers) at a time, with lanes permuted so
    // that each stage is one 8-lane butterfly with per-lane twiddles. One method per stage: with two stages
    // in one loop body, C2 stopped inlining the second mulHigh (NodeCountInliningCutoff) and the vectors
    // were boxed. Bit-identical to the scalar stages of Modulus.

    /** Forward stage of span 4 for {@code N >= 16}: entries in {@code [0, 4q)} stay in {@code [0, 4q)}. */
    static void forwardSpan4(long[] a, int n, long q, long[] w, long[] ws) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final int m = n / 8;
        for (int j = 0, k = m; j < n; j += 2 * LANES, k += 2) {
            LongVector lo = LongVector.fromArray(S, a, j);
            LongVector hi = LongVector.fromArray(S, a, j + LANES);
            LongVector x = lo.rearrange(X4).blend(hi.rearrange(X4), BIT4);
            LongVector y = lo.rearrange(Y4).blend(hi.rearrange(Y4), BIT4);
            LongVector tw = LongVector.fromArray(S, w, k).rearrange(DUP4);
            LongVector tws = LongVector.fromArray(S, ws, k).rearrange(DUP4);
            x = x.sub(v2q, x.compare(VectorOperators.GE, v2q));
            LongVector v = y.mul(tw).sub(mulHigh(y, tws.and(LOW32), tws.lanewise(VectorOperators.LSHR, 32)).mul(vq));
            LongVector u0 = x.add(v);
            LongVector u1 = x.sub(v).add(v2q);
            u0.rearrange(LO4).blend(u1.rearrange(LO4), BIT4).intoArray(a, j);
            u0.rearrange(HI4).blend(u1.rearrange(HI4), BIT4).intoArray(a, j + LANES);
        }
    }

    /** Forward stage of span 2 for {@code N >= 16}: entries in {@code [0, 4q)} stay in {@code [0, 4q)}. */
    static void forwardSpan2(long[] a, int n, long q, long[] w, long[] ws) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final int m = n / 4;
        for (int j = 0, k = m; j < n; j += 2 * LANES, k += 4) {
            LongVector lo = LongVector.fromArray(S, a, j);
            LongVector hi = LongVector.fromArray(S, a, j + LANES);
            LongVector x = lo.rearrange(X2).blend(hi.rearrange(X2), BIT4);
            LongVector y = lo.rearrange(Y2).blend(hi.rearrange(Y2), BIT4);
            LongVector tw = LongVector.fromArray(S, w, k).rearrange(DUP2);
            LongVector tws = LongVector.fromArray(S, ws, k).rearrange(DUP2);
            x = x.sub(v2q, x.compare(VectorOperators.GE, v2q));
            LongVector v = y.mul(tw).sub(mulHigh(y, tws.and(LOW32), tws.lanewise(VectorOperators.LSHR, 32)).mul(vq));
            LongVector u0 = x.add(v);
            LongVector u1 = x.sub(v).add(v2q);
            u0.rearrange(LO2).blend(u1.rearrange(LO2), BIT2).intoArray(a, j);
            u0.rearrange(HI2).blend(u1.rearrange(HI2), BIT2).intoArray(a, j + LANES);
        }
    }

    /** Forward last stage (span 1) for {@code N >= 16}, fused with the reduction to {@code [0, q)}. */
    static void forwardSpan1(long[] a, int n, long q, long[] w, long[] ws) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final int m = n / 2;
        for (int j = 0, k = m; j < n; j += 2 * LANES, k += 8) {
            LongVector lo = LongVector.fromArray(S, a, j);
            LongVector hi = LongVector.fromArray(S, a, j + LANES);
            LongVector x = lo.rearrange(X1).blend(hi.rearrange(X1), BIT4);
            LongVector y = lo.rearrange(Y1).blend(hi.rearrange(Y1), BIT4);
            LongVector tw = LongVector.fromArray(S, w, k);
            LongVector tws = LongVector.fromArray(S, ws, k);
            x = x.sub(v2q, x.compare(VectorOperators.GE, v2q));
            LongVector v = y.mul(tw).sub(mulHigh(y, tws.and(LOW32), tws.lanewise(VectorOperators.LSHR, 32)).mul(vq));
            LongVector u0 = x.add(v);
            LongVector u1 = x.sub(v).add(v2q);
            u0 = u0.sub(v2q, u0.compare(VectorOperators.GE, v2q));
            u0 = u0.sub(vq, u0.compare(VectorOperators.GE, vq));
            u1 = u1.sub(v2q, u1.compare(VectorOperators.GE, v2q));
            u1 = u1.sub(vq, u1.compare(VectorOperators.GE, vq));
            u0.rearrange(LO1).blend(u1.rearrange(LO1), BIT1).intoArray(a, j);
            u0.rearrange(HI1).blend(u1.rearrange(HI1), BIT1).intoArray(a, j + LANES);
        }
    }

    /** Inverse stage of span 1 for {@code N >= 16}: entries in {@code [0, 2q)} stay in {@code [0, 2q)}. */
    static void inverseSpan1(long[] a, int n, long q, long[] w, long[] ws) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final int h = n / 2;
        for (int j = 0, k = h; j < n; j += 2 * LANES, k += 8) {
            LongVector lo = LongVector.fromArray(S, a, j);
            LongVector hi = LongVector.fromArray(S, a, j + LANES);
            LongVector x = lo.rearrange(X1).blend(hi.rearrange(X1), BIT4);
            LongVector y = lo.rearrange(Y1).blend(hi.rearrange(Y1), BIT4);
            LongVector tw = LongVector.fromArray(S, w, k);
            LongVector tws = LongVector.fromArray(S, ws, k);
            LongVector s = x.add(y);
            s = s.sub(v2q, s.compare(VectorOperators.GE, v2q));
            LongVector d = x.sub(y).add(v2q);
            LongVector r = d.mul(tw).sub(mulHigh(d, tws.and(LOW32), tws.lanewise(VectorOperators.LSHR, 32)).mul(vq));
            s.rearrange(LO1).blend(r.rearrange(LO1), BIT1).intoArray(a, j);
            s.rearrange(HI1).blend(r.rearrange(HI1), BIT1).intoArray(a, j + LANES);
        }
    }

    /** Inverse stage of span 2 for {@code N >= 16}: entries in {@code [0, 2q)} stay in {@code [0, 2q)}. */
    static void inverseSpan2(long[] a, int n, long q, long[] w, long[] ws) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final int h = n / 4;
        for (int j = 0, k = h; j < n; j += 2 * LANES, k += 4) {
            LongVector lo = LongVector.fromArray(S, a, j);
            LongVector hi = LongVector.fromArray(S, a, j + LANES);
            LongVector x = lo.rearrange(X2).blend(hi.rearrange(X2), BIT4);
            LongVector y = lo.rearrange(Y2).blend(hi.rearrange(Y2), BIT4);
            LongVector tw = LongVector.fromArray(S, w, k).rearrange(DUP2);
            LongVector tws = LongVector.fromArray(S, ws, k).rearrange(DUP2);
            LongVector s = x.add(y);
            s = s.sub(v2q, s.compare(VectorOperators.GE, v2q));
            LongVector d = x.sub(y).add(v2q);
            LongVector r = d.mul(tw).sub(mulHigh(d, tws.and(LOW32), tws.lanewise(VectorOperators.LSHR, 32)).mul(vq));
            s.rearrange(LO2).blend(r.rearrange(LO2), BIT2).intoArray(a, j);
            s.rearrange(HI2).blend(r.rearrange(HI2), BIT2).intoArray(a, j + LANES);
        }
    }

    /** Inverse stage of span 4 for {@code N >= 16}: entries in {@code [0, 2q)} stay in {@code [0, 2q)}. */
    static void inverseSpan4(long[] a, int n, long q, long[] w, long[] ws) {
        final LongVector vq = LongVector.broadcast(S, q);
        final LongVector v2q = LongVector.broadcast(S, q << 1);
        final int h = n / 8;
        for (int j = 0, k = h; j < n; j += 2 * LANES, k += 2) {
            LongVector lo = LongVector.fromArray(S, a, j);
            LongVector hi = LongVector.fromArray(S, a, j + LANES);
            LongVector x = lo.rearrange(X4).blend(hi.rearrange(X4), BIT4);
            LongVector y = lo.rearrange(Y4).blend(hi.rearrange(Y4), BIT4);
            LongVector tw = LongVector.fromArray(S, w, k).rearrange(DUP4);
            LongVector tws = LongVector.fromArray(S, ws, k).rearrange(DUP4);
            LongVector s = x.add(y);
            s = s.sub(v2q, s.compare(VectorOperators.GE, v2q));
            LongVector d = x.sub(y).add(v2q);
            LongVector r = d.mul(tw).sub(mulHigh(d, tws.and(LOW32), tws.lanewise(VectorOperators.LSHR, 32)).mul(vq));
            s.rearrange(LO4).blend(r.rearrange(LO4), BIT4).intoArray(a, j);
            s.rearrange(HI4).blend(r.rearrange(HI4), BIT4).intoArray(a, j + LANES);
        }
    }
}

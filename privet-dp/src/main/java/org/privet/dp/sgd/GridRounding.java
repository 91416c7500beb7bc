package org.privet.dp.sgd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The rounding half of {@link DiscreteGaussianNoise}'s release: {@code v[i] = (k(v[i]) + z[i]) * out}, where
 * {@code k(v) = rint(r * clamp(v))} is the coordinate in granules: {@code r} is the number of granules per unit
 * (the inverse granularity, a double with at most 29 significant bits), {@code clamp} maps a float to
 * {@code [-B, B]} ({@code NaN -> 0}, infinities to the bounds) with {@code B} the largest float for which
 * {@code B r <= 2^50} ({@link #bound}), and {@code z[i]} is an integer noise sample with {@code |z| < 2^35},
 * given in the sampler's batch encoding {@code 2 |z| + (z < 0 ? 1 : 0)} and decoded here.
 *
 * <p><b>Exactness.</b> A float has 24 significant bits and {@code r} at most 29, so the product {@code r x} of
 * a clamped coordinate (at most 2^50 in magnitude, at least 2^-949 unless zero, since {@code r >= 2^-800}) is
 * exact in double precision: {@code k} is the nearest integer to the real number {@code r clamp(v)}, ties to
 * even, and {@code |k - r clamp(v)| <= 1/2} holds exactly, which is what the sensitivity argument of the
 * release needs. {@code rint} is done as {@code (y + 1.5 2^52) - 1.5 2^52}, which in round-to-nearest-even
 * arithmetic returns the nearest integer, ties to even, exactly as {@link Math#rint} (the sum lies in
 * [2^52, 2^53), where the doubles are the integers, and 1.5 2^52 is even); {@code k + z} is an integer below
 * 2^51 in magnitude, hence exact; only the final product and the conversion to float round. The clamp is a
 * contraction on every coordinate (it cannot increase a distance). The clamp is applied to the float itself,
 * 16 lanes at a time with comparisons and blends (no division and no {@code min}/{@code max}, whose Java
 * semantics cost extra instructions per vector on x86); the vector loop (Vector API, one double lane per float
 * lane) and the scalar tail compute the same IEEE operations, so the result does not depend on the lane count.
 * Stateless and thread-safe.
 */
final class GridRounding {
    /** Largest magnitude of {@code r clamp(v)}, in granules: 2^50 (the clamp keeps {@code k + z} below 2^51). */
    static final double MAX_GRANULES = 0x1p50;
    private static final double RINT_MAGIC = 0x1.8p52;

    /**
     * Floats per vector: the platform's preferred shape, the one privet-core's kernels use. A second
     * {@code FloatVector} shape in the process (this class used the half-width one until session 4) turns JDK 17's
     * type profiles of the Vector API bimorphic, and the engine's GEMM stores then fall back to scalar code
     * (docs/engine.md, "one vector shape per process"). A float vector holds two double vectors' worth of lanes.
     */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    /** Whether the vector path applies: at least 128-bit vectors, a float vector = two double vectors. */
    private static final boolean VECTOR = D.vectorBitSize() >= 128 && F.length() == 2 * D.length()
            && L.length() == D.length();
    /** The upper half of a float vector's lanes (where the second double vector's results go). */
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(F, ((1L << F.length()) - 1) & ~((1L << D.length()) - 1));
    /**
     * Rotates a float vector by half its length (lane i takes lane {@code (i + D.length()) mod F.length()}): moves
     * the upper half down before a part-0 widening, and a part-0 narrowing's result up before the blend. A
     * constant, built once: {@code convertShape} with part 1 or -1 builds an iota shuffle, checks it and
     * rearranges on every call in JDK 17, which made this pass 1.5-2.2x slower (docs/dp.md, session 6).
     */
    private static final VectorShuffle<Float> HALF_TURN = VectorShuffle.fromOp(F, i -> (i + D.length()) % F.length());

    private GridRounding() {
    }

    /**
     * The clamp bound for {@code r} granules per unit: the largest float {@code B} with {@code B r <= 2^50} (the
     * products are exact, so the test is exact).
     *
     * @param r in [2^-800, 2^800]
     */
    static float bound(double r) {
        float b = (float) Math.min(Float.MAX_VALUE, MAX_GRANULES / r);
        while ((double) b * r > MAX_GRANULES) {
            b = Math.nextDown(b);
        }
        while (b < Float.MAX_VALUE && (double) Math.nextUp(b) * r <= MAX_GRANULES) {
            b = Math.nextUp(b);
        }
        return b;
    }

    /** {@code clamp(value)} to {@code [-bound, bound]}, {@code NaN -> 0}: as the vector loop's blends. */
    static float clamp(float value, float bound) {
        float x = value > bound ? bound : value;
        x = x < -bound ? -bound : x;
        return x != x ? 0f : x;
    }

    /** The coordinate {@code value} in granules, {@code r} granules per unit (an integer-valued double). */
    static double granules(float value, double r, float bound) {
        return ((double) clamp(value, bound) * r + RINT_MAGIC) - RINT_MAGIC;
    }

    /**
     * {@code v[at + i] = (float) ((granules(v[at + i], r, bound) + z[i]) * out)} for {@code 0 <= i < n}.
     *
     * @param r     granules per unit, at most 29 significant bits, in [2^-800, 2^800]
     * @param bound {@link #bound}{@code (r)}
     * @param z     encoded integer samples ({@code DiscreteGaussianNoise.Sampler#encode}), {@code |z[i]| < 2^35}
     */
    static void addBack(float[] v, int at, long[] z, int n, double r, float bound, double out) {
        int i = VECTOR ? addBackVectors(v, at, z, n, r, bound, out) : 0;
        for (; i < n; i++) {
            long t = z[i];
            long sign = -(t & 1);
            v[at + i] = (float) ((granules(v[at + i], r, bound) + (double) (((t >>> 1) ^ sign) - sign)) * out);
        }
    }

    /**
     * {@link #addBack}'s vector loop: the float vectors of the batch from index 0 while a whole one fits; returns the
     * index where the scalar tail starts. Per vector: the clamp on the floats, then two double vectors (the second
     * half written out again rather than through a helper: a vector passed to a call that C2 does not inline is
     * boxed, and the reinterpretation below then ran the library's scalar fallback). The loop sits in this method
     * rather than around a per-vector call: that call (368 bytecodes, above C2's inlining size) cost a frame, a
     * {@code vzeroupper} and the constants' reloading per 16 floats, 0.21 against 0.17 ms per 407,050 coordinates.
     */
    private static int addBackVectors(float[] v, int from, long[] z, int n, double r, float bound, double out) {
        int step = F.length();
        int zi = 0;
        for (int limit = n - step; zi <= limit; zi += step) {
            int at = from + zi;
            FloatVector x = FloatVector.fromArray(F, v, at);
            if (!x.abs().compare(VectorOperators.LE, bound).allTrue()) {
                // some lane beyond the bound, or NaN (which fails every comparison): the clamp; otherwise it is the
                // identity
                x = x.blend(bound, x.compare(VectorOperators.GT, bound))
                        .blend(-bound, x.compare(VectorOperators.LT, -bound))
                        .blend(0f, x.compare(VectorOperators.NE, x));
            }
            // lanes 0 .. D.length() - 1
            DoubleVector y = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
            y = y.mul(r).add(RINT_MAGIC).sub(RINT_MAGIC);
            // decode: |z| = t >>> 1 converted (exact), the sign bit moved from bit 0 to bit 63 of the double (t = 1,
            // a negative zero, is never a sample)
            LongVector t = LongVector.fromArray(L, z, zi);
            DoubleVector magnitude = (DoubleVector) t.lanewise(VectorOperators.LSHR, 1)
                    .convertShape(VectorOperators.L2D, D, 0);
            DoubleVector zd = magnitude.viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                    t.lanewise(VectorOperators.LSHL, 63)).viewAsFloatingLanes();
            FloatVector lo = (FloatVector) y.add(zd).mul(out).convertShape(VectorOperators.D2F, F, 0);
            // lanes D.length() .. F.length() - 1, the same operations
            DoubleVector y1 = (DoubleVector) x.rearrange(HALF_TURN).convertShape(VectorOperators.F2D, D, 0);
            y1 = y1.mul(r).add(RINT_MAGIC).sub(RINT_MAGIC);
            LongVector t1 = LongVector.fromArray(L, z, zi + D.length());
            DoubleVector magnitude1 = (DoubleVector) t1.lanewise(VectorOperators.LSHR, 1)
                    .convertShape(VectorOperators.L2D, D, 0);
            DoubleVector zd1 = magnitude1.viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                    t1.lanewise(VectorOperators.LSHL, 63)).viewAsFloatingLanes();
            FloatVector hi = (FloatVector) y1.add(zd1).mul(out).convertShape(VectorOperators.D2F, F, 0);
            lo.blend(hi.rearrange(HALF_TURN), UPPER).intoArray(v, at);
        }
        return zi;
    }
}

package org.privet.dp.sgd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The rounding half of {@link DiscreteGaussianNoise}'s release: {@code v[i] = (k(v[i]) + z[i]) * out}, where
 * {@code k(v) = rint(clamp(v / g, +-2^51))} is the coordinate in granules ({@code NaN -> 0}, infinities clamped)
 * and {@code z[i]} an integer noise sample with {@code |z| < 2^35}, given in the sampler's batch encoding
 * {@code 2 |z| + (z < 0 ? 1 : 0)} and decoded here. Everything is computed in double precision
 * and is exact up to the final product and the conversion to float: {@code v / g} is one correctly rounded
 * division; {@code rint} of a value of magnitude at most 2^51 is done as {@code (y + 1.5 2^52) - 1.5 2^52}, which
 * in round-to-nearest-even arithmetic returns the nearest integer, ties to even, exactly as {@link Math#rint}
 * (the sum lies in [2^52, 2^53), where the doubles are the integers, and 1.5 2^52 is even); {@code k + z} is an
 * integer below 2^53 in magnitude, hence exact. Clamping before rounding equals clamping after it, since the bound
 * 2^51 is an integer and {@code rint} is monotone. The vector loop (Vector API, one double lane per float lane) and
 * the scalar tail compute the same IEEE operations in the same order, so the result does not depend on the lane
 * count. Stateless and thread-safe.
 */
final class GridRounding {
    /** Clamp bound in granules: 2^51 (a contraction, applied before the noise is added). */
    static final double MAX_GRANULES = 0x1p51;
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

    private GridRounding() {
    }

    /** The coordinate {@code value} in granules of size {@code g}, as above (an integer-valued double). */
    static double granules(float value, double g) {
        double y = (double) value / g;
        if (y != y) {
            return 0.0;
        }
        y = Math.max(-MAX_GRANULES, Math.min(MAX_GRANULES, y));
        return (y + RINT_MAGIC) - RINT_MAGIC;
    }

    /**
     * {@code v[at + i] = (float) ((granules(v[at + i], g) + z[i]) * out)} for {@code 0 <= i < n}.
     *
     * @param z encoded integer samples ({@code DiscreteGaussianNoise.Sampler#encode}), {@code |z[i]| < 2^35}
     */
    static void addBack(float[] v, int at, long[] z, int n, double g, double out) {
        int step = F.length();
        int i = 0;
        for (int bound = VECTOR ? n - step : -1; i <= bound; i += step) {
            addBackLanes(v, at + i, z, i, g, out);
        }
        for (; i < n; i++) {
            long t = z[i];
            long sign = -(t & 1);
            v[at + i] = (float) ((granules(v[at + i], g) + (double) (((t >>> 1) ^ sign) - sign)) * out);
        }
    }

    /**
     * One float vector of {@link #addBack}, as two double vectors (the second half written out again rather than
     * through a helper: a vector passed to a call that C2 does not inline is boxed, and the reinterpretation
     * below then ran the library's scalar fallback). Kept small so the JIT compiles its loads and stores as
     * vector instructions.
     */
    private static void addBackLanes(float[] v, int at, long[] z, int zi, double g, double out) {
        FloatVector x = FloatVector.fromArray(F, v, at);
        // lanes 0 .. D.length() - 1
        DoubleVector y = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
        y = y.div(g);
        VectorMask<Double> nan = y.compare(VectorOperators.NE, y);
        y = y.min(MAX_GRANULES).max(-MAX_GRANULES).blend(0.0, nan);
        y = y.add(RINT_MAGIC).sub(RINT_MAGIC);
        // decode: |z| = t >>> 1 converted (exact), the sign bit moved from bit 0 to bit 63 of the double (t = 1,
        // a negative zero, is never a sample)
        LongVector t = LongVector.fromArray(L, z, zi);
        DoubleVector magnitude = (DoubleVector) t.lanewise(VectorOperators.LSHR, 1)
                .convertShape(VectorOperators.L2D, D, 0);
        DoubleVector zd = magnitude.viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                t.lanewise(VectorOperators.LSHL, 63)).viewAsFloatingLanes();
        FloatVector lo = (FloatVector) y.add(zd).mul(out).convertShape(VectorOperators.D2F, F, 0);
        // lanes D.length() .. F.length() - 1, the same operations
        DoubleVector y1 = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
        y1 = y1.div(g);
        VectorMask<Double> nan1 = y1.compare(VectorOperators.NE, y1);
        y1 = y1.min(MAX_GRANULES).max(-MAX_GRANULES).blend(0.0, nan1);
        y1 = y1.add(RINT_MAGIC).sub(RINT_MAGIC);
        LongVector t1 = LongVector.fromArray(L, z, zi + D.length());
        DoubleVector magnitude1 = (DoubleVector) t1.lanewise(VectorOperators.LSHR, 1)
                .convertShape(VectorOperators.L2D, D, 0);
        DoubleVector zd1 = magnitude1.viewAsIntegralLanes().lanewise(VectorOperators.XOR,
                t1.lanewise(VectorOperators.LSHL, 63)).viewAsFloatingLanes();
        FloatVector hi = (FloatVector) y1.add(zd1).mul(out).convertShape(VectorOperators.D2F, F, -1);
        lo.blend(hi, UPPER).intoArray(v, at);
    }
}

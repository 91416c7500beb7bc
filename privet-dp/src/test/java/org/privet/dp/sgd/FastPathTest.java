package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.LongStreamRandom;

/**
 * The inline fast path of the block sampler ({@code Sampler#fill}) and the vector rounding pass
 * ({@link GridRounding}): every table it reads is checked against the tables the general path uses (which
 * {@code FastSamplerTest} certifies against exact arithmetic), and its output against the general path's on
 * words aimed at every threshold. Deterministic (fixed seeds); no tolerance.
 */
class FastPathTest {

    /** A word source that replays a script (cyclically; the scripts are long enough not to wrap). */
    static final class Script extends LongStreamRandom {
        private static final long serialVersionUID = 1L;
        private final long[] words;
        private int i;

        Script(long[] words) {
            super("Script", "scripted words for tests");
            this.words = words;
        }

        @Override
        public long nextLong() {
            return words[i++ % words.length];
        }
    }

    @Test
    void fastBlockCellsAgreeWithTheFullLookupAtBothEnds() {
        int cellBits = 32 - BlockTable.FAST_BITS;
        int decided = 0;
        for (int t = 0; t < 1 << BlockTable.FAST_BITS; t++) {
            int j = BlockTable.FAST_BLOCK[t] & 0xFF;
            if (j == BlockTable.UNDECIDED) {
                continue;
            }
            decided++;
            long lo = (long) t << cellBits;
            long hi = lo + (1L << cellBits) - 1;
            // block32 is monotone in the prefix: equal at both ends means equal on the whole cell
            assertThat(BlockTable.block32(lo)).as("cell %d lo", t).isEqualTo(j);
            assertThat(BlockTable.block32(hi)).as("cell %d hi", t).isEqualTo(j);
            assertThat(BlockTable.block(lo << 32, () -> 0L)).isEqualTo(j);
            assertThat(BlockTable.block((hi << 32) | 0xFFFF_FFFFL, () -> -1L)).isEqualTo(j);
        }
        assertThat(decided).isGreaterThan((1 << BlockTable.FAST_BITS) * 9 / 10);
    }

    @Test
    void fastThresholdsDecideExactlyWhenTheCertifiedOnesDo() {
        for (int m = BlockTable.LOG2_BLOCKS_PER_SIGMA + BlockTable.SUB_BITS; m <= 30; m++) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int ub = 31 - wb;
            int up = 32 - ub;
            BlockTable.Fast f = BlockTable.fast(m);
            for (int i = 0; i < BlockTable.ACCEPT_BLOCKS << BlockTable.SUB_BITS; i++) {
                long low = BlockTable.ACCEPT[2 * i] & 0xFFFF_FFFFL;
                long highMinusOne = BlockTable.ACCEPT[2 * i + 1] & 0xFFFF_FFFFL;
                boolean free = i == 0 || i >= BlockTable.UNDECIDED << BlockTable.SUB_BITS;
                long c = low >>> up;
                long d = highMinusOne >>> up;
                for (long u : new long[] {0, c - 1, c, c + 1, d - 1, d, d + 1, (1L << ub) - 1}) {
                    if (u < 0 || u >= 1L << ub) {
                        continue;
                    }
                    long field = u << (wb + 1);
                    boolean fastAccept = field < f.low()[i];
                    boolean fastReject = field > f.high()[i];
                    // the general path: accepted iff (u+1) 2^up <= LOW, rejected iff u 2^up > HIGH - 1
                    assertThat(fastAccept).as("m=%d i=%d u=%d", m, i, u).isEqualTo(!free && (u + 1) << up <= low);
                    assertThat(fastReject).as("m=%d i=%d u=%d", m, i, u).isEqualTo(!free && u << up > highMinusOne);
                }
            }
        }
    }

    @Test
    void encodingRoundTrips() {
        long[] zs = {0, 1, -1, 2, -2, 12345, -12345, 1L << 35, -(1L << 35), (1L << 61) - 1, -((1L << 61) - 1)};
        for (long z : zs) {
            long t = DiscreteGaussianNoise.Sampler.encode(z);
            assertThat(t).isNotNegative();
            assertThat(t & 1).isEqualTo(z < 0 ? 1L : 0L);
            assertThat(DiscreteGaussianNoise.Sampler.decode(t)).isEqualTo(z);
        }
    }

    /** Words aimed at the thresholds of random (cell, sub-interval) pairs, with random other fields. */
    private static long[] aimedWords(int m, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
        int ub = 31 - wb;
        int up = 32 - ub;
        long[] w = new long[n];
        int[] undecidedCells = java.util.stream.IntStream.range(0, 1 << BlockTable.FAST_BITS)
                .filter(c -> (BlockTable.FAST_BLOCK[c] & 0xFF) == BlockTable.UNDECIDED).toArray();
        for (int k = 0; k < n; k++) {
            long x = r.nextLong();
            int kind = r.nextInt(6);
            if (kind == 4) {
                // x = 0 (block 0, offset 0), either sign: a negative zero must be redrawn
                x = (x & 0x0000_0000_FFFF_FFFFL & ~(((1L << wb) - 1) << 1)) | (r.nextLong(1L << 20) << 32);
            } else if (kind == 5) {
                // a cell holding a block boundary: decided by the 32-bit lookup
                x = ((long) undecidedCells[r.nextInt(Math.min(200, undecidedCells.length))] << (64 - BlockTable.FAST_BITS))
                        | (x >>> BlockTable.FAST_BITS);
            }
            int t = (int) (x >>> (64 - BlockTable.FAST_BITS));
            int j = BlockTable.FAST_BLOCK[t] & 0xFF;
            if (j == BlockTable.UNDECIDED) {
                j = BlockTable.block32(x >>> 32);
            }
            if (kind == 3 || j < 0 || j >= BlockTable.UNDECIDED) {
                w[k] = x; // plain random word
                continue;
            }
            long off = (x >>> 1) & ((1L << wb) - 1);
            int i = (j << BlockTable.SUB_BITS) | (int) (off >>> (wb - BlockTable.SUB_BITS));
            long thr = (kind % 2 == 0 ? BlockTable.ACCEPT[2 * i] : BlockTable.ACCEPT[2 * i + 1]) & 0xFFFF_FFFFL;
            long u = Math.max(0, Math.min((1L << ub) - 1, (thr >>> up) + r.nextInt(3) - 1));
            long uMask = ((1L << ub) - 1) << (wb + 1);
            w[k] = (x & ~uMask) | (u << (wb + 1));
        }
        return w;
    }

    @Test
    void fillDrawsTheSameSamplesAsTheGeneralPathOnAimedWords() {
        for (int m : new int[] {9, 12, 20, 25, 30}) {
            long[] words = aimedWords(m, 100 + m, 60_000);
            DiscreteGaussianNoise.Sampler a = new DiscreteGaussianNoise.Sampler(new Script(words));
            DiscreteGaussianNoise.Sampler b = new DiscreteGaussianNoise.Sampler(new Script(words));
            long[] z = new long[20_000];
            a.fillWords(z, 0, z.length, m);
            for (int k = 0; k < z.length; k++) {
                assertThat(DiscreteGaussianNoise.Sampler.decode(z[k])).as("m=%d k=%d", m, k)
                        .isEqualTo(b.blockGaussian(m));
            }
        }
    }

    @Test
    void fillAtAnOffsetAndInPiecesDrawsTheSameStream() {
        DiscreteGaussianNoise.Sampler a = new DiscreteGaussianNoise.Sampler(new Script(aimedWords(20, 7, 9000)));
        DiscreteGaussianNoise.Sampler b = new DiscreteGaussianNoise.Sampler(new Script(aimedWords(20, 7, 9000)));
        long[] whole = new long[3000];
        a.fill(whole, 0, whole.length, 20);
        long[] pieces = new long[3000 + 5];
        b.fill(pieces, 5, 1, 20);
        b.fill(pieces, 6, 1700, 20);
        b.fill(pieces, 1706, 1299, 20);
        for (int k = 0; k < whole.length; k++) {
            assertThat(pieces[k + 5]).as("k=%d", k).isEqualTo(whole[k]);
        }
    }

    @Test
    void gridRoundingIsRintOfTheClampedProductTiesToEven() {
        double r = 2.0; // granularity 0.5
        float b = GridRounding.bound(r);
        assertThat(b).isEqualTo(0x1p49f);
        float[] v = {1.25f, 1.75f, -1.25f, 0.25f, 0.75f, -0.25f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 3e38f, -3e38f, 0f, -0f};
        double[] expected = {2, 4, -2, 0, 2, -0.0, 0, 0x1p50, -0x1p50, 0x1p50, -0x1p50, 0, 0};
        for (int i = 0; i < v.length; i++) {
            assertThat(GridRounding.granules(v[i], r, b)).as("v=%s", v[i]).isEqualTo(expected[i], org.assertj.core.data.Offset.offset(0.0));
        }
    }

    @Test
    void clampBoundIsTheLargestFloatWithinTwoToThe50Granules() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int t = 0; t < 2000; t++) {
            double r = DiscreteGaussianNoise.grid(1 + rnd.nextInt(1_000_000), Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-8, 8)),
                    Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-60, 60))).inverseGranularity();
            float b = GridRounding.bound(r);
            assertThat(new java.math.BigDecimal(b).multiply(new java.math.BigDecimal(r)))
                    .isLessThanOrEqualTo(new java.math.BigDecimal(0x1p50));
            if (b < Float.MAX_VALUE) {
                assertThat(new java.math.BigDecimal(Math.nextUp(b)).multiply(new java.math.BigDecimal(r)))
                        .isGreaterThan(new java.math.BigDecimal(0x1p50));
            }
        }
    }

    @Test
    void gridProvesTheSensitivityBoundWithA29BitInverseGranularity() {
        SplittableRandom rnd = new SplittableRandom(11);
        java.math.MathContext mc = new java.math.MathContext(60);
        for (int t = 0; t < 5000; t++) {
            long d = 1 + rnd.nextLong(t % 2 == 0 ? 1000 : 1L << 33);
            double z = Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-6, 4));
            double delta = Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-40, 40));
            DiscreteGaussianNoise.Grid g;
            try {
                g = DiscreteGaussianNoise.grid(d, z, delta);
            } catch (IllegalArgumentException e) {
                assertThat(z * Math.sqrt((double) d)).isGreaterThan(0x1p19); // only when no grid fits
                continue;
            }
            double r = g.inverseGranularity();
            // at most 29 significant bits: a float times r is exact
            assertThat(Double.doubleToRawLongBits(r) & ((1L << 24) - 1)).isZero();
            // r Delta + sqrt(d) <= 2^m / z, in exact arithmetic (sqrt(d) bounded above by a 60-digit root + 1e-50)
            java.math.BigDecimal lhs = new java.math.BigDecimal(r).multiply(new java.math.BigDecimal(delta))
                    .add(new java.math.BigDecimal(d).sqrt(mc)).add(new java.math.BigDecimal("1e-50"));
            java.math.BigDecimal rhs = new java.math.BigDecimal(Math.scalb(1.0, g.log2Sigma()))
                    .divide(new java.math.BigDecimal(z), mc).subtract(new java.math.BigDecimal("1e-50"));
            assertThat(lhs).as("d=%d z=%s delta=%s", d, z, delta).isLessThanOrEqualTo(rhs);
            // and r is within 2^-27 of the largest admissible value
            double best = (Math.scalb(1.0, g.log2Sigma()) / z - Math.sqrt((double) d)) / delta;
            assertThat(r / best).isBetween(1 - 0x1p-27, 1.0);
            assertThat(g.stdDev()).isEqualTo(Math.scalb(1.0, g.log2Sigma()) / r);
        }
    }

    @Test
    void vectorAndScalarRoundingAgreeAndMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(5);
        double r = DiscreteGaussianNoise.grid(1000, 1.0, 0.37).inverseGranularity();
        float b = GridRounding.bound(r);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000}) {
            float[] v = new float[n + 3];
            long[] z = new long[n];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(-30, 30)));
                if (rnd.nextInt(50) == 0) {
                    v[i] = (float) (rnd.nextGaussian() * 1e30); // beyond the clamp
                }
            }
            v[Math.min(2, v.length - 1)] = Float.NaN;
            if (v.length > 5) {
                v[5] = Float.NEGATIVE_INFINITY;
            }
            for (int i = 0; i < n; i++) {
                z[i] = DiscreteGaussianNoise.Sampler.encode(rnd.nextLong(-(1L << 34), 1L << 34));
            }
            float[] got = v.clone();
            double out = 1.9;
            GridRounding.addBack(got, 3, z, n, r, b, out);
            for (int i = 0; i < v.length; i++) {
                float want;
                if (i < 3) {
                    want = v[i];
                } else {
                    // reference: clamp the float, exact product, nearest integer ties to even
                    float x = Float.isNaN(v[i]) ? 0f : Math.max(-b, Math.min(b, v[i]));
                    double k = new java.math.BigDecimal(x).multiply(new java.math.BigDecimal(r))
                            .setScale(0, java.math.RoundingMode.HALF_EVEN).doubleValue();
                    want = (float) ((k + DiscreteGaussianNoise.Sampler.decode(z[i - 3])) * out);
                }
                assertThat(Float.floatToIntBits(got[i])).as("n=%d i=%d v=%s", n, i, v[i]).isEqualTo(Float.floatToIntBits(want));
            }
        }
    }
}

package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.NoiseRandom;

/**
 * The pair sampler ({@code Sampler#fillPairs}, {@link WedgeTable}): its tables against exact arithmetic, its tiers
 * against the exact comparison, its loop against its single-draw reference on words aimed at every case, and its
 * output against the discrete Gaussian (statistical, with the false-failure rate stated where it is made).
 */
class PairSamplerTest {
    private static final MathContext MC = new MathContext(80, RoundingMode.HALF_EVEN);

    /** Exact rational bounds {@code lo/den <= q <= hi/den'} of the wedge acceptance, as BigDecimals (80 digits). */
    private static BigDecimal[] q(BigInteger num, int shift, int j) {
        ExpComparison.Interval e = ExpComparison.interval(num, shift, 120);
        ExpComparison.Interval c = ExpComparison.interval(BigInteger.valueOf(2L * j + 1), 13, 120);
        BigDecimal eLo = new BigDecimal(e.lo()).divide(new BigDecimal(e.den()), MC);
        BigDecimal eHi = new BigDecimal(e.hi()).divide(new BigDecimal(e.den()), MC);
        BigDecimal cLo = new BigDecimal(c.lo()).divide(new BigDecimal(c.den()), MC);
        BigDecimal cHi = new BigDecimal(c.hi()).divide(new BigDecimal(c.den()), MC);
        // q decreases in c: [(eLo - cHi) / (1 - cHi), (eHi - cLo) / (1 - cLo)]; BigDecimal rounding at 80 digits
        // is far below the 2^-100 the checks below need
        return new BigDecimal[] {eLo.subtract(cHi).divide(BigDecimal.ONE.subtract(cHi), MC),
                eHi.subtract(cLo).divide(BigDecimal.ONE.subtract(cLo), MC)};
    }

    @Test
    void regionTableCutsTheBlockTableIntoRectanglesAndWedges() {
        // the cumulative mass up to the end of block j is sum_{i <= j} g_i in both tables: equal up to the 128-bit
        // rounding of each (one unit of 2^-128 each way)
        for (int j = 0; j < BlockTable.BLOCKS - 1; j++) {
            BigInteger w = new BigInteger(Long.toUnsignedString(WedgeTable.CUM_HI[2 * j + 1])).shiftLeft(64)
                    .or(new BigInteger(Long.toUnsignedString(WedgeTable.CUM_LO[2 * j + 1])));
            BigInteger b = new BigInteger(Long.toUnsignedString(BlockTable.CUM_HI[j])).shiftLeft(64)
                    .or(new BigInteger(Long.toUnsignedString(BlockTable.CUM_LO[j])));
            assertThat(w.subtract(b).abs()).as("block %d", j).isLessThanOrEqualTo(BigInteger.ONE);
        }
        // rectangles and wedges in order, each with its mass: R_j = g_(j+1), E_j = g_j - g_(j+1) (relative to the
        // total), checked in double precision
        double total = 0;
        for (int j = 0; j < BlockTable.BLOCKS; j++) {
            total += Math.exp(-(double) j * j / 8192);
        }
        double prev = 0;
        for (int r = 0; r < 600; r++) {
            int j = r >>> 1;
            double cum = Math.scalb((double) (WedgeTable.CUM_TOP32[r]), -32);
            double mass = (r & 1) == 0 ? Math.exp(-(double) (j + 1) * (j + 1) / 8192)
                    : Math.exp(-(double) j * j / 8192) - Math.exp(-(double) (j + 1) * (j + 1) / 8192);
            assertThat(cum - prev).as("region %d", r)
                    .isCloseTo(mass / total, org.assertj.core.data.Offset.offset(1e-9));
            prev = cum;
        }
    }

    @Test
    void cellsNameTheRectangleOfEveryPrefixInThem() {
        int cellBits = 32 - WedgeTable.CELL_BITS;
        int decided = 0;
        for (int t = 0; t < 1 << WedgeTable.CELL_BITS; t++) {
            int j = WedgeTable.CELL[t] & 0xFF;
            if (j == WedgeTable.UNDECIDED) {
                continue;
            }
            decided++;
            long lo = (long) t << cellBits;
            long hi = lo + (1L << cellBits) - 1;
            // region32 is monotone in the prefix: equal at both ends means equal on the whole cell
            assertThat(WedgeTable.region32(lo)).as("cell %d lo", t).isEqualTo(2 * j);
            assertThat(WedgeTable.region32(hi)).as("cell %d hi", t).isEqualTo(2 * j);
            assertThat(WedgeTable.region(lo << 32, () -> 0L)).isEqualTo(2 * j);
            assertThat(WedgeTable.region((hi << 32) | 0xFFFF_FFFFL, () -> -1L)).isEqualTo(2 * j);
        }
        // about 98.4% of the cells decide (the rest: wedges 1.24%, boundaries, blocks from 3.98 sigma on)
        assertThat(decided).isGreaterThan((1 << WedgeTable.CELL_BITS) * 98 / 100);
    }

    @Test
    void region32AgreesWithTheFullLookup() {
        SplittableRandom r = new SplittableRandom(3);
        int undecided = 0;
        for (int i = 0; i < 200_000; i++) {
            // half the prefixes next to a boundary
            long boundary = WedgeTable.CUM_TOP32[r.nextInt(WedgeTable.REGIONS)];
            long p = i % 2 == 0 ? r.nextLong() >>> 32 : Math.max(0, Math.min(0xFFFF_FFFFL, boundary + r.nextInt(3) - 1));
            long lo32 = r.nextLong() >>> 32;
            long lo = r.nextLong();
            int full = WedgeTable.region((p << 32) | lo32, () -> lo);
            int fast = WedgeTable.region32(p);
            if (fast < 0) {
                undecided++;
                continue;
            }
            assertThat(fast).as("prefix %d", p).isEqualTo(full);
        }
        assertThat(undecided).isLessThan(200_000 / 2);
    }

    @Test
    void fullLookupSplitsATieOfHighWordsByTheLowWord() {
        // U = boundary - 2^-128 lies in region r, U = boundary in the next one (region r is the first with CUM > U)
        for (int r = 0; r < WedgeTable.REGIONS - 1; r += 7) {
            long hi = WedgeTable.CUM_HI[r];
            long lo = WedgeTable.CUM_LO[r];
            if (lo == 0 || r + 1 < WedgeTable.REGIONS && WedgeTable.CUM_HI[r + 1] == hi) {
                continue;
            }
            assertThat(WedgeTable.region(hi, () -> lo - 1)).as("below boundary %d", r).isEqualTo(r);
            int next = r + 1;
            while (next < WedgeTable.REGIONS - 1 && WedgeTable.CUM_HI[next] == hi && WedgeTable.CUM_LO[next] == lo) {
                next++; // empty regions (none expected) would share the boundary
            }
            assertThat(WedgeTable.region(hi, () -> lo)).as("at boundary %d", r).isEqualTo(next);
        }
    }

    @Test
    void wedgeBoundsAreCertifiedByExactArithmeticAndTight() {
        BigDecimal two32 = BigDecimal.valueOf(1L << 32);
        int subs = 1 << WedgeTable.SUB_BITS;
        for (int j = 0; j < WedgeTable.Q_BLOCKS; j++) {
            for (int s = 0; s < subs; s++) {
                long packed = WedgeTable.Q[(j << WedgeTable.SUB_BITS) + s];
                long low = packed & 0xFFFF_FFFFL;
                long highMinusOne = packed >>> 32;
                // q at the sub-interval's end (lower bound) and start (upper bound): gamma = t (t + 64 j) / 2^23
                BigDecimal[] end = q(BigInteger.valueOf((long) (s + 1) * (s + 1 + 64L * j)), 23, j);
                BigDecimal[] start = q(BigInteger.valueOf((long) s * (s + 64L * j)), 23, j);
                if (low > 0) { // q >= 0 always (at t = 1 it is 0 exactly, and its interval dips below)
                    assertThat(BigDecimal.valueOf(low)).as("QLOW j=%d s=%d", j, s)
                            .isLessThanOrEqualTo(end[0].multiply(two32));
                }
                assertThat(BigDecimal.valueOf(highMinusOne + 1)).as("QHIGH j=%d s=%d", j, s)
                        .isGreaterThanOrEqualTo(start[1].multiply(two32));
                // tight: within two units of the exact values (the margin is 2^-40, a unit 2^-32)
                assertThat(end[1].multiply(two32).subtract(BigDecimal.valueOf(low)).doubleValue()).isLessThan(2.0);
                assertThat(BigDecimal.valueOf(highMinusOne + 1).subtract(start[0].multiply(two32)).doubleValue())
                        .isLessThan(2.0);
            }
        }
    }

    @Test
    void wedgeInDoublePrecisionIsWithinItsStatedError() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            int j = r.nextInt(WedgeTable.BLOCKS);
            int m = 11 + r.nextInt(11);
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            long off = i % 10 == 0 ? (i % 20 == 0 ? 0 : (1L << wb) - 1) : r.nextLong(1L << wb);
            long b = off + ((long) j << (wb + 1));
            double gamma = (double) off * (double) b * Math.scalb(1.0, -(2 * m + 1));
            BigDecimal[] exact = q(BigInteger.valueOf(off).multiply(BigInteger.valueOf(b)), 2 * m + 1, j);
            double d = WedgeTable.wedge(gamma, j);
            assertThat(Math.abs(d - exact[0].doubleValue())).as("j=%d off=%d m=%d", j, off, m)
                    .isLessThanOrEqualTo(0x1p-48);
            assertThat(exact[1].subtract(exact[0]).doubleValue()).isLessThan(0x1p-100);
        }
    }

    @Test
    void exactWedgeComparisonAgreesWithHighPrecisionBounds() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            int j = r.nextInt(300);
            int m = 20;
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            long off = r.nextLong(1L << wb);
            BigInteger num = BigInteger.valueOf(off).multiply(BigInteger.valueOf(off + ((long) j << (wb + 1))));
            BigDecimal[] exact = q(num, 2 * m + 1, j);
            // U's first 32 bits: aimed at q (within a few units) half of the time
            long aim = exact[0].multiply(BigDecimal.valueOf(1L << 32)).setScale(0, RoundingMode.FLOOR).longValue();
            long u = i % 2 == 0 ? Math.max(0, Math.min(0xFFFF_FFFFL, aim + r.nextInt(5) - 2)) : r.nextLong() >>> 32;
            long[] more = {r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()};
            int[] used = {0};
            LongSupplier next = () -> more[used[0]++];
            boolean below = ExpComparison.uniformBelowWedge(u, 32, num, 2 * m + 1, j, next);
            // U to 32 + 64 used bits: the decision must agree with U's interval against q
            BigDecimal uLo = BigDecimal.valueOf(u);
            BigDecimal scale = BigDecimal.valueOf(1L << 32);
            for (int k = 0; k < used[0]; k++) {
                uLo = uLo.multiply(BigDecimal.valueOf(2).pow(64)).add(new BigDecimal(Long.toUnsignedString(more[k])));
                scale = scale.multiply(BigDecimal.valueOf(2).pow(64));
            }
            BigDecimal lo = uLo.divide(scale, MC);
            BigDecimal hi = uLo.add(BigDecimal.ONE).divide(scale, MC);
            if (below) {
                assertThat(hi).as("i=%d", i).isLessThanOrEqualTo(exact[1]);
            } else {
                assertThat(lo).as("i=%d", i).isGreaterThanOrEqualTo(exact[0]);
            }
        }
    }

    @Test
    void wedgeTiersAgreeWithTheExactComparison() {
        SplittableRandom r = new SplittableRandom(9);
        for (int m : new int[] {11, 15, 20, 21}) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            for (int i = 0; i < 20_000; i++) {
                int j = i % 50 == 0 ? WedgeTable.Q_BLOCKS + r.nextInt(40) : r.nextInt(WedgeTable.Q_BLOCKS);
                long off = r.nextLong(1L << wb);
                long u;
                if (i % 3 == 0) {
                    u = r.nextLong() >>> 32;
                } else if (j < WedgeTable.Q_BLOCKS) {
                    // at a sub-interval bound, where the table stops deciding
                    long packed = WedgeTable.Q[(j << WedgeTable.SUB_BITS) | (int) (off >>> (wb - WedgeTable.SUB_BITS))];
                    long thr = i % 3 == 1 ? packed & 0xFFFF_FFFFL : packed >>> 32;
                    u = Math.max(0, Math.min(0xFFFF_FFFFL, thr + r.nextInt(3) - 1));
                } else {
                    long b = off + ((long) j << (wb + 1));
                    double q = WedgeTable.wedge((double) off * (double) b * Math.scalb(1.0, -(2 * m + 1)), j);
                    u = Math.max(0, Math.min(0xFFFF_FFFFL, (long) Math.scalb(q, 32) + r.nextInt(3) - 1));
                }
                long[] more = {r.nextLong(), r.nextLong(), r.nextLong()};
                DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(new FastPathTest.Script(more));
                boolean tiered = s.acceptWedge(u, off, j, m);
                int[] k = {0};
                BigInteger num = BigInteger.valueOf(off).multiply(BigInteger.valueOf(off + ((long) j << (wb + 1))));
                boolean exact = ExpComparison.uniformBelowWedge(u, 32, num, 2 * m + 1, j, () -> more[k[0]++]);
                assertThat(tiered).as("m=%d j=%d off=%d u=%d", m, j, off, u).isEqualTo(exact);
            }
        }
    }

    /**
     * Words aimed at every case of the pair loop: halves in cells that name a rectangle, in wedge and boundary cells,
     * in the cells of x = 0 with either sign, and fresh words whose U bits sit at the wedge bounds.
     */
    private static long[] aimedWords(int m, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int cb = WedgeTable.CELL_BITS;
        List<Integer> undecided = new ArrayList<>();
        List<Integer> zeroBlock = new ArrayList<>();
        for (int t = 0; t < 1 << WedgeTable.CELL_BITS; t++) {
            int j = WedgeTable.CELL[t] & 0xFF;
            if (j == WedgeTable.UNDECIDED) {
                undecided.add(t);
            } else if (j == 0) {
                zeroBlock.add(t);
            }
        }
        long[] w = new long[n];
        for (int k = 0; k < n; k++) {
            long x = r.nextLong();
            int kind = r.nextInt(8);
            long[] halves = {x >>> 32, x & 0xFFFF_FFFFL};
            for (int h = 0; h < 2; h++) {
                if (kind == 1 || (kind == 2 && h == 1)) {
                    halves[h] = ((long) undecided.get(r.nextInt(undecided.size())) << (32 - cb))
                            | (halves[h] & ((1L << (32 - cb)) - 1));
                } else if (kind == 3) {
                    // x = 0 in block 0's rectangle (or a point next to it), either sign
                    long point = r.nextInt(4);
                    halves[h] = ((long) zeroBlock.get(r.nextInt(zeroBlock.size())) << (32 - cb)) | point;
                }
            }
            if (kind == 4 && k > 0) {
                // a fresh word aimed at a wedge bound: its top bits extend a fraction, its low 32 bits are U
                int j = r.nextInt(WedgeTable.Q_BLOCKS);
                long packed = WedgeTable.Q[(j << WedgeTable.SUB_BITS) + r.nextInt(1 << WedgeTable.SUB_BITS)];
                long thr = r.nextBoolean() ? packed & 0xFFFF_FFFFL : packed >>> 32;
                w[k] = (x & 0xFFFF_FFFF_0000_0000L) | Math.max(0, Math.min(0xFFFF_FFFFL, thr + r.nextInt(3) - 1));
                continue;
            }
            w[k] = (halves[0] << 32) | halves[1];
        }
        return w;
    }

    @Test
    void fillDrawsTheSameSamplesAsTheSingleDrawReferenceOnAimedWords() {
        for (int m = DiscreteGaussianNoise.Sampler.PAIR_MIN_M; m <= DiscreteGaussianNoise.Sampler.PAIR_MAX_M; m++) {
            long[] words = aimedWords(m, 200 + m, 60_000);
            DiscreteGaussianNoise.Sampler a = new DiscreteGaussianNoise.Sampler(new FastPathTest.Script(words));
            DiscreteGaussianNoise.Sampler b = new DiscreteGaussianNoise.Sampler(new FastPathTest.Script(words));
            long[] z = new long[30_001];
            a.fill(z, 0, 10_000, m);
            a.fill(z, 10_000, 1, m);
            a.fill(z, 10_001, 20_000, m);
            for (int k = 0; k < z.length; k++) {
                assertThat(DiscreteGaussianNoise.Sampler.decode(z[k])).as("m=%d k=%d", m, k)
                        .isEqualTo(b.pairGaussian(m));
            }
        }
    }

    @Test
    void neverDrawsANegativeZero() {
        DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(new FastPathTest.Script(aimedWords(11, 1, 100_000)));
        long[] z = new long[50_000];
        s.fill(z, 0, z.length, 11);
        int zeros = 0;
        for (long t : z) {
            assertThat(t).isNotEqualTo(1L); // the encoding of -0
            if (t == 0) {
                zeros++;
            }
        }
        assertThat(zeros).isPositive(); // the aimed words put many proposals on x = 0
    }

    /** Counts of samples by their position in a block of width w: bins of w/16 pooled over |x| < 255 w. */
    private static double positionChiSquare(LongSupplier draw, int n, int m) {
        long w = 1L << (m - BlockTable.LOG2_BLOCKS_PER_SIGMA);
        int bins = 16;
        long[] counts = new long[bins + 1];
        for (int i = 0; i < n; i++) {
            long x = Math.abs(draw.getAsLong());
            counts[x >= 255 * w ? bins : (int) ((x % w) / (w / bins))]++;
        }
        double sigma = Math.scalb(1.0, m);
        double[] p = new double[bins + 1];
        double total = 0;
        for (long x = 0; x < 20 * (long) sigma; x++) {
            double d = Math.exp(-(double) x * x / (2 * sigma * sigma)) * (x == 0 ? 1 : 2);
            p[x >= 255 * w ? bins : (int) ((x % w) / (w / bins))] += d;
            total += d;
        }
        return DiscreteGaussianNoiseTest.pearson(counts, p, total, n);
    }

    // 17 bins -> 16 degrees of freedom; P(chi2_16 > 65) ~ 7e-8: the false-failure rate of each check
    private static final double POSITION_CRIT = 65;

    @Test
    void samplesSitInTheirBlocksAsTheDensitySays() {
        // the wedges' acceptance is what tilts the mass inside each block: a pair sampler that accepted every wedge
        // point (or none) would give the proposal's flat blocks, which the next test shows this check rejects
        int n = 20_000_000;
        for (int m : new int[] {14, 20}) {
            int mm = m;
            DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(40 + m));
            long[] buf = new long[4096];
            int[] at = {buf.length};
            LongSupplier draw = () -> {
                if (at[0] == buf.length) {
                    s.integers(buf, 0, buf.length, mm, false);
                    at[0] = 0;
                }
                return buf[at[0]++];
            };
            assertThat(positionChiSquare(draw, n, m)).as("m=%d", m).isLessThan(POSITION_CRIT);
        }
    }

    @Test
    void positionCheckRejectsFlatBlocks() {
        // the proposal itself (block j with probability ~ g_j, then a uniform point and a sign): the distribution of
        // a sampler whose acceptance always said yes
        int m = 14;
        long w = 1L << (m - BlockTable.LOG2_BLOCKS_PER_SIGMA);
        double[] cum = new double[BlockTable.BLOCKS];
        double c = 0;
        for (int j = 0; j < cum.length; j++) {
            c += Math.exp(-(double) j * j / 8192);
            cum[j] = c;
        }
        double total = c;
        SplittableRandom r = new SplittableRandom(11);
        LongSupplier flat = () -> {
            while (true) {
                double v = r.nextDouble() * total;
                int j = java.util.Arrays.binarySearch(cum, v);
                j = j < 0 ? -j - 1 : j + 1;
                long x = j * w + r.nextLong(w);
                boolean negative = r.nextBoolean();
                if (x == 0 && negative) {
                    continue;
                }
                return negative ? -x : x;
            }
        };
        assertThat(positionChiSquare(flat, 20_000_000, m)).isGreaterThan(POSITION_CRIT);
    }
}

package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.NoiseRandom;

/** The exactness arguments of the fast discrete Gaussian sampler, checked piece by piece. */
class FastSamplerTest {

    @Test
    void expIntervalHoldsKnownValuesAndIsNarrow() {
        // exp(-1) and exp(-3/8), gamma = num / 2^shift
        double[] expected = {Math.exp(-1), Math.exp(-0.375), 1.0};
        long[] num = {1, 3, 0};
        int[] shift = {0, 3, 5};
        for (int i = 0; i < num.length; i++) {
            ExpComparison.Interval iv = ExpComparison.interval(BigInteger.valueOf(num[i]), shift[i], 80);
            double lo = new java.math.BigDecimal(iv.lo()).divide(new java.math.BigDecimal(iv.den()),
                    java.math.MathContext.DECIMAL128).doubleValue();
            assertThat(lo).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-15));
            // width 2 R <= 2^-80
            assertThat(iv.hi().subtract(iv.lo()).shiftLeft(80).compareTo(iv.den())).isLessThanOrEqualTo(0);
            // the true value lies inside: lo <= exp <= hi (checked at double precision with an exact double)
            assertThat(iv.lo().compareTo(iv.hi())).isLessThanOrEqualTo(0);
        }
        // exp(-1) = 0.36787944117144232159552377016146...: 30 digits from the exact bounds
        ExpComparison.Interval e1 = ExpComparison.interval(BigInteger.ONE, 0, 110);
        java.math.BigDecimal lo = new java.math.BigDecimal(e1.lo()).divide(new java.math.BigDecimal(e1.den()),
                new java.math.MathContext(40));
        assertThat(lo.toPlainString()).startsWith("0.367879441171442321595523770161");
    }

    @Test
    void acceptanceThresholdsAreCertifiedByExactArithmetic() {
        int subs = 1 << BlockTable.SUB_BITS;
        int shift = 2 * BlockTable.SUB_BITS + 2 * BlockTable.LOG2_BLOCKS_PER_SIGMA + 1;
        for (int j = 0; j < BlockTable.ACCEPT_BLOCKS; j++) {
            for (int t = 0; t < subs; t++) {
                long low = BlockTable.ACCEPT[2 * (j * subs + t)] & 0xFFFF_FFFFL;
                long high = (BlockTable.ACCEPT[2 * (j * subs + t) + 1] & 0xFFFF_FFFFL) + 1;
                // LOG <= 2^32 p((t+1)/2^S) and HIGH >= 2^32 p(t/2^S), against exact rational bounds
                ExpComparison.Interval end = ExpComparison.interval(
                        BigInteger.valueOf((t + 1L) * (t + 1L + ((long) 2 * j << BlockTable.SUB_BITS))), shift, 64);
                ExpComparison.Interval start = ExpComparison.interval(
                        BigInteger.valueOf((long) t * (t + ((long) 2 * j << BlockTable.SUB_BITS))), shift, 64);
                assertThat(BigInteger.valueOf(low).multiply(end.den()).compareTo(end.lo().shiftLeft(32)))
                        .as("LOW j=%d t=%d", j, t).isLessThanOrEqualTo(0);
                assertThat(BigInteger.valueOf(high).multiply(start.den()).compareTo(start.hi().shiftLeft(32)))
                        .as("HIGH j=%d t=%d", j, t).isGreaterThanOrEqualTo(0);
                // and they are useful: the undecided band is narrow
                assertThat(high - low).isLessThan(1L << 28); // < 6.25% even at 8 sigma
            }
        }
    }

    @Test
    void pointDecisionIsCertifiedByExactArithmeticAndTight() {
        // every decision of the point's own bounds is checked against exact rational bounds on p = exp(-y); words
        // are aimed at both bounds (1 - y and 1 - y + y^2/2) so that both sides of each are exercised
        SplittableRandom r = new SplittableRandom(11);
        int accepted = 0;
        int rejected = 0;
        int open = 0;
        for (int i = 0; i < 20_000; i++) {
            int m = DiscreteGaussianNoise.Sampler.LINEAR_MIN_M + r.nextInt(31 - DiscreteGaussianNoise.Sampler.LINEAR_MIN_M);
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int ub = 31 - wb;
            long x = r.nextLong((long) BlockTable.BLOCKS << wb);
            long off = x & ((1L << wb) - 1);
            BigInteger num = BigInteger.valueOf(off).multiply(BigInteger.valueOf(2 * x - off));
            double y = num.doubleValue() / Math.scalb(1.0, 2 * m + 1);
            double aim = switch (i % 3) {
                case 0 -> 1 - y;
                case 1 -> 1 - y + y * y / 2;
                default -> r.nextDouble();
            };
            long u = Math.max(0, Math.min((1L << ub) - 1, (long) Math.floor(Math.scalb(aim, ub)) + r.nextInt(5) - 2));
            int d = DiscreteGaussianNoise.Sampler.pointDecision(x, u, m);
            ExpComparison.Interval p = ExpComparison.interval(num, 2 * m + 1, 100);
            if (d > 0) {
                // (u + 1) 2^-ub <= lo <= p
                assertThat(BigInteger.valueOf(u + 1).multiply(p.den()).compareTo(p.lo().shiftLeft(ub)))
                        .as("accept m=%d x=%d u=%d", m, x, u).isLessThanOrEqualTo(0);
                accepted++;
            } else if (d < 0) {
                // u 2^-ub >= hi >= p
                assertThat(BigInteger.valueOf(u).multiply(p.den()).compareTo(p.hi().shiftLeft(ub)))
                        .as("reject m=%d x=%d u=%d", m, x, u).isGreaterThanOrEqualTo(0);
                rejected++;
            } else if (i % 3 == 2) {
                open++; // a random U left undecided
            }
            // tight: the acceptance is exactly (u + 1) 2^(2m+1-ub) + y <= 2^(2m+1), so the next u up is not accepted
            // when u is the last accepted one
            if (d > 0 && u + 1 < 1L << ub) {
                BigInteger lhs = BigInteger.valueOf(u + 2).shiftLeft(2 * m + 1 - ub).add(num);
                boolean nextAccepted = DiscreteGaussianNoise.Sampler.pointDecision(x, u + 1, m) > 0;
                assertThat(nextAccepted).isEqualTo(lhs.compareTo(BigInteger.ONE.shiftLeft(2 * m + 1)) <= 0);
            }
        }
        assertThat(accepted).isGreaterThan(5_000);
        assertThat(rejected).isGreaterThan(2_500);
        // a random U is left open only within about y^2/2 + 2^-ub of p (the aimed ones often are): 1.5% of the 6,667
        // random ones here, where x is uniform over 16 sigma (y is smaller at the Gaussian's typical points)
        assertThat(open).as("accepted %d rejected %d", accepted, rejected).isLessThan(200);
        assertThat(DiscreteGaussianNoise.Sampler.pointDecision(5, 3, DiscreteGaussianNoise.Sampler.LINEAR_MIN_M - 1))
                .isZero();
    }

    @Test
    void tieredAcceptanceAgreesWithTheExactComparison() {
        SplittableRandom r = new SplittableRandom(7);
        DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(8));
        int exactCalls = 0;
        for (int i = 0; i < 4000; i++) {
            int m = 8 + r.nextInt(23);
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int j = r.nextInt(BlockTable.BLOCKS);
            long off = r.nextLong(1L << wb);
            long b = off + ((long) j << (wb + 1));
            int shift = 2 * m + 1;
            long u;
            if (i % 2 == 0) {
                u = r.nextLong(1L << 32);
            } else {
                // right at the threshold: forces the exact path
                double p = Math.exp(-(double) off * b / Math.scalb(1.0, shift));
                u = Math.min((1L << 32) - 1, (long) Math.floor(Math.scalb(p, 32)) + r.nextInt(3) - 1);
                u = Math.max(0, u);
                exactCalls++;
            }
            long seed = r.nextLong();
            SplittableRandom ext1 = new SplittableRandom(seed);
            SplittableRandom ext2 = new SplittableRandom(seed);
            boolean fast = s.acceptPoint(u, off, j, m, ext1::nextLong);
            boolean exact = ExpComparison.uniformBelowExp(u, 32, BigInteger.valueOf(off).multiply(BigInteger.valueOf(b)),
                    shift, ext2::nextLong);
            assertThat(fast).as("m=%d j=%d off=%d u=%d", m, j, off, u).isEqualTo(exact);
        }
        assertThat(exactCalls).isPositive();
    }

    @Test
    void uniformBelowExpHasTheRightFrequency() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 20_000;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (ExpComparison.uniformBelowExp(0, 0, BigInteger.valueOf(3), 3, r::nextLong)) {
                hits++;
            }
        }
        double p = Math.exp(-0.375);
        // binomial sd = 0.0034; tolerance 6 sd (false failure ~2e-9)
        assertThat((double) hits / n).isCloseTo(p, org.assertj.core.data.Offset.offset(6 * Math.sqrt(p * (1 - p) / n)));
    }

    @Test
    void block32AgreesWithTheFullTableLookup() {
        SplittableRandom r = new SplittableRandom(10);
        int decided = 0;
        for (int i = 0; i < 200_000; i++) {
            long w;
            if (i % 4 == 0) {
                // around a boundary's top 32 bits
                int j = r.nextInt(BlockTable.BLOCKS);
                w = ((BlockTable.CUM_TOP32[j] + r.nextInt(3) - 1) << 32) | (r.nextLong() >>> 32);
            } else {
                w = r.nextLong();
            }
            int j32 = BlockTable.block32(w >>> 32);
            assertThat(BlockTable.blockInCell(w >>> 32)).as("w=%x", w).isEqualTo(j32); // the scan from the cell's start
            long lo = r.nextLong();
            if (j32 >= 0) {
                decided++;
                assertThat(j32).as("w=%x", w).isEqualTo(BlockTable.block(w, () -> lo));
            }
        }
        assertThat(decided).isGreaterThan(150_000); // all but ties with a boundary (a quarter of the words aim at one)
    }

    @Test
    void partsAreNoisedLikeTheirConcatenation() {
        int chunk = DiscreteGaussianNoise.CHUNK;
        float[][] parts = {new float[5], new float[0], new float[chunk + 3], new float[7]};
        float[] flat = new float[5 + chunk + 3 + 7];
        SplittableRandom r = new SplittableRandom(11);
        int k = 0;
        for (float[] p : parts) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) r.nextDouble(-1, 1);
                flat[k++] = p[i];
            }
        }
        new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(12)).addNoise(flat, 1.1, 0.5);
        new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(12)).addNoise(List.of(parts), 1.1, 0.5, 1.0);
        k = 0;
        for (float[] p : parts) {
            for (float v : p) {
                assertThat(v).isEqualTo(flat[k++]);
            }
        }
        assertThat(k).isEqualTo(flat.length);
    }

    /** The single-draw reference of the sampler {@code fill} uses at m: the pair sampler's or the word sampler's. */
    private static long reference(DiscreteGaussianNoise.Sampler s, int m) {
        return m >= DiscreteGaussianNoise.Sampler.PAIR_MIN_M && m <= DiscreteGaussianNoise.Sampler.PAIR_MAX_M
                ? s.pairGaussian(m) : s.blockGaussian(m);
    }

    @Test
    void inlinedReleaseDrawsTheSameSamplesAsTheSingleDrawReference() {
        for (int m : new int[] {6, 8, 10, 11, 20, 21, 22, 30}) {
            DiscreteGaussianNoise.Sampler a = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(13));
            DiscreteGaussianNoise.Sampler b = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(13));
            float[] v = new float[20_000];
            a.release(v, 0, v.length, 1.0, GridRounding.bound(1.0), 1.0, m);
            for (int i = 0; i < v.length; i++) {
                assertThat(v[i]).as("m=%d i=%d", m, i).isEqualTo((float) reference(b, m));
            }
        }
    }

    @Test
    void inlinedIntegerLoopDrawsTheSameSamplesAsTheSingleDrawReference() {
        for (int m : new int[] {6, 7, 9, 10, 11, 12, 20, 21, 22, 30}) {
            DiscreteGaussianNoise.Sampler a = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(14));
            DiscreteGaussianNoise.Sampler b = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(14));
            long[] v = new long[20_000];
            java.util.Arrays.fill(v, 7);
            a.integers(v, 0, v.length, m, true);
            for (int i = 0; i < v.length; i++) {
                assertThat(v[i]).as("m=%d i=%d", m, i).isEqualTo(7 + reference(b, m));
            }
        }
    }

    @Test
    void samplerDeltaIsTheTotalVariationCostRoundedUp() {
        assertThat(DiscreteGaussianNoise.TV_PER_DRAW).isEqualTo(Math.scalb(1.0, -110));
        assertThat(DiscreteGaussianNoise.samplerDelta(3.0, 0)).isZero();
        double d = DiscreteGaussianNoise.samplerDelta(0.0, 1L << 40); // (1 + 1) 2^40 2^-110 = 2^-69
        assertThat(d).isGreaterThanOrEqualTo(Math.scalb(1.0, -69)).isLessThan(Math.scalb(1.0, -69) * (1 + 1e-14));
        // 10^15 draws at epsilon 10: below 10^-13 (the class comment's example)
        assertThat(DiscreteGaussianNoise.samplerDelta(10.0, 1_000_000_000_000_000L)).isLessThan(1e-13);
        assertThat(DiscreteGaussianNoise.samplerDelta(Double.POSITIVE_INFINITY, 5)).isInfinite();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiscreteGaussianNoise.samplerDelta(-1, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Provided value: -1.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiscreteGaussianNoise.samplerDelta(1, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Provided value: -5");
        // the reported sum never rounds below the true one
        assertThat(DpSgd.sumUp(1e-5, 1e-28)).isEqualTo(Math.nextUp(1e-5));
        assertThat(DpSgd.sumUp(1e-5, 0)).isEqualTo(1e-5);
        assertThat(DpSgd.sumUp(0.5, 0.25)).isEqualTo(0.75);
    }
}

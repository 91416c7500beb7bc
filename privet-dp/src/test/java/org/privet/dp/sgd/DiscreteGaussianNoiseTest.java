package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.NoiseRandom;

class DiscreteGaussianNoiseTest {

    /**
     * Pearson's statistic of bin counts from n samples against bin weights {@code p[b]} (probabilities
     * {@code p[b] / total}).
     */
    static double pearson(long[] counts, double[] p, double total, int n) {
        double chi = 0;
        for (int b = 0; b < p.length; b++) {
            double e = n * p[b] / total;
            chi += (counts[b] - e) * (counts[b] - e) / e;
        }
        return chi;
    }

    /** Pearson chi-square of samples against P(x) ~ w(x) on |x| <= r, tails pooled into one bin each side. */
    private static double chiSquare(LongSupplier draw, int n, int r, java.util.function.LongToDoubleFunction w) {
        long[] counts = new long[2 * r + 3];
        for (int i = 0; i < n; i++) {
            long x = draw.getAsLong();
            int bin = x < -r ? 0 : x > r ? 2 * r + 2 : (int) (x + r + 1);
            counts[bin]++;
        }
        double[] p = new double[2 * r + 3];
        double total = 0;
        for (long x = -20L * r; x <= 20L * r; x++) {
            double wx = w.applyAsDouble(x);
            int bin = x < -r ? 0 : x > r ? 2 * r + 2 : (int) (x + r + 1);
            p[bin] += wx;
            total += wx;
        }
        return pearson(counts, p, total, n);
    }

    // 2r+3 = 27 bins -> 26 degrees of freedom; P(chi2_26 > 75) ~ 2e-6: the false-failure rate of each check.
    private static final double CHI2_26_CRIT = 75;

    @Test
    void exactSamplerMatchesTheDiscreteGaussianPmf() {
        DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(1));
        double sigma2 = 16; // m = 2: sigma = 4
        double chi = chiSquare(() -> s.discreteGaussian(2), 200_000, 12, x -> Math.exp(-x * x / (2 * sigma2)));
        assertThat(chi).isLessThan(CHI2_26_CRIT);
    }

    /** Chi-square of samples against P(x) ~ exp(-x^2/(2 sigma^2)) in bins of width sigma/4 on |x| < 3 sigma, tails pooled. */
    private static double binnedChiSquare(LongSupplier draw, int n, long sigma) {
        long width = sigma / 4;
        int inner = 24; // bins [-3 sigma, 3 sigma) of width sigma/4; plus two tail bins
        long[] counts = new long[inner + 2];
        for (int i = 0; i < n; i++) {
            counts[bin(draw.getAsLong(), width, inner)]++;
        }
        double[] p = new double[inner + 2];
        double total = 0;
        for (long x = -40 * sigma; x <= 40 * sigma; x++) {
            double w = Math.exp(-(double) x * x / (2.0 * sigma * sigma));
            p[bin(x, width, inner)] += w;
            total += w;
        }
        return pearson(counts, p, total, n);
    }

    private static int bin(long x, long width, int inner) {
        long k = Math.floorDiv(x, width) + inner / 2;
        return k < 0 ? 0 : k >= inner ? inner + 1 : (int) k + 1;
    }

    // 26 bins -> 25 degrees of freedom; P(chi2_25 > 75) ~ 1e-6
    @Test
    void blockSamplerMatchesTheDiscreteGaussianPmf() {
        for (int m : new int[] {6, 9, 12}) {
            DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(10 + m));
            double chi = binnedChiSquare(() -> s.blockGaussian(m), 300_000, 1L << m);
            assertThat(chi).as("m = %d", m).isLessThan(75);
        }
    }

    @Test
    void binnedChiSquareRejectsAGaussianFivePercentTooWide() {
        DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(20));
        // the deliberately wrong mechanism: the block sampler at sigma 32, scaled by 1.05
        double chi = binnedChiSquare(() -> Math.round(s.blockGaussian(6) * 1.05), 300_000, 64);
        assertThat(chi).isGreaterThan(75);
    }

    @Test
    void blockSamplerAgreesWithTheCksSamplerOnTheUnitBins() {
        DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(21));
        // sigma = 64 (m = 6, blocks of width 1): unit bins near zero check the block edges and the zero rejection
        double sigma2 = 64 * 64;
        double chi = chiSquare(() -> s.blockGaussian(6), 300_000, 12, x -> Math.exp(-x * x / (2 * sigma2)));
        assertThat(chi).isLessThan(CHI2_26_CRIT);
    }

    @Test
    void blockTableIsACumulativeDistribution() {
        long[] hi = BlockTable.CUM_HI;
        for (int j = 1; j < hi.length; j++) {
            assertThat(Long.compareUnsigned(hi[j - 1], hi[j])).isLessThanOrEqualTo(0);
        }
        assertThat(hi[hi.length - 1]).isEqualTo(-1L);
        // p_0 = 1 / sum_{j >= 0} exp(-j^2 / (2 B^2)) = 1 / (B sqrt(pi / 2) + 1/2), B = 2^L blocks per sigma (Poisson
        // summation: exact to ~e^-(pi B)^2 2; the table stops at 16 sigma, e^-128 of the mass)
        double b = Math.scalb(1.0, BlockTable.LOG2_BLOCKS_PER_SIGMA);
        double p0 = Math.scalb((double) (hi[0] >>> 11), -53);
        assertThat(p0).isCloseTo(1.0 / (b * Math.sqrt(Math.PI / 2) + 0.5), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(BlockTable.block(0L, () -> 0L)).isZero();
        assertThat(BlockTable.block(-1L, () -> -1L)).isEqualTo(BlockTable.BLOCKS - 1);
        // a tie on the high word is decided by the low word
        int j = 5;
        assertThat(BlockTable.block(hi[j], () -> BlockTable.CUM_LO[j] - 1)).isEqualTo(j);
        assertThat(BlockTable.block(hi[j], () -> BlockTable.CUM_LO[j])).isEqualTo(j + 1);
        assertThat(BlockTable.expMinus(java.math.BigDecimal.valueOf(800), new java.math.MathContext(30)).doubleValue())
                .isCloseTo(Math.exp(-800), org.assertj.core.data.Percentage.withPercentage(1e-10));
    }

    @Test
    void chiSquareRejectsARoundedContinuousGaussianOfTheWrongWidth() {
        // the deliberately wrong mechanism: round(N(0, 4.4^2)) tested against N_Z(0, 16)
        java.util.Random r = new java.util.Random(2);
        double chi = chiSquare(() -> Math.round(r.nextGaussian() * 4.4), 200_000, 12, x -> Math.exp(-x * x / 32.0));
        assertThat(chi).isGreaterThan(CHI2_26_CRIT);
    }

    @Test
    void discreteLaplaceMatchesItsPmf() {
        DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(3));
        double chi = chiSquare(() -> s.discreteLaplace(2), 200_000, 12, x -> Math.exp(-Math.abs(x) / 4.0));
        assertThat(chi).isLessThan(CHI2_26_CRIT);
    }

    @Test
    void bernoulliExpMinusHasTheRightFrequency() {
        DiscreteGaussianNoise.Sampler s = new DiscreteGaussianNoise.Sampler(NoiseRandom.insecureSeededForTests(4));
        int n = 400_000;
        // gamma = 1 + 3/8: P = exp(-1.375) = 0.2528; binomial sd = 0.00069; tolerance 6 sd (false failure ~2e-9)
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (s.bernoulliExpMinus(1, 3, 3)) {
                hits++;
            }
        }
        double p = Math.exp(-1.375);
        assertThat((double) hits / n).isCloseTo(p, org.assertj.core.data.Offset.offset(6 * Math.sqrt(p * (1 - p) / n)));
    }

    @Test
    void vectorNoiseHasTheStatedMomentsAndGrid() {
        DiscreteGaussianNoise noise = new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(5));
        int d = 100_000;
        float[] v = new float[d];
        double z = 1.3;
        double c = 0.7;
        DiscreteGaussianNoise.Grid g = noise.addNoise(v, z, c);
        assertThat(g.log2Sigma()).isBetween(20, 30);
        assertThat(g.stdDev()).isBetween(z * c, z * c * (1 + 0x1p-9) * (1 + 0x1p-26));
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        for (float f : v) {
            s1 += f;
            s2 += (double) f * f;
            s4 += Math.pow(f, 4);
        }
        double sd = Math.sqrt(s2 / d);
        // sd of the sample sd ~ sigma / sqrt(2d) = 0.22% ; tolerance 2% (~9 sd). Mean: 6 / sqrt(d) sigma.
        assertThat(sd / g.stdDev()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(s1 / d).isCloseTo(0.0, org.assertj.core.data.Offset.offset(6 * g.stdDev() / Math.sqrt(d)));
        // kurtosis 3 for a Gaussian (sd of the estimate ~ sqrt(96/d) = 0.031); Laplace would give 6
        assertThat(s4 / d / Math.pow(s2 / d, 2)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void singleValueReleasesHaveTheGridStdDevAndZeroMeanAndAFreshKeyEach() {
        // the scalar release draws from AES keyed per call by the key source: 20,000 releases of 3.0 at z = 2, C = 0.5;
        // mean within 6 sd of the mean, variance within 6 sd of the sample variance (sqrt(2/n) relative): false
        // failure ~4e-9 for the test
        DiscreteGaussianNoise noise = new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(77));
        double sigma = DiscreteGaussianNoise.grid(1, 2.0, 0.5).stdDev();
        int n = 20_000;
        double s1 = 0;
        double s2 = 0;
        double previous = Double.NaN;
        int repeats = 0;
        for (int i = 0; i < n; i++) {
            double x = noise.addNoise(3.0, 2.0, 0.5) - 3.0;
            s1 += x;
            s2 += x * x;
            repeats += x == previous ? 1 : 0;
            previous = x;
        }
        assertThat(s1 / n).isCloseTo(0.0, org.assertj.core.data.Offset.offset(6 * sigma / Math.sqrt(n)));
        assertThat(s2 / n / (sigma * sigma)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(6 * Math.sqrt(2.0 / n)));
        assertThat(repeats).isLessThan(3); // a stuck key would repeat the same draw (P(equal) ~ 2^-21 per pair)
    }

    @Test
    void sameKeyGivesTheSameNoiseWhateverTheThreadCount() {
        float[] a = new float[3 * DiscreteGaussianNoise.CHUNK + 5];
        float[] b = a.clone();
        new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(6)).addNoise(a, 1.0, 1.0);
        int saved = org.privet.core.tensor.Parallel.threads();
        try {
            org.privet.core.tensor.Parallel.setThreads(1);
            new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(6)).addNoise(b, 1.0, 1.0);
        } finally {
            org.privet.core.tensor.Parallel.setThreads(saved);
        }
        assertThat(b).containsExactly(a);
    }

    @Test
    void integerSamplesMatchTheDiscreteGaussianPmf() {
        // public entry point, both sampler paths: exact CKS (log2Sigma 1, 3, 5, below the block sampler's 6: unit
        // bins on |x| <= 12, 26 degrees of freedom) and the block sampler (8, 14 in bins of sigma/4, 25 degrees of
        // freedom); critical value 75 for both: false failure ~2e-6 per check, ~1e-5 for the test
        int n = 200_000;
        for (int m : new int[] {1, 3, 5}) {
            long[] z = new long[n];
            new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(30 + m)).sampleInto(z, m);
            double sigma2 = Math.scalb(1.0, 2 * m);
            int[] k = {0};
            double chi = chiSquare(() -> z[k[0]++], n, 12, x -> Math.exp(-x * x / (2 * sigma2)));
            assertThat(chi).as("log2Sigma = %d", m).isLessThan(CHI2_26_CRIT);
        }
        for (int m : new int[] {8, 14}) {
            long[] z = new long[n];
            new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(30 + m)).sampleInto(z, m);
            int[] k = {0};
            double chi = binnedChiSquare(() -> z[k[0]++], n, 1L << m);
            assertThat(chi).as("log2Sigma = %d", m).isLessThan(75);
        }
    }

    @Test
    void integerChiSquareRejectsTheNeighbouringPowerOfTwo() {
        // the check has power: samples at sigma 2^4 tested against sigma 2^3 (a mechanism with the wrong grid)
        long[] z = new long[200_000];
        new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(40)).sampleInto(z, 4);
        int[] k = {0};
        double chi = chiSquare(() -> z[k[0]++], z.length, 12, x -> Math.exp(-x * x / (2 * 64.0)));
        assertThat(chi).isGreaterThan(CHI2_26_CRIT);
    }

    @Test
    void addIntoAddsTheSampleIntoNoiseAndIsThreadCountIndependent() {
        long[] base = new long[2 * DiscreteGaussianNoise.CHUNK + 3];
        for (int i = 0; i < base.length; i++) {
            base[i] = i * 31L - 1000;
        }
        long[] noise = new long[base.length];
        new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(41)).sampleInto(noise, 12);
        long[] added = base.clone();
        int saved = org.privet.core.tensor.Parallel.threads();
        try {
            org.privet.core.tensor.Parallel.setThreads(1);
            new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(41)).addInto(added, 12);
        } finally {
            org.privet.core.tensor.Parallel.setThreads(saved);
        }
        long nonZero = 0;
        for (int i = 0; i < base.length; i++) {
            assertThat(added[i]).isEqualTo(base[i] + noise[i]);
            nonZero += noise[i] != 0 ? 1 : 0;
        }
        assertThat(nonZero).isGreaterThan(base.length - 100); // P(Z = 0) ~ 1e-4 at sigma 4096
        new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(41)).sampleInto(new long[0], 12);
        assertThatThrownBy(() -> new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(1)).sampleInto(new long[1], 0))
                .hasMessage("log2Sigma must be in [1, 30]. Provided value: 0");
        assertThatThrownBy(() -> new DiscreteGaussianNoise(NoiseRandom.insecureSeededForTests(1)).addInto(new long[1], 31))
                .hasMessage("log2Sigma must be in [1, 30]. Provided value: 31");
    }

    @Test
    void keystreamRandomIsKeyedFromItsSource() {
        java.security.SecureRandom a = DiscreteGaussianNoise.keystreamRandom(NoiseRandom.insecureSeededForTests(50));
        java.security.SecureRandom b = DiscreteGaussianNoise.keystreamRandom(NoiseRandom.insecureSeededForTests(50));
        java.security.SecureRandom c = DiscreteGaussianNoise.keystreamRandom(NoiseRandom.insecureSeededForTests(51));
        long same = 0;
        long ones = 0;
        for (int i = 0; i < 4096; i++) {
            long x = a.nextLong();
            assertThat(b.nextLong()).isEqualTo(x);
            same += c.nextLong() == x ? 1 : 0;
            ones += Long.bitCount(x);
        }
        assertThat(same).isZero();
        // 262,144 bits: mean 131,072, sd 256; 6 sd (false failure 2e-9)
        assertThat(ones).isBetween(131_072L - 1536, 131_072L + 1536);
        assertThatThrownBy(() -> DiscreteGaussianNoise.keystreamRandom(null)).hasMessage("keySource must not be null");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> DiscreteGaussianNoise.grid(10, -1, 1))
                .hasMessage("noise multiplier must be > 0 and finite. Provided value: -1.0");
        assertThatThrownBy(() -> DiscreteGaussianNoise.grid(10, 1, Double.NaN))
                .hasMessage("L2 sensitivity must be > 0 and finite. Provided value: NaN");
        assertThatThrownBy(() -> DiscreteGaussianNoise.grid(1L << 40, 10, 1))
                .hasMessageContaining("must be <= 2^20");
    }
}

package org.privet.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;
import org.privet.dp.noise.NoiseRandom;
import org.privet.fl.aggregate.CoordinateMedian;
import org.privet.fl.aggregate.NormClipping;
import org.privet.fl.aggregate.WeightedMean;

/** DDGauss (Kairouz, Liu, Steinke 2021): the codec, the accounting pinned to hand-computed values, a federation. */
class DistributedDpTest {
    @Test
    void theRandomizedHadamardRotationIsOrthogonalAndInvertible() {
        double[] x = new double[64];
        Rng r = Rng.of(1);
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() - 0.5;
            norm += x[i] * x[i];
        }
        double[] y = x.clone();
        DistributedDiscreteGaussian.rotate(y, 42);
        double ny = 0;
        for (double v : y) {
            ny += v * v;
        }
        assertThat(ny).isCloseTo(norm, within(1e-12));
        assertThat(y).isNotEqualTo(x);
        DistributedDiscreteGaussian.unrotate(y, 42);
        for (int i = 0; i < x.length; i++) {
            assertThat(y[i]).isCloseTo(x[i], within(1e-13));
        }
        // one spike spreads over every coordinate: |y_j| = |x_0| / sqrt(64)
        double[] spike = new double[64];
        spike[0] = 8;
        DistributedDiscreteGaussian.rotate(spike, 7);
        for (double v : spike) {
            assertThat(Math.abs(v)).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void theModularSumOfSharesDecodesToTheSumOfClippedUpdatesPlusSmallNoise() {
        // sigma 1e-4 per client, gamma 1e-6 requested, 1e-4 / 2^6 = 1.5625e-6 used: 3 shares carry noise of std
        // 1.7e-4 per coordinate and rounding of at most 5e-6; tolerance 1.5e-3 is > 8 standard deviations (false
        // failure < 1e-14 per coordinate)
        DistributedDiscreteGaussian m = new DistributedDiscreteGaussian(1.0, 1e-4, 1e-6, DistributedDiscreteGaussian.DEFAULT_BETA, 40);
        assertThat(m.granularity()).isEqualTo(1e-4 / 64);
        SecureRandom noise = NoiseRandom.insecureSeededForTests(3);
        float[][] u = {{0.1f, -0.2f, 0.3f, 0f, 0.05f}, {0.5f, 0.5f, -0.5f, 0.1f, 0f}, {3f, 4f, 0f, 0f, 0f}};
        long[] sum = new long[DistributedDiscreteGaussian.paddedDimension(5)];
        assertThat(sum).hasSize(8);
        long mask = (1L << 40) - 1;
        for (float[] x : u) {
            long[] share = m.encode(x, 99, noise);
            for (int j = 0; j < sum.length; j++) {
                assertThat(share[j]).isBetween(0L, mask);
                sum[j] = (sum[j] + share[j]) & mask;
            }
        }
        double[] got = m.decode(sum, 5, 99);
        // the third update has norm 5 and is clipped to 1: (0.6, 0.8, 0, 0, 0)
        double[] want = {0.1 + 0.5 + 0.6, -0.2 + 0.5 + 0.8, 0.3 - 0.5, 0.1, 0.05};
        for (int j = 0; j < 5; j++) {
            assertThat(got[j]).as("coordinate " + j).isCloseTo(want[j], within(1.5e-3));
        }
        assertThatThrownBy(() -> m.decode(new long[5], 5, 99)).hasMessageContaining("sum length must be 8");
        assertThatThrownBy(() -> m.encode(new float[] {Float.NaN}, 1, noise)).hasMessageContaining("finite");
    }

    @Test
    void accountingMatchesTheoremOneComputedByHand() {
        // c = 1, sigma = 1, gamma = 2^-6, beta = e^-1/2 (sqrt(2 ln(1/beta)) = 1), D = 16, n = 10: Delta^2 =
        // min((1 + 4 gamma)^2, 1 + 4 gamma^2 + gamma (1 + 2 gamma)) = 1 + gamma + 6 gamma^2 = 1.01708984375,
        // s^2 = 0.101708984375, tau ~ 0 (exp(-2 pi^2 4096 / 2)): RDP(2) = s^2 (all dyadic: exact in doubles)
        DistributedDiscreteGaussian a = new DistributedDiscreteGaussian(1, 1, 0x1p-6, Math.exp(-0.5), 20);
        assertThat(a.log2NoiseGranules()).isEqualTo(6);
        assertThat(a.l2SensitivitySquared(16)).isCloseTo(1.01708984375, within(1e-14));
        assertThat(a.rdp(2, 10, 16)).isCloseTo(0.101708984375, within(1e-14));
        assertThat(a.rdp(2, 10, 9)).isCloseTo(0.101708984375, within(1e-14)); // 9 pads to 16
        // the accounting uses the gamma actually used: 0.01 requested is made coarser to 2^-6 (sigma/gamma = 64)
        DistributedDiscreteGaussian snapped = new DistributedDiscreteGaussian(1, 1, 0.01, Math.exp(-0.5), 20);
        assertThat(snapped.granularity()).isEqualTo(0x1p-6);
        assertThat(snapped.rdp(2, 10, 16)).isEqualTo(a.rdp(2, 10, 16));
        // sigma = 1, gamma = 0.5 (sigma/gamma = 2, the smallest allowed), n = 3, alpha = 8: Delta^2 = min(9,
        // 1 + 1 + 0.5 * 2) = 3, s^2 = 1, tau = 10 (e^-4 pi^2 + e^-16 pi^2 / 3) = 7.157179628e-17:
        // RDP = min(4 + 16 tau, 4 (1 + 4 tau)^2) = 4 + 16 tau
        DistributedDiscreteGaussian b = new DistributedDiscreteGaussian(1, 1, 0.5, Math.exp(-0.5), 20);
        assertThat(b.tau(3)).isCloseTo(7.157179628060208e-17, within(1e-26));
        assertThat(b.l2SensitivitySquared(16)).isEqualTo(3.0);
        assertThat(b.rdp(8, 3, 16)).isCloseTo(4, within(1e-14));
        // unconditional rounding (beta = 0): Delta^2 = (c + gamma sqrt(D))^2 = 9, s^2 = 3, RDP = 8 * 3 / 2 + 16 tau
        DistributedDiscreteGaussian c = new DistributedDiscreteGaussian(1, 1, 0.5, 0, 20);
        assertThat(c.rdp(8, 3, 16)).isCloseTo(12, within(1e-14));
        // more clients' noise in the sum: less privacy loss
        assertThat(a.rdp(2, 20, 16)).isLessThan(a.rdp(2, 10, 16));
    }

    @Test
    void theGridIsMadeCoarserToAPowerOfTwoOfTheNoise() {
        // sigma / gamma = 100 -> 64, 2^40 -> capped at 2^30, 2 stays 2; the noise standard deviation is kept exactly
        DistributedDiscreteGaussian m = new DistributedDiscreteGaussian(1, 0.3, 0.003, 0.5, 30);
        assertThat(m.log2NoiseGranules()).isEqualTo(6);
        assertThat(m.granularity()).isEqualTo(0.3 / 64).isBetween(0.003, 0.006);
        assertThat(m.noiseStdDev()).isEqualTo(0.3);
        assertThat(new DistributedDiscreteGaussian(1, 1, 0x1p-40, 0.5, 62).granularity()).isEqualTo(0x1p-30);
        assertThat(new DistributedDiscreteGaussian(1, 1, 0.5, 0.5, 62).log2NoiseGranules()).isEqualTo(1);
        assertThatThrownBy(() -> new DistributedDiscreteGaussian(1, 1, 0.6, 0.5, 20))
                .hasMessage("noise standard deviation / granularity must be >= 2. Provided value: 1.6666666666666667");
    }

    @Test
    void sharesCarryDiscreteGaussianNoiseOfTheStatedWidth() {
        // a zero update: each coordinate of a share (centred) is the noise alone, N_Z(0, 2^(2k)) with k = 4 here
        // (sigma 1, gamma 1/16). Pearson chi-square over 40 shares x 1024 coordinates in 26 bins of width 4 on
        // [-48, 48) plus two tails (25 degrees of freedom); P(chi2_25 > 75) ~ 1e-6: the false-failure rate. The
        // same samples tested against widths 2^3 and 2^5 must fail it (the check has power).
        DistributedDiscreteGaussian m = new DistributedDiscreteGaussian(1, 1, 1.0 / 16, 0, 16);
        assertThat(m.log2NoiseGranules()).isEqualTo(4);
        SecureRandom noise = NoiseRandom.insecureSeededForTests(21);
        long[] counts = new long[26];
        int n = 0;
        for (int share = 0; share < 40; share++) {
            long[] s = m.encode(new float[1024], 5, noise);
            for (long v : s) {
                long z = (v << 48) >> 48; // centred lift modulo 2^16
                counts[bin(z)]++;
                n++;
            }
        }
        assertThat(chiSquare(counts, n, 16)).isLessThan(75);
        assertThat(chiSquare(counts, n, 8)).isGreaterThan(75);
        assertThat(chiSquare(counts, n, 32)).isGreaterThan(75);
    }

    /** Pearson chi-square of the binned counts against N_Z(0, sigma^2). */
    private static double chiSquare(long[] counts, int n, double sigma) {
        double[] p = new double[counts.length];
        double total = 0;
        for (long x = -400; x <= 400; x++) {
            double w = Math.exp(-x * x / (2 * sigma * sigma));
            p[bin(x)] += w;
            total += w;
        }
        double chi = 0;
        for (int b = 0; b < counts.length; b++) {
            double e = n * p[b] / total;
            chi += (counts[b] - e) * (counts[b] - e) / e;
        }
        return chi;
    }

    private static int bin(long z) {
        long k = Math.floorDiv(z, 4) + 12;
        return k < 0 ? 0 : k >= 24 ? 25 : (int) k + 1;
    }

    @Test
    void calibrationGivesTheCentralNoiseLevelAndFitsTheModulus() {
        DistributedDiscreteGaussian m = DistributedDiscreteGaussian.calibrated(1.0, 1.0, 10, 1142, 20, 0.6);
        assertThat(m.noiseStdDev() * Math.sqrt(10)).isCloseTo(1.0, within(1e-12));
        // the rule's 12 sqrt(c^2 n^2 / D + n sigma^2) / 2^20 with D = 2048 (about 1.17e-5), made coarser to
        // sigma / 2^k: sigma / 1.17e-5 = 26,970, so k = 14 and gamma = 0.3162 / 16384 = 1.93e-5
        double rule = 12 * Math.sqrt(100.0 / 2048 + 1) / (1 << 20);
        assertThat(m.log2NoiseGranules()).isEqualTo(14);
        assertThat(m.granularity()).isEqualTo(Math.scalb(m.noiseStdDev(), -14)).isBetween(rule, 2 * rule);
        // the coarser grid keeps (at least) the 6 standard deviations of the rule: here 6 * 1.93 / 1.17
        assertThat(m.modulusMarginStdDevs(10, 1142)).isBetween(6.0, 12.0);
        assertThatThrownBy(() -> DistributedDiscreteGaussian.calibrated(1.0, 1.0, 1000, 1142, 8, 0.6))
                .hasMessageContaining("bits too small").hasMessageContaining("Provided bits: 8");
        assertThatThrownBy(() -> new DistributedDiscreteGaussian(1, 1, 1, 1.0, 20)).hasMessageContaining("beta must be in [0, 1)");
        assertThatThrownBy(() -> new DistributedDiscreteGaussian(1, 1, 1, 0.5, 7)).hasMessageContaining("bits must be in [8, 62]");
    }

    @Test
    void aFederationWithDistributedDpTracksTheClippedMeanAndReportsEpsilon() {
        int[][] parts = Partitions.iid(Fixtures.TRAIN.size(), 20, Rng.of(1));
        FlModel model = Fixtures.mlp(3);
        // z = 0.01: the summed noise has std 0.01 per rotated coordinate, so the mean over 5 clients 0.002
        DistributedDiscreteGaussian m = DistributedDiscreteGaussian.calibrated(1.0, 0.01, 5, model.dimension(), 20,
                DistributedDiscreteGaussian.DEFAULT_BETA);
        java.util.function.IntFunction<FederatedSimulation.Builder> sim = rounds -> FederatedSimulation.builder()
                .model(model).clients(Fixtures.TRAIN, parts).test(Fixtures.TEST)
                .config(new FlConfig(rounds, 5, LocalTraining.fedAvg(1, 10, 0.3f), 1, 0, 0, 2, 5));
        FlHistory h = sim.apply(2).distributedDp(m, 1e-5).insecureNoiseRandomForTests(8).build().run(null);
        assertThat(h.description()).contains("distributed DP DDGauss");
        assertThat(h.rounds()).allMatch(r -> r.accepted() == 5 && r.skipped().isEmpty());
        // epsilon grows with every round of composition; z = 0.01 is no privacy to speak of, on purpose
        assertThat(h.rounds().get(1).epsilon()).isGreaterThan(h.rounds().get(0).epsilon());
        assertThat(h.rounds().get(0).epsilon()).isFinite().isPositive();
        // one round against the same clients' clipped mean without noise (norm clipping at 1; equal example
        // counts, so its weighted mean is the plain mean): within 0.012 = 6 noise standard deviations per
        // coordinate (false failure < 1e-5 over the 1142 coordinates), plus fixed-point rounding (gamma ~ 1e-6)
        FlHistory ddg = sim.apply(1).distributedDp(m, 1e-5).insecureNoiseRandomForTests(9).build().run(null);
        FlHistory clipped = sim.apply(1).aggregator(new NormClipping(1.0)).build().run(null);
        float[] a = ddg.finalModel();
        float[] b = clipped.finalModel();
        float[] init = model.initialParameters();
        double moved = 0;
        for (int j = 0; j < a.length; j++) {
            assertThat((double) a[j]).as("coordinate " + j).isCloseTo(b[j], within(0.012));
            moved = Math.max(moved, Math.abs(b[j] - init[j]));
        }
        double maxDiff = 0;
        for (int j = 0; j < a.length; j++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
        }
        assertThat(maxDiff).isLessThan(0.012); // observed 0.0068 against a move of up to 0.11
        assertThat(moved).isGreaterThan(0.05); // the round did move the model
        assertThatThrownBy(() -> FederatedSimulation.builder().model(model).clients(Fixtures.TRAIN, parts)
                .test(Fixtures.TEST).config(new FlConfig(1, 10, LocalTraining.fedAvg(1, 10, 0.3f), 1, 0, 0, 1, 5))
                .aggregator(new CoordinateMedian()).distributedDp(m, 1e-5).build())
                .hasMessageContaining("needs the mean aggregator");
        assertThatThrownBy(() -> FederatedSimulation.builder().distributedDp(m, 0)).hasMessageContaining("delta");
        assertThat(new WeightedMean(true).isLinear()).isTrue();
    }
}

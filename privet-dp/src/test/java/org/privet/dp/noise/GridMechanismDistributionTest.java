package org.privet.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Tier (c) for the grid mechanisms: Kolmogorov-Smirnov tests of the released noise against the
 * continuous Laplace / Gaussian it stands for (the 2^-40 / 2^-30 grids are far below what n = 50000
 * samples resolve), at alpha = 1e-4 with a majority vote of three repeats (false failure about
 * 3e-8), and checks that the same tests reject a mechanism whose scale is 20% off.
 */
class GridMechanismDistributionTest {

    private static final int N = 50_000;
    private static final double ALPHA = 1e-4;

    private static double[] noise(NoiseMechanism m, double at) {
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
            s[i] = m.addNoise(at) - at;
        }
        return s;
    }

    @Test
    void laplaceMatchesContinuousLaplace() {
        double b = 2.0 / 0.5;
        boolean ok = StatisticalTests.majority(rep -> {
            LaplaceMechanism m = LaplaceMechanism.builder().epsilon(0.5).sensitivity(2).insecureSeededForTests(10 + rep).build();
            assertThat(m.scale()).isBetween(b, b * (1 + 1e-9));
            return StatisticalTests.ksAccepts(noise(m, 100.0), x -> StatisticalTests.laplaceCdf(x, b), ALPHA);
        });
        assertThat(ok).isTrue();
        boolean wrong = StatisticalTests.majority(rep -> {
            LaplaceMechanism m = LaplaceMechanism.builder().epsilon(0.5 / 1.2).sensitivity(2).insecureSeededForTests(20 + rep)
                    .build();
            return StatisticalTests.ksAccepts(noise(m, 100.0), x -> StatisticalTests.laplaceCdf(x, b), ALPHA);
        });
        assertThat(wrong).isFalse();
    }

    @Test
    void gaussianMatchesContinuousGaussian() {
        GaussianMechanism probe = GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(1).insecureSeededForTests(0).build();
        double sigma = probe.sigma();
        // analytic sigma for (1, 1e-5) is 3.7306 (reference below); the grid adds at most a relative 2^-28
        assertThat(sigma).isBetween(3.7306, 3.7307);
        boolean ok = StatisticalTests.majority(rep -> {
            GaussianMechanism m = GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(1)
                    .insecureSeededForTests(30 + rep).build();
            return StatisticalTests.ksAccepts(noise(m, -7.5), x -> NormalDistribution.cdf(x / sigma), ALPHA);
        });
        assertThat(ok).isTrue();
        boolean wrong = StatisticalTests.majority(rep -> {
            GaussianMechanism m = GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(1.2)
                    .insecureSeededForTests(40 + rep).build();
            return StatisticalTests.ksAccepts(noise(m, -7.5), x -> NormalDistribution.cdf(x / sigma), ALPHA);
        });
        assertThat(wrong).isFalse();
    }

    @Test
    void granularityFollowsTheScale() {
        LaplaceMechanism l = LaplaceMechanism.builder().epsilon(1).sensitivity(1).insecureSeededForTests(1).build();
        assertThat(l.granularity()).isEqualTo(0x1p-40);
        GaussianMechanism g = GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(1).insecureSeededForTests(1).build();
        assertThat(g.granularity()).isEqualTo(0x1p-28); // 3.73 / 2^30 rounded up to a power of two
        // inputs are never clamped: a huge value keeps its magnitude (the noise is below its ulp),
        // and a million with epsilon 1 comes back within a few noise scales of a million
        assertThat(l.addNoise(1e300)).isEqualTo(1e300);
        assertThat(l.addNoise(1e6)).isCloseTo(1e6, org.assertj.core.data.Offset.offset(50.0));
        assertThat(g.addNoise(-1e9)).isCloseTo(-1e9, org.assertj.core.data.Offset.offset(50.0));
    }

    /**
     * Neighbouring-dataset test (tier c) on the discrete Laplace mechanism with epsilon = 1: for every
     * output value with at least 2000 hits under both inputs 0 and 1, the empirical ratio stays below
     * e^1 times 1.2 (the 20% allows sampling error: at 2000 hits the ratio's relative sd is ~3.2%, so
     * 1.2 is over 5 sd; false failure < 1e-6 per value). A mechanism with half the noise must fail.
     */
    @Test
    void neighbouringInputsRespectEpsilon() {
        assertThat(maxRatio(1.0, 1.0)).isLessThan(Math.E * 1.2);
        assertThat(maxRatio(2.0, 1.0)).isGreaterThan(Math.E * 1.2);
    }

    private static double maxRatio(double epsilonUsed, double epsilonClaimed) {
        DiscreteLaplaceMechanism m = DiscreteLaplaceMechanism.builder().epsilon(epsilonUsed).sensitivity(1)
                .insecureSeededForTests(77).build();
        int n = 400_000;
        int off = 50;
        long[] c0 = new long[2 * off + 1];
        long[] c1 = new long[2 * off + 1];
        for (int i = 0; i < n; i++) {
            long a = m.addNoise(0L);
            long b = m.addNoise(1L);
            if (Math.abs(a) <= off) {
                c0[(int) a + off]++;
            }
            if (Math.abs(b) <= off) {
                c1[(int) b + off]++;
            }
        }
        double worst = 0;
        for (int i = 0; i < c0.length; i++) {
            if (c0[i] >= 2000 && c1[i] >= 2000) {
                worst = Math.max(worst, Math.max((double) c0[i] / c1[i], (double) c1[i] / c0[i]));
            }
        }
        return worst / Math.exp(epsilonClaimed - 1.0);
    }
}

package org.privet.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, every additive mechanism (STYLE item 15). Tier (a): plumbing (budget, sensitivity,
 * determinism under a seed, output on the grid, bad input rejected before any draw). Tier (b):
 * moments and confidence-interval coverage, each with its false-failure probability stated.
 */
class NoiseMechanismContractTest {

    /** A named factory: seed -> mechanism, plus the grid every output must lie on and whether inputs must be integral. */
    record Case(String name, LongFunction<NoiseMechanism> factory, double grid, boolean integral, double epsilon,
            double delta, Sensitivity sensitivity) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Sensitivity s2 = new Sensitivity(1, 2.0);
        Sensitivity s3 = new Sensitivity(4, 0.75);
        return Stream.of(
                new Case("laplace", seed -> LaplaceMechanism.builder().epsilon(0.5).sensitivity(s2).insecureSeededForTests(seed)
                        .build(), Double.NaN, false, 0.5, 0, s2),
                new Case("laplace-l0", seed -> LaplaceMechanism.builder().epsilon(1.3).sensitivity(s3).insecureSeededForTests(seed)
                        .build(), Double.NaN, false, 1.3, 0, s3),
                new Case("gaussian-analytic", seed -> GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(s2)
                        .insecureSeededForTests(seed).build(), Double.NaN, false, 1, 1e-5, s2),
                new Case("gaussian-classic", seed -> GaussianMechanism.builder().epsilon(0.5).delta(1e-6).sensitivity(s3)
                        .calibration(GaussianCalibration.Method.CLASSIC).insecureSeededForTests(seed).build(), Double.NaN, false,
                        0.5, 1e-6, s3),
                new Case("discrete-laplace", seed -> DiscreteLaplaceMechanism.builder().epsilon(0.7).sensitivity(s2)
                        .insecureSeededForTests(seed).build(), 1, true, 0.7, 0, s2),
                new Case("discrete-gaussian", seed -> DiscreteGaussianMechanism.builder().epsilon(2).delta(1e-6).sensitivity(s2)
                        .insecureSeededForTests(seed).build(), 1, true, 2, 1e-6, s2),
                new Case("geometric", seed -> GeometricMechanism.builder().epsilon(1).sensitivity(1).bounds(-1_000_000, 1_000_000)
                        .insecureSeededForTests(seed).build(), 1, true, 1, 0, Sensitivity.ofScalar(1)))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plumbingBudgetAndSensitivityAreThoseBuilt(Case c) {
        NoiseMechanism m = c.factory().apply(1);
        assertThat(m.budget().epsilon()).isEqualTo(c.epsilon());
        assertThat(m.budget().delta()).isEqualTo(c.delta());
        assertThat(m.sensitivity()).isEqualTo(c.sensitivity());
        assertThat(m.description()).contains("epsilon=" + c.epsilon());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameSeedSameOutputsDifferentSeedDifferentOutputs(Case c) {
        NoiseMechanism a = c.factory().apply(7);
        NoiseMechanism b = c.factory().apply(7);
        NoiseMechanism d = c.factory().apply(8);
        boolean anyDifferent = false;
        for (int i = 0; i < 50; i++) {
            double x = a.addNoise(10.0);
            assertThat(b.addNoise(10.0)).isEqualTo(x);
            anyDifferent |= d.addNoise(10.0) != x;
        }
        assertThat(anyDifferent).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputsLieOnTheGrid(Case c) {
        NoiseMechanism m = c.factory().apply(3);
        double grid = c.grid();
        if (m instanceof LaplaceMechanism l) {
            grid = l.granularity();
        } else if (m instanceof GaussianMechanism g) {
            grid = g.granularity();
        }
        assertThat(grid).as("a power of two").isEqualTo(Math.scalb(1.0, Math.getExponent(grid)));
        for (int i = 0; i < 200; i++) {
            double v = c.integral() ? 3.0 : 3.14159 * i;
            double y = m.addNoise(v);
            double k = y / grid;
            assertThat(k).as("output %s on grid %s", y, grid).isEqualTo(Math.rint(k));
            assertThat(Math.abs(k)).isLessThan(0x1p53);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRejectedBeforeAnyDraw(Case c) {
        CountingRandom counting = new CountingRandom(5);
        NoiseMechanism m = withRandom(c, counting);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> m.addNoise(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Provided value: " + bad);
        }
        if (c.integral()) {
            assertThatThrownBy(() -> m.addNoise(0.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("integral value");
        }
        assertThatThrownBy(() -> m.confidenceInterval(0, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidence level must be in (0, 1). Provided value: 1.0");
        assertThat(counting.draws()).isZero();
        m.addNoise(1L);
        assertThat(counting.draws()).isPositive();
    }

    private static NoiseMechanism withRandom(Case c, CountingRandom r) {
        NoiseMechanism proto = c.factory().apply(0);
        if (proto instanceof LaplaceMechanism) {
            return LaplaceMechanism.builder().epsilon(c.epsilon()).sensitivity(c.sensitivity()).secureRandom(r).build();
        }
        if (proto instanceof GaussianMechanism g) {
            return GaussianMechanism.builder().epsilon(c.epsilon()).delta(c.delta()).sensitivity(c.sensitivity())
                    .calibration(g.method()).secureRandom(r).build();
        }
        if (proto instanceof DiscreteLaplaceMechanism) {
            return DiscreteLaplaceMechanism.builder().epsilon(c.epsilon()).sensitivity(c.sensitivity()).secureRandom(r).build();
        }
        if (proto instanceof DiscreteGaussianMechanism) {
            return DiscreteGaussianMechanism.builder().epsilon(c.epsilon()).delta(c.delta()).sensitivity(c.sensitivity())
                    .secureRandom(r).build();
        }
        GeometricMechanism g = (GeometricMechanism) proto;
        return GeometricMechanism.builder().epsilon(c.epsilon()).sensitivity(c.sensitivity()).bounds(g.lower(), g.upper())
                .secureRandom(r).build();
    }

    /**
     * Moments of the noise over n = 40000 releases of 0: |mean| < 6 sd(mean) and the sample variance
     * within 8 sd of {@code variance()} (sd of the sample variance is var * sqrt((kurtosis - 1)/n),
     * kurtosis <= 6 for all these distributions). Normal-approximation false-failure rate < 1e-8.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void momentsMatchTheStatedVariance(Case c) {
        NoiseMechanism m = c.factory().apply(11);
        assertThat(momentsConsistent(m, m.variance())).isTrue();
    }

    /** The moment check must reject a mechanism whose noise is 20% larger in scale than claimed. */
    @org.junit.jupiter.api.Test
    void momentCheckRejectsAWrongScale() {
        LaplaceMechanism claimed = LaplaceMechanism.builder().epsilon(0.6).sensitivity(1).insecureSeededForTests(1).build();
        LaplaceMechanism actual = LaplaceMechanism.builder().epsilon(0.5).sensitivity(1).insecureSeededForTests(2).build();
        assertThat(momentsConsistent(actual, claimed.variance())).isFalse();
        GaussianMechanism gClaimed = GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(1).insecureSeededForTests(1)
                .build();
        GaussianMechanism gActual = GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(1.2).insecureSeededForTests(2)
                .build();
        assertThat(momentsConsistent(gActual, gClaimed.variance())).isFalse();
    }

    /** The coverage check must reject intervals computed for a mechanism with half the noise. */
    @org.junit.jupiter.api.Test
    void coverageCheckRejectsTooNarrowIntervals() {
        LaplaceMechanism narrow = LaplaceMechanism.builder().epsilon(2).sensitivity(1).insecureSeededForTests(1).build();
        LaplaceMechanism actual = LaplaceMechanism.builder().epsilon(1).sensitivity(1).insecureSeededForTests(2).build();
        assertThat(coverage(actual, narrow, 17.25)).isLessThan(0.9 - 5 * Math.sqrt(0.09 / 4000));
    }

    /**
     * Moments of the noise over n = 40000 releases of 0: |mean| < 6 sd(mean) and the sample variance
     * within 8 sd of the claimed variance (sd of the sample variance is var * sqrt((kurtosis - 1)/n),
     * kurtosis <= 6 for all these distributions). Normal-approximation false-failure rate < 1e-8.
     */
    private static boolean momentsConsistent(NoiseMechanism m, double claimedVariance) {
        int n = 40_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double z = m.addNoise(0.0);
            sum += z;
            sumSq += z * z;
        }
        double mean = sum / n;
        double sampleVar = sumSq / n - mean * mean;
        return Math.abs(mean) < 6 * Math.sqrt(claimedVariance / n)
                && Math.abs(sampleVar - claimedVariance) < 8 * claimedVariance * Math.sqrt(5.0 / n);
    }

    private static double coverage(NoiseMechanism m, NoiseMechanism intervals, double truth) {
        int n = 4000;
        int covered = 0;
        for (int i = 0; i < n; i++) {
            if (intervals.confidenceInterval(m.addNoise(truth), 0.9).contains(truth)) {
                covered++;
            }
        }
        return (double) covered / n;
    }

    /**
     * Coverage of the 90% confidence interval over 4000 releases: at least 0.9 - 5 sd (sd =
     * sqrt(0.09/4000)) = 0.876. False-failure probability < 3e-7 (the intervals are conservative).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void confidenceIntervalsCover(Case c) {
        NoiseMechanism m = c.factory().apply(13);
        assertThat(coverage(m, m, c.integral() ? 17 : 17.25)).isGreaterThan(0.9 - 5 * Math.sqrt(0.09 / 4000));
    }
}

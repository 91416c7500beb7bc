package org.privet.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.ConfidenceInterval;
import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/** Count, BoundedSum and BoundedMean: plumbing, validation, one-shot release, moments. */
class AggregatesTest {

    /** A source that fails the test if anything draws from it: proves no noise was drawn. */
    static final class UntouchableRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public long nextLong() {
            throw new AssertionError("noise was drawn");
        }

        @Override
        public void nextBytes(byte[] bytes) {
            throw new AssertionError("noise was drawn");
        }

        @Override
        public boolean nextBoolean() {
            throw new AssertionError("noise was drawn");
        }

        @Override
        public double nextDouble() {
            throw new AssertionError("noise was drawn");
        }
    }

    // ---- tier (a): plumbing, exact sensitivity and budget ----

    @Test
    void countSensitivityIsL0ByLinf() {
        Count c = Count.builder().epsilon(0.7).maxPartitionsContributed(3).maxContributionsPerPartition(2)
                .insecureSeededForTests(1).build();
        assertThat(c.mechanism()).isInstanceOf(LaplaceMechanism.class);
        assertThat(c.mechanism().sensitivity()).isEqualTo(new Sensitivity(3, 2.0));
        assertThat(c.budget()).isEqualTo(PrivacyBudget.pure(0.7));
    }

    @Test
    void sumSensitivityIsLinfTimesLargestBound() {
        BoundedSum s = BoundedSum.builder().epsilon(1).lower(-5).upper(3).maxPartitionsContributed(2)
                .maxContributionsPerPartition(4).insecureSeededForTests(1).build();
        assertThat(s.mechanism().sensitivity()).isEqualTo(new Sensitivity(2, 20.0)); // 4 * max(5, 3)
        BoundedSum g = BoundedSum.builder().epsilon(1).delta(1e-6).noise(NoiseKind.GAUSSIAN).lower(0).upper(10)
                .insecureSeededForTests(1).build();
        assertThat(g.mechanism()).isInstanceOf(GaussianMechanism.class);
        assertThat(g.mechanism().sensitivity()).isEqualTo(new Sensitivity(1, 10.0));
        assertThat(g.budget()).isEqualTo(new PrivacyBudget(1, 1e-6));
    }

    @Test
    void meanSplitsBudgetAndCentresTheSum() {
        BoundedMean m = BoundedMean.builder().epsilon(1).delta(2e-6).noise(NoiseKind.GAUSSIAN).lower(2).upper(10)
                .maxPartitionsContributed(3).maxContributionsPerPartition(2).insecureSeededForTests(1).build();
        assertThat(m.budget()).isEqualTo(new PrivacyBudget(1, 2e-6));
        assertThat(m.countMechanism().budget()).isEqualTo(new PrivacyBudget(0.5, 1e-6));
        assertThat(m.sumMechanism().budget()).isEqualTo(new PrivacyBudget(0.5, 1e-6));
        assertThat(m.countMechanism().sensitivity()).isEqualTo(new Sensitivity(3, 2.0));
        assertThat(m.sumMechanism().sensitivity()).isEqualTo(new Sensitivity(3, 8.0)); // 2 * (10 - 2)/2
    }

    @Test
    void varianceSplitsBudgetInThirdsWithExactSensitivities() {
        BoundedVariance v = BoundedVariance.builder().epsilon(1.5).lower(-2).upper(6).maxPartitionsContributed(2)
                .maxContributionsPerPartition(3).insecureSeededForTests(1).build();
        assertThat(v.budget()).isEqualTo(PrivacyBudget.pure(1.5));
        assertThat(v.countMechanism().budget()).isEqualTo(PrivacyBudget.pure(0.5));
        assertThat(v.countMechanism().sensitivity()).isEqualTo(new Sensitivity(2, 3.0));
        assertThat(v.sumMechanism().sensitivity()).isEqualTo(new Sensitivity(2, 12.0)); // 3 * 4
        assertThat(v.sumOfSquaresMechanism().sensitivity()).isEqualTo(new Sensitivity(2, 48.0)); // 3 * 4^2
    }

    @Test
    void nearlyNoiselessVarianceIsThePopulationVarianceOfClampedValues() {
        BoundedVariance v = BoundedVariance.builder().epsilon(1e9).lower(0).upper(10).insecureSeededForTests(8).build();
        for (double x : new double[] {2, 4, 4, 4, 5, 5, 7, 9, -30}) {
            v.addEntry(x); // -30 is clamped to 0
        }
        // clamped values {2,4,4,4,5,5,7,9,0}: mean 40/9, E[x^2] = 232/9
        double expected = 232.0 / 9 - (40.0 / 9) * (40.0 / 9);
        assertThat(v.computeResult()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        assertThatThrownBy(v::computeResult).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BoundedVariance: the result was already released");
        assertThatThrownBy(() -> BoundedVariance.builder().epsilon(1).lower(1).upper(0).build())
                .hasMessage("lower bound must be <= upper bound. Provided values: lower=1.0, upper=0.0");
    }

    @Test
    void centredMagnitudeNeverUnderstates() {
        double lo = 0.1;
        double hi = 0.7;
        double mid = lo + (hi - lo) / 2;
        double b = BoundedSum.centredMagnitude(lo, hi);
        assertThat(b).isGreaterThanOrEqualTo(Math.abs(hi - mid)).isGreaterThanOrEqualTo(Math.abs(lo - mid));
        assertThat(b).isLessThan(0.3 + 1e-15);
    }

    @Test
    void hugeEpsilonReleasesNearlyExactValuesAndClamps() {
        BoundedSum s = BoundedSum.builder().epsilon(1e9).lower(0).upper(5).insecureSeededForTests(3).build();
        for (double v : new double[] {1, 2, 100, -7}) {
            s.addEntry(v); // clamped: 1 + 2 + 5 + 0
        }
        assertThat(s.computeResult()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(1e-6));
        BoundedMean m = BoundedMean.builder().epsilon(1e9).lower(0).upper(10).insecureSeededForTests(4).build();
        for (double v : new double[] {2, 4, 30}) {
            m.addEntry(v); // clamped: 2, 4, 10
        }
        assertThat(m.computeResult()).isCloseTo(16.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        Count c = Count.builder().epsilon(1e9).insecureSeededForTests(5).build();
        c.incrementBy(41);
        c.increment();
        assertThat(c.computeResult()).isEqualTo(42);
        ConfidenceInterval ci = c.confidenceInterval(0.95);
        assertThat(ci.contains(42)).isTrue();
    }

    @Test
    void largeValuesAreNotClampedToTheMechanismRange() {
        // LaplaceMechanism alone clamps at 2^50 granules (~2^10 noise scales); the aggregates must not.
        Count c = Count.builder().epsilon(1).insecureSeededForTests(6).build();
        c.incrementBy(1_000_000);
        // Laplace scale ~1: P(|noise| > 50) ~ e^-50.
        assertThat(c.computeResult()).isBetween(999_950L, 1_000_050L);
        BoundedSum s = BoundedSum.builder().epsilon(1).lower(0).upper(1e6).insecureSeededForTests(7).build();
        for (int i = 0; i < 1000; i++) {
            s.addEntry(1e6);
        }
        // scale 1e6: P(|noise| > 5e7) ~ e^-50.
        assertThat(s.computeResult()).isBetween(1e9 - 5e7, 1e9 + 5e7);
    }

    // ---- validation: the rule and the value, before any noise ----

    @Test
    void badParametersFailInBuildNamingRuleAndValue() {
        SecureRandom none = new UntouchableRandom();
        assertThatThrownBy(() -> Count.builder().epsilon(-1).secureRandom(none).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epsilon must be > 0 and finite. Provided value: -1.0");
        assertThatThrownBy(() -> Count.builder().epsilon(Double.NaN).build()).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Count.builder().epsilon(1).delta(1e-5).build())
                .hasMessageContaining("takes no delta").hasMessageContaining("1.0E-5");
        assertThatThrownBy(() -> Count.builder().epsilon(1).noise(NoiseKind.GAUSSIAN).build())
                .hasMessage("delta must be in (0, 1). Provided value: 0.0");
        assertThatThrownBy(() -> Count.builder().epsilon(1).delta(1).noise(NoiseKind.GAUSSIAN).build())
                .hasMessageContaining("Provided value: 1.0");
        assertThatThrownBy(() -> Count.builder().epsilon(1).maxPartitionsContributed(0).build())
                .hasMessage("maxPartitionsContributed must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> Count.builder().epsilon(1).maxContributionsPerPartition(-2).build())
                .hasMessage("maxContributionsPerPartition must be >= 1. Provided value: -2");
        assertThatThrownBy(() -> BoundedSum.builder().epsilon(1).lower(5).upper(1).secureRandom(none).build())
                .hasMessage("lower bound must be <= upper bound. Provided values: lower=5.0, upper=1.0");
        assertThatThrownBy(() -> BoundedSum.builder().epsilon(1).upper(1).build()).hasMessageContaining("lower=NaN");
        assertThatThrownBy(() -> BoundedMean.builder().epsilon(1).lower(3).upper(3).build())
                .hasMessageContaining("lower must be < upper");
        BoundedSum s = BoundedSum.builder().epsilon(1).lower(0).upper(1).secureRandom(none).build();
        assertThatThrownBy(() -> s.addEntry(Double.NaN)).hasMessageContaining("NaN");
        Count c = Count.builder().epsilon(1).secureRandom(none).build();
        assertThatThrownBy(() -> c.incrementBy(-1)).hasMessageContaining("Provided value: -1");
        assertThatThrownBy(() -> c.confidenceInterval(0.9)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no result released yet");
    }

    // ---- one-shot release ----

    @Test
    void aSecondReleaseIsRefused() {
        Count c = Count.builder().epsilon(1).insecureSeededForTests(1).build();
        c.computeResult();
        assertThatThrownBy(c::computeResult).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Count: the result was already released");
        assertThatThrownBy(c::increment).isInstanceOf(IllegalStateException.class);
        BoundedSum s = BoundedSum.builder().epsilon(1).lower(0).upper(1).insecureSeededForTests(1).build();
        s.computeResult();
        assertThatThrownBy(s::computeResult).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BoundedSum: the result was already released");
        BoundedMean m = BoundedMean.builder().epsilon(1).lower(0).upper(1).insecureSeededForTests(1).build();
        m.computeResult();
        assertThatThrownBy(m::computeResult).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BoundedMean: the result was already released");
        assertThatThrownBy(() -> m.addEntry(0.5)).isInstanceOf(IllegalStateException.class);
    }

    // ---- tier (b): moments ----

    /**
     * True when the sample mean is within 5 standard errors of {@code expected} (two-sided false-failure
     * probability about 6e-7 under a normal approximation).
     */
    static boolean meanWithin5Se(double[] xs, double expected, double variance) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        double se = Math.sqrt(variance / xs.length);
        return Math.abs(sum / xs.length - expected) <= 5 * se;
    }

    private static double[] noisySums(int n, double shift, long seed) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            BoundedSum s = BoundedSum.builder().epsilon(1).lower(0).upper(1).insecureSeededForTests(seed + i).build();
            for (int j = 0; j < 10; j++) {
                s.addEntry(1.0);
            }
            out[i] = s.computeResult() + shift;
        }
        return out;
    }

    @Test
    void noisySumIsUnbiasedWithTheStatedVariance() {
        int n = 4000;
        double variance = BoundedSum.builder().epsilon(1).lower(0).upper(1).build().mechanism().variance(); // ~2
        double[] xs = noisySums(n, 0, 1000);
        assertThat(meanWithin5Se(xs, 10.0, variance)).isTrue();
        // Sample variance: Laplace kurtosis 6 gives sd(s^2) ~ variance * sqrt(5/n) = 3.5%; 5 sd = 18%
        // (false-failure about 6e-7 under a normal approximation).
        double mean = 0;
        for (double x : xs) {
            mean += x / n;
        }
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        assertThat(ss / (n - 1)).isBetween(variance * 0.82, variance * 1.18);
    }

    @Test
    void theMomentTestRejectsABiasedMechanism() {
        // A sum off by 0.5 (= 11 standard errors at n = 4000) must fail the same check.
        double[] xs = noisySums(4000, 0.5, 1000);
        assertThat(meanWithin5Se(xs, 10.0, 2.0)).isFalse();
    }
}

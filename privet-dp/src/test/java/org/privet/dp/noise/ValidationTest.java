package org.privet.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad parameters fail at construction with a message naming the rule and the value (tier a). */
class ValidationTest {

    @Test
    void privacyBudgetStatesRuleAndValue() {
        assertThatThrownBy(() -> new PrivacyBudget(-1.0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epsilon must be > 0 and finite. Provided value: -1.0");
        assertThatThrownBy(() -> new PrivacyBudget(0.0, 0)).hasMessage("epsilon must be > 0 and finite. Provided value: 0.0");
        assertThatThrownBy(() -> new PrivacyBudget(Double.NaN, 0)).hasMessage("epsilon must be > 0 and finite. Provided value: NaN");
        assertThatThrownBy(() -> new PrivacyBudget(Double.POSITIVE_INFINITY, 0))
                .hasMessage("epsilon must be > 0 and finite. Provided value: Infinity");
        assertThatThrownBy(() -> new PrivacyBudget(1, 1.0)).hasMessage("delta must be in [0, 1). Provided value: 1.0");
        assertThatThrownBy(() -> new PrivacyBudget(1, -0.1)).hasMessage("delta must be in [0, 1). Provided value: -0.1");
        assertThatThrownBy(() -> new PrivacyBudget(1, Double.NaN)).hasMessage("delta must be in [0, 1). Provided value: NaN");
        PrivacyBudget b = new PrivacyBudget(1.5, 1e-6);
        assertThat(b.isPure()).isFalse();
        assertThat(PrivacyBudget.pure(2).isPure()).isTrue();
    }

    @Test
    void sensitivityStatesRuleAndValue() {
        assertThatThrownBy(() -> new Sensitivity(0, 1)).hasMessage("l0 sensitivity must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> new Sensitivity(1, -2)).hasMessage("lInf sensitivity must be > 0 and finite. Provided value: -2.0");
        assertThatThrownBy(() -> Sensitivity.ofScalar(Double.NaN))
                .hasMessage("lInf sensitivity must be > 0 and finite. Provided value: NaN");
        Sensitivity s = new Sensitivity(4, 1.5);
        assertThat(s.l1()).isEqualTo(6.0); // exact products stay exact
        assertThat(s.l2()).isEqualTo(3.0);
        Sensitivity t = new Sensitivity(3, 0.1);
        assertThat(new java.math.BigDecimal(t.l1())).isGreaterThanOrEqualTo(new java.math.BigDecimal(0.1).multiply(
                java.math.BigDecimal.valueOf(3)));
        assertThat(t.l2()).isGreaterThanOrEqualTo(Math.sqrt(3) * 0.1).isLessThan(Math.sqrt(3) * 0.1 * (1 + 1e-15));
        // integral sensitivities over several partitions work for the integer mechanisms
        assertThat(DiscreteLaplaceMechanism.builder().epsilon(1).sensitivity(new Sensitivity(3, 2)).build().scale())
                .isEqualTo(6.0);
        assertThat(Sensitivity.ofScalar(2.5).l1()).isEqualTo(2.5);
    }

    @Test
    void buildersRejectBadParameters() {
        assertThatThrownBy(() -> LaplaceMechanism.builder().epsilon(-1).sensitivity(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epsilon must be > 0 and finite. Provided value: -1.0");
        assertThatThrownBy(() -> LaplaceMechanism.builder().sensitivity(1).build())
                .hasMessage("epsilon must be > 0 and finite. Provided value: NaN");
        assertThatThrownBy(() -> LaplaceMechanism.builder().epsilon(1).build()).hasMessage("sensitivity must be set before build()");
        assertThatThrownBy(() -> LaplaceMechanism.builder().epsilon(1).delta(1e-5).sensitivity(1).build())
                .hasMessage("LaplaceMechanism is pure epsilon-DP and takes no delta; leave it at 0. Provided value: 1.0E-5");
        assertThatThrownBy(() -> GaussianMechanism.builder().epsilon(1).delta(1.0).sensitivity(1).build())
                .hasMessage("delta must be in (0, 1). Provided value: 1.0");
        assertThatThrownBy(() -> GaussianMechanism.builder().epsilon(1).delta(0).sensitivity(1).build())
                .hasMessage("delta must be in (0, 1). Provided value: 0.0");
        assertThatThrownBy(() -> GaussianMechanism.builder().epsilon(2).delta(1e-5).sensitivity(1)
                .calibration(GaussianCalibration.Method.CLASSIC).build()).hasMessageContaining("needs epsilon < 1")
                .hasMessageContaining("Provided value: 2.0");
        assertThatThrownBy(() -> DiscreteLaplaceMechanism.builder().epsilon(1).sensitivity(0.5).build())
                .hasMessage("discrete Laplace needs an integral L1 sensitivity. Provided value: 0.5");
        assertThatThrownBy(() -> DiscreteGaussianMechanism.builder().sigma(2).epsilon(1).delta(1e-5).sensitivity(1).build())
                .hasMessageContaining("either sigma or epsilon");
        assertThatThrownBy(() -> DiscreteGaussianMechanism.builder().sigma(-2).delta(1e-5).sensitivity(1).build())
                .hasMessage("sigma must be > 0 and < 2^60. Provided value: -2.0");
        assertThatThrownBy(() -> GeometricMechanism.builder().epsilon(1).sensitivity(1).bounds(5, 3).build())
                .hasMessage("bounds must satisfy lower <= upper. Provided values: lower=5, upper=3");
        assertThatThrownBy(() -> GeometricMechanism.builder().epsilon(1).sensitivity(1).build())
                .hasMessage("bounds must be set before build()");
        assertThatThrownBy(() -> ExponentialMechanism.builder().epsilon(1).utilitySensitivity(0).build())
                .hasMessage("utility sensitivity must be > 0 and finite. Provided value: 0.0");
        assertThatThrownBy(() -> ReportNoisyMax.of(Double.NaN, 1)).hasMessage("epsilon must be > 0 and finite. Provided value: NaN");
        assertThatThrownBy(() -> RandomizedResponse.of(1, 1))
                .hasMessage("randomised response needs k >= 2 categories. Provided value: 1");
        assertThatThrownBy(() -> new ConfidenceInterval(2, 1, 0.9))
                .hasMessage("confidence interval lower must be <= upper. Provided values: 2.0, 1.0");
    }

    @Test
    void selectionMechanismsRejectBadInputBeforeDrawing() {
        CountingRandom r = new CountingRandom(1);
        ExponentialMechanism em = ExponentialMechanism.builder().epsilon(1).utilitySensitivity(1).secureRandom(r).build();
        ReportNoisyMax rnm = ReportNoisyMax.create(1, 1, r);
        RandomizedResponse rr = RandomizedResponse.create(1, 3, r);
        assertThatThrownBy(() -> em.select(new double[] {1, Double.NaN})).hasMessage(
                "utilities must be finite. Provided value at index 1: NaN");
        assertThatThrownBy(() -> em.select(new double[0])).hasMessage("utilities must be non-empty");
        assertThatThrownBy(() -> rnm.argmax(new double[] {Double.NEGATIVE_INFINITY})).hasMessageContaining("index 0");
        assertThatThrownBy(() -> rr.respond(3)).hasMessage("category must be in [0, 3). Provided value: 3");
        assertThat(r.draws()).isZero();
    }

    @Test
    void grid() {
        assertThat(Grid.ceilPowerOfTwo(3.0)).isEqualTo(4.0);
        assertThat(Grid.ceilPowerOfTwo(4.0)).isEqualTo(4.0);
        assertThat(Grid.ceilPowerOfTwo(0x1p-1070)).isEqualTo(Double.MIN_NORMAL);
        // no clamp: beyond 2^50 granules the grid point and the noise are added as exact doubles
        assertThat(Grid.release(1e300, 1.0, 3)).isEqualTo(1e300);
        assertThat(Grid.release(-2.5, 0.5, 0)).isEqualTo(-2.5);
        assertThat(Grid.release(0x1p60, 1.0, 5)).isEqualTo(0x1p60);
        assertThat(Grid.release(1e6, 0x1p-30, 1L << 20)).isEqualTo(1e6 + 0x1p-10);
        assertThat(Grid.release(Double.MAX_VALUE, 0x1p-60, 7)).isEqualTo(Double.MAX_VALUE);
        assertThat(Rational.ofDouble(0.1).doubleValue()).isEqualTo(0.1);
        assertThat(Rational.ofDouble(Double.MIN_VALUE).den().bitLength()).isEqualTo(1075);
        long[] ts = Grid.scaleFraction(Rational.of(3, 2), "x");
        assertThat(ts).containsExactly(3, 2);
        long[] rounded = Grid.scaleFraction(Rational.ofDouble(1.0 / 3.0).divide(Rational.ofDouble(0.7)), "x");
        assertThat((double) rounded[0] / rounded[1]).isGreaterThanOrEqualTo((1.0 / 3.0) / 0.7 - 1e-15);
    }
}

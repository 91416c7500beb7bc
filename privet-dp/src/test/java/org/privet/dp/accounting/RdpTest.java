package org.privet.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpTest {

    @Test
    void opacusKnownAnswer() {
        // Opacus (tests/accountants_test.py, README): sigma=1.5, q=0.04, 2250 steps, delta=1e-5 -> 7.3291
        Rdp.Epsilon e = Rdp.epsilon(0.04, 1.5, 2250, 1e-5);
        assertThat(e.epsilon()).isCloseTo(7.3291, within(5e-5));
        assertThat(e.order()).isEqualTo(3.9);
    }

    /**
     * References computed independently with mpmath 1.3 (30 digits) by numerical integration of the
     * definition A_alpha = E_{z ~ N(0, s^2)}[(1 - q + q exp((2z - 1)/(2 s^2)))^alpha], RDP = ln A / (alpha - 1).
     */
    @ParameterizedTest
    @CsvSource({
        "0.04, 1.5, 2.5, 0.0011328034664701594",
        "0.04, 1.5, 7, 0.0036103829799627278",
        "0.01, 0.8, 10.5, 3.1132392146906052",
        "0.2, 3.0, 1.5, 0.003484255974678747",
        "0.5, 1.0, 32, 15.284493232970415"})
    void singleStepMatchesNumericalIntegration(double q, double sigma, double alpha, double reference) {
        assertThat(Rdp.singleStep(q, sigma, alpha)).isCloseTo(reference, within(reference * 1e-9));
    }

    @Test
    void fractionalSeriesAgreesWithIntegerClosedForm() {
        for (int alpha : new int[] {2, 3, 8, 20}) {
            double a = Rdp.logAInt(0.05, 1.1, alpha);
            double b = Rdp.logAFrac(0.05, 1.1, alpha);
            assertThat(b).as("alpha %d", alpha).isCloseTo(a, within(Math.abs(a) * 1e-9 + 1e-14));
        }
    }

    @Test
    void edgeCases() {
        assertThat(Rdp.singleStep(1.0, 2.0, 5)).isEqualTo(5.0 / 8);
        assertThat(Rdp.singleStep(0.0, 2.0, 5)).isZero();
        assertThat(Rdp.singleStep(0.3, 0.0, 5)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Rdp.subsampledGaussian(0.1, 1, 0, new double[] {2})).containsExactly(0.0);
        assertThatThrownBy(() -> Rdp.singleStep(1.5, 1, 2)).hasMessage("sampling rate q must be in [0, 1]. Provided value: 1.5");
        assertThatThrownBy(() -> Rdp.singleStep(0.5, 1, 1.0)).hasMessage("RDP order must be > 1. Provided value: 1.0");
        assertThatThrownBy(() -> Rdp.epsilon(0.1, 1, 10, 1.0)).hasMessage("delta must be in (0, 1). Provided value: 1.0");
        assertThat(Rdp.defaultOrders()).hasSize(151).startsWith(1.1).endsWith(63.0);
    }

    @Test
    void accountantRecordsMergesAndReplaysHistory() {
        RdpAccountant a = new RdpAccountant();
        assertThat(a.epsilon(1e-5).epsilon()).isZero();
        a.steps(1.5, 0.04, 1000);
        a.steps(1.5, 0.04, 1250);
        assertThat(a.history()).containsExactly(new RdpAccountant.Entry(1.5, 0.04, 2250));
        assertThat(a.epsilon(1e-5).epsilon()).isCloseTo(Rdp.epsilon(0.04, 1.5, 2250, 1e-5).epsilon(), within(1e-12));
        a.step(2.0, 0.01);
        List<RdpAccountant.Entry> h = a.history();
        assertThat(h).hasSize(2);
        RdpAccountant b = RdpAccountant.replay(h);
        assertThat(b.epsilon(1e-6)).isEqualTo(a.epsilon(1e-6));
        // more steps never lower epsilon
        assertThat(b.epsilon(1e-6).epsilon()).isGreaterThan(Rdp.epsilon(0.04, 1.5, 2250, 1e-6).epsilon());
        assertThatThrownBy(() -> a.steps(-1, 0.1, 1)).hasMessage("noise multiplier must be >= 0 and finite. Provided value: -1.0");
    }
}

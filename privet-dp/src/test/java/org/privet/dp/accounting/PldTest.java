package org.privet.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.privet.dp.noise.GaussianCalibration;

class PldTest {

    @Test
    void pldIsBelowRdpOnTheOpacusRun() {
        double rdp = Rdp.epsilon(0.04, 1.5, 2250, 1e-5).epsilon();
        double pld = PldAccountant.subsampledGaussianEpsilon(1.5, 0.04, 2250, 1e-5);
        assertThat(pld).isLessThan(rdp);
        // pessimistic discretisation error is at most about steps * h = 0.225 here; PLD is far tighter than RDP
        assertThat(pld).isBetween(6.0, 7.0);
    }

    @Test
    void unsampledGaussianMatchesTheExactPrivacyProfile() {
        // q = 1: the PLD of the Gaussian mechanism is known in closed form (Balle-Wang 2018, Theorem 8)
        for (int k : new int[] {1, 10}) {
            PrivacyLossDistribution one = PrivacyLossDistribution.subsampledGaussian(2.0, 1.0,
                    PrivacyLossDistribution.Direction.REMOVE);
            double pld = one.selfCompose(k).epsilon(1e-5);
            double exact = GaussianCalibration.epsilon(2.0 / Math.sqrt(k), 1e-5, 1.0);
            assertThat(pld).as("k=%d", k).isGreaterThanOrEqualTo(exact).isLessThan(exact + k * 1e-4);
            // delta at the exact epsilon is an upper bound too
            assertThat(one.selfCompose(k).delta(exact)).isGreaterThanOrEqualTo(1e-5 * (1 - 1e-6));
        }
    }

    @Test
    void discretisedPldIsValidAndPessimistic() {
        for (PrivacyLossDistribution.Direction d : PrivacyLossDistribution.Direction.values()) {
            PrivacyLossDistribution p = PrivacyLossDistribution.subsampledGaussian(1.0, 0.1, d);
            // rounding losses up keeps E[e^-L] <= 1 (a valid PLD) and close to 1
            assertThat(p.expectedExpMinusLoss()).isLessThanOrEqualTo(1.0).isGreaterThan(1 - 2e-4);
            assertThat(p.infinityMass()).isLessThan(1e-10);
            assertThat(p.delta(0)).isBetween(0.0, 1.0);
            // delta decreasing in epsilon
            assertThat(p.delta(0.5)).isLessThan(p.delta(0.1));
        }
        // a coarser grid is more pessimistic
        double fine = PrivacyLossDistribution.subsampledGaussian(1.0, 0.1, PrivacyLossDistribution.Direction.REMOVE, 1e-4, 1e-20)
                .selfCompose(100).epsilon(1e-5);
        double coarse = PrivacyLossDistribution.subsampledGaussian(1.0, 0.1, PrivacyLossDistribution.Direction.REMOVE, 1e-2, 1e-20)
                .selfCompose(100).epsilon(1e-5);
        assertThat(coarse).isGreaterThan(fine);
    }

    @Test
    void accountantHistoryAndErrors() {
        PldAccountant a = new PldAccountant(1e-3);
        assertThat(a.epsilon(1e-5)).isZero();
        a.steps(1.0, 0.1, 50);
        a.steps(1.0, 0.1, 50);
        assertThat(a.history()).containsExactly(new RdpAccountant.Entry(1.0, 0.1, 100));
        double e = a.epsilon(1e-5);
        assertThat(e).isLessThan(Rdp.epsilon(0.1, 1.0, 100, 1e-5).epsilon());
        assertThatThrownBy(() -> new PldAccountant(0)).hasMessage("value discretization must be in (0, 1]. Provided value: 0.0");
        assertThatThrownBy(() -> PrivacyLossDistribution.subsampledGaussian(-1, 0.1, PrivacyLossDistribution.Direction.ADD))
                .hasMessage("sigma must be > 0 and finite. Provided value: -1.0");
    }

    @Test
    void fftConvolutionMatchesDirect() {
        double[] a = {0.1, 0.2, 0.3, 0.4};
        double[] b = {0.5, 0.25, 0.25};
        double[] c = Fft.convolve(a, b);
        double[] direct = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                direct[i + j] += a[i] * b[j];
            }
        }
        assertThat(c).containsExactly(direct, within(1e-15));
    }
}

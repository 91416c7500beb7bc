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
        // PLD is tighter than RDP on the same run
        assertThat(pld).isBetween(6.0, 7.0);
        // regression pin of this implementation (not an external reference): 6.7689 with connect-the-dots, h = 1e-4
        assertThat(pld).isCloseTo(6.7689, within(1e-3));
    }

    @Test
    void unsampledGaussianMatchesTheExactPrivacyProfile() {
        // q = 1: the PLD of the Gaussian mechanism is known in closed form (Balle-Wang 2018, Theorem 8);
        // k-fold composition is the Gaussian with sigma / sqrt(k). The PLD must never be below it.
        for (int k : new int[] {1, 10}) {
            double exact = GaussianCalibration.epsilon(2.0 / Math.sqrt(k), 1e-5, 1.0);
            PrivacyLossDistribution dots = PrivacyLossDistribution.subsampledGaussian(2.0, 1.0,
                    PrivacyLossDistribution.Direction.REMOVE).selfCompose(k);
            assertThat(dots.epsilon(1e-5)).as("connect the dots, k=%d", k).isGreaterThanOrEqualTo(exact)
                    .isLessThan(exact + 1e-5);
            assertThat(dots.delta(exact)).isGreaterThanOrEqualTo(1e-5 * (1 - 1e-6));
            PrivacyLossDistribution up = PrivacyLossDistribution.subsampledGaussian(2.0, 1.0,
                    PrivacyLossDistribution.Direction.REMOVE, 1e-4, 1e-20, PrivacyLossDistribution.Discretization.ROUND_UP)
                    .selfCompose(k);
            // rounding up drifts by up to h = 1e-4 per composition
            assertThat(up.epsilon(1e-5)).as("round up, k=%d", k).isGreaterThan(dots.epsilon(1e-5))
                    .isLessThan(exact + k * 1e-4);
        }
    }

    @Test
    void discretisedPldIsValidAndPessimistic() {
        for (PrivacyLossDistribution.Direction d : PrivacyLossDistribution.Direction.values()) {
            PrivacyLossDistribution p = PrivacyLossDistribution.subsampledGaussian(1.0, 0.1, d);
            // connect-the-dots preserves E[e^-L] (<= 1 for a valid PLD; here 1 up to the tail mass)
            assertThat(p.expectedExpMinusLoss()).isLessThanOrEqualTo(1.0).isGreaterThan(1 - 1e-9);
            assertThat(p.infinityMass()).isLessThan(1e-10);
            assertThat(p.delta(0)).isBetween(0.0, 1.0);
            // delta decreasing in epsilon
            assertThat(p.delta(0.5)).isLessThan(p.delta(0.1));
        }
        // a coarser (nested) grid is a further spread, so more pessimistic
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

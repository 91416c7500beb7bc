package org.privet.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Special functions and Gaussian calibration against independent references. Reference values were
 * computed with mpmath 1.3 at 40 digits (erfc directly; analytic sigma by bisection of the
 * Balle-Wang privacy profile delta(sigma) = Phi(1/(2 sigma) - eps sigma) - e^eps Phi(-1/(2 sigma) -
 * eps sigma); zCDP epsilon by minimising the CKS bound over alpha on a fine grid), not with this code.
 */
class CalibrationTest {

    @ParameterizedTest
    @CsvSource({
        "0.1, 0.8875370839817151016",
        "0.5, 0.47950012218695346232",
        "1, 0.15729920705028513066",
        "1.4, 0.047714880237351189484",
        "1.6, 0.023651616655355992226",
        "2, 0.0046777349810472658379",
        "2.9, 0.000041097878099458857996",
        "3.1, 0.000011648657367199589313",
        "5, 1.5374597944280348502e-12",
        "10, 2.088487583762544757e-45",
        "26, 5.6631924088561428465e-296"})
    void erfcMatchesReference(double x, double expected) {
        assertThat(NormalDistribution.erfc(x)).isCloseTo(expected, within(Math.abs(expected) * 1e-13));
        assertThat(NormalDistribution.erfc(-x)).isCloseTo(2 - expected, within(1e-15));
        assertThat(NormalDistribution.logErfc(x)).isCloseTo(Math.log(expected), within(1e-12 * Math.max(1, Math.abs(Math.log(expected)))));
    }

    @Test
    void logErfcDeepTail() {
        assertThat(NormalDistribution.logErfc(30)).isCloseTo(-903.97411711064387808, within(1e-10));
        assertThat(NormalDistribution.logErfc(100)).isCloseTo(-10005.177585122664333, within(1e-9));
        assertThat(NormalDistribution.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-15));
        assertThat(NormalDistribution.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-13));
        assertThat(NormalDistribution.erf(0.3)).isCloseTo(0.32862675945912742764, within(1e-15));
        assertThatThrownBy(() -> NormalDistribution.quantile(1)).hasMessage("normal quantile: p must be in (0, 1). Provided value: 1.0");
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1e-5, 3.7306316348159418",
        "0.1, 1e-6, 36.304690426195783",
        "3, 1e-3, 1.0372517184874801",
        "8, 1e-10, 0.83398922953798899",
        "0.5, 0.3, 0.86586881694617936"})
    void analyticSigmaMatchesReferenceAndItsDefiningEquation(double eps, double delta, double reference) {
        double sigma = GaussianCalibration.analyticSigma(eps, delta, 1.0);
        assertThat(sigma).isCloseTo(reference, within(reference * 1e-9));
        // the defining condition holds at sigma and fails just below it (tightness)
        assertThat(GaussianCalibration.delta(sigma, eps, 1.0)).isLessThanOrEqualTo(delta);
        assertThat(GaussianCalibration.delta(sigma * (1 - 1e-6), eps, 1.0)).isGreaterThan(delta);
        // sigma scales linearly with the sensitivity
        assertThat(GaussianCalibration.analyticSigma(eps, delta, 2.5)).isCloseTo(2.5 * sigma, within(sigma * 1e-9));
        // the analytic sigma never exceeds the classic one where the classic one is valid
        if (eps < 1) {
            assertThat(sigma).isLessThan(GaussianCalibration.classicSigma(eps, delta, 1.0));
        }
    }

    @Test
    void classicSigmaIsTheFormula() {
        assertThat(GaussianCalibration.classicSigma(0.5, 1e-5, 2.0))
                .isEqualTo(Math.sqrt(2 * Math.log(1.25 / 1e-5)) * 2.0 / 0.5);
        assertThatThrownBy(() -> GaussianCalibration.classicSigma(1.0, 1e-5, 1)).hasMessageContaining("Provided value: 1.0");
        assertThatThrownBy(() -> GaussianCalibration.analyticSigma(1.0, 1e-5, -1))
                .hasMessage("l2 sensitivity must be > 0 and finite. Provided value: -1.0");
    }

    @ParameterizedTest
    @CsvSource({"0.5, 1e-5, 4.7283869849433139", "0.01, 1e-6, 0.6216926545596025", "5, 1e-3, 15.458183166005558"})
    void zcdpConversionMatchesReference(double rho, double delta, double reference) {
        double eps = GaussianCalibration.zcdpEpsilon(rho, delta);
        assertThat(eps).isCloseTo(reference, within(1e-9));
        // better than the simple conversion rho + 2 sqrt(rho ln(1/delta))
        assertThat(eps).isLessThan(rho + 2 * Math.sqrt(rho * Math.log(1 / delta)));
    }

    @Test
    void zcdpSigmaInvertsTheConversion() {
        double sigma = GaussianCalibration.zcdpSigma(1, 1e-5, 1);
        assertThat(GaussianCalibration.zcdpEpsilon(1 / (2 * sigma * sigma), 1e-5)).isLessThanOrEqualTo(1.0);
        double lower = sigma * (1 - 1e-9);
        assertThat(GaussianCalibration.zcdpEpsilon(1 / (2 * lower * lower), 1e-5)).isGreaterThan(1.0);
        // the zCDP route is looser than the analytic one
        assertThat(sigma).isGreaterThan(GaussianCalibration.analyticSigma(1, 1e-5, 1));
    }

    @Test
    void epsilonInvertsDelta() {
        double eps = GaussianCalibration.epsilon(3.7306316348159418, 1e-5, 1);
        assertThat(eps).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void discreteGaussianBudgetIsTheZcdpConversion() {
        DiscreteGaussianMechanism m = DiscreteGaussianMechanism.builder().sigma(3).delta(1e-6).sensitivity(1)
                .insecureSeededForTests(1).build();
        assertThat(m.rho()).isEqualTo(1.0 / 18);
        assertThat(m.budget().epsilon()).isCloseTo(GaussianCalibration.zcdpEpsilon(1.0 / 18, 1e-6), within(1e-15));
        // the exact variance of the discrete Gaussian is slightly below sigma^2 at small sigma (CKS 2020)
        DiscreteGaussianMechanism small = DiscreteGaussianMechanism.builder().sigma(0.5).delta(1e-6).sensitivity(1)
                .insecureSeededForTests(1).build();
        assertThat(small.variance()).isLessThan(0.25).isGreaterThan(0.1);
    }
}

package org.privet.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.PrivacyBudget;

class CompositionAndBudgetTest {

    @Test
    void basicAndAdvancedComposition() {
        PrivacyBudget each = new PrivacyBudget(0.1, 1e-7);
        PrivacyBudget basic = Composition.basic(each, 100);
        assertThat(basic.epsilon()).isCloseTo(10.0, within(1e-12));
        assertThat(basic.delta()).isCloseTo(1e-5, within(1e-18));
        PrivacyBudget adv = Composition.advanced(each, 100, 1e-6);
        double expected = Math.sqrt(200 * Math.log(1e6)) * 0.1 + 100 * 0.1 * Math.expm1(0.1);
        assertThat(adv.epsilon()).isCloseTo(expected, within(1e-12));
        assertThat(adv.delta()).isCloseTo(1e-5 + 1e-6, within(1e-18));
        assertThat(adv.epsilon()).isLessThan(basic.epsilon());
        assertThat(Composition.best(each, 100, 1e-6)).isEqualTo(adv);
        assertThat(Composition.best(new PrivacyBudget(1, 0), 2, 1e-6).epsilon()).isEqualTo(2.0);
        assertThat(Composition.basic(List.of(new PrivacyBudget(1, 0), new PrivacyBudget(0.5, 1e-6))))
                .isEqualTo(new PrivacyBudget(1.5, 1e-6));
        assertThatThrownBy(() -> Composition.basic(each, 0)).hasMessage("number of compositions k must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> Composition.basic(new PrivacyBudget(1, 0.5), 2))
                .hasMessage("composed delta must be < 1 (the composition would guarantee nothing). Provided value: 1.0");
        assertThatThrownBy(() -> Composition.advanced(each, 10, 0)).hasMessage("delta must be in (0, 1). Provided value: 0.0");
    }

    @Test
    void zcdp() {
        assertThat(Zcdp.gaussianRho(2, 1)).isEqualTo(0.125);
        assertThat(Zcdp.fromPureDp(0.2)).isCloseTo(0.02, within(1e-17));
        assertThat(Zcdp.compose(0.1, 0.2, 0.3)).isCloseTo(0.6, within(1e-15));
        PrivacyBudget b = Zcdp.toApproxDp(0.5, 1e-5);
        assertThat(b.epsilon()).isCloseTo(4.7283869849433139, within(1e-9)); // mpmath reference, see CalibrationTest
        assertThat(b.epsilon()).isLessThan(Zcdp.simpleEpsilon(0.5, 1e-5));
        assertThatThrownBy(() -> Zcdp.compose(0.1, -1)).hasMessage("rho must be >= 0 and finite. Provided value: -1.0");
    }

    @Test
    void budgetAccountantRefusesToOverspendAndSaysWhatRemains() {
        BudgetAccountant a = new BudgetAccountant(new PrivacyBudget(1.0, 1e-6));
        a.spend("count", new PrivacyBudget(0.3, 0));
        a.spend("sum", new PrivacyBudget(0.3, 5e-7));
        assertThat(a.remainingEpsilon()).isCloseTo(0.4, within(1e-15)).isLessThanOrEqualTo(0.4);
        assertThat(a.canSpend(new PrivacyBudget(0.5, 0))).isFalse();
        assertThatThrownBy(() -> a.spend("mean", new PrivacyBudget(0.5, 0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot spend epsilon=0.5, delta=0.0 on 'mean'")
                .hasMessageContaining("remaining epsilon=0.4");
        assertThatThrownBy(() -> a.spend("g", new PrivacyBudget(0.1, 6e-7))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("delta=");
        assertThat(a.history()).hasSize(2);
        // ten spends of 0.1 are accepted (the doubles sum to 1 + 5.6e-17: within the documented slack); the eleventh is refused
        BudgetAccountant tenths = new BudgetAccountant(PrivacyBudget.pure(1.0));
        for (int i = 0; i < 10; i++) {
            tenths.spend("q" + i, PrivacyBudget.pure(0.1));
        }
        assertThatThrownBy(() -> tenths.spend("q10", PrivacyBudget.pure(0.1))).isInstanceOf(IllegalStateException.class);
        BudgetAccountant replayed = BudgetAccountant.replay(new PrivacyBudget(1.0, 1e-6), a.history());
        assertThat(replayed.remainingEpsilon()).isEqualTo(a.remainingEpsilon());
        assertThat(replayed.history()).isEqualTo(a.history());
        assertThatThrownBy(() -> BudgetAccountant.replay(PrivacyBudget.pure(0.5), a.history()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.spend(" ", PrivacyBudget.pure(0.01))).hasMessage("spend label must be non-blank");
    }

    @Test
    void noiseMultiplierCalibration() {
        double sigma = NoiseCalibration.noiseMultiplier(3.0, 1e-5, 0.01, 1000);
        assertThat(Rdp.epsilon(0.01, sigma, 1000, 1e-5).epsilon()).isLessThanOrEqualTo(3.0);
        assertThat(Rdp.epsilon(0.01, sigma * (1 - 2e-4), 1000, 1e-5).epsilon()).isGreaterThan(3.0);
        // the Opacus run backwards: epsilon 7.3291 needs sigma about 1.5
        double back = NoiseCalibration.noiseMultiplier(7.3291, 1e-5, 0.04, 2250);
        assertThat(back).isCloseTo(1.5, within(1.5 * 2e-4));
        double rdpSigma = NoiseCalibration.noiseMultiplier(2.0, 1e-5, 0.05, 50);
        double pldSigma = NoiseCalibration.noiseMultiplier(2.0, 1e-5, 0.05, 50, NoiseCalibration.AccountantKind.PLD);
        assertThat(pldSigma).isLessThan(rdpSigma);
        assertThat(PldAccountant.subsampledGaussianEpsilon(pldSigma, 0.05, 50, 1e-5)).isLessThanOrEqualTo(2.0);
        assertThatThrownBy(() -> NoiseCalibration.noiseMultiplier(3, 1e-5, 0, 10))
                .hasMessage("sample rate must be in (0, 1]. Provided value: 0.0");
    }
}

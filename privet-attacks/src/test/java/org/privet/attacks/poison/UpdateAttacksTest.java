package org.privet.attacks.poison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;

class UpdateAttacksTest {
    private static final float[][] HONEST = {{1f, 2f}, {3f, 2f}, {2f, 5f}};

    private static PoisonContext ctx(int n, double eta) {
        return new PoisonContext(0, n, eta, Rng.of(7));
    }

    @Test
    void signFlipNegatesAndScales() {
        float[][] out = new SignFlipAttack(2).craft(HONEST, ctx(10, 1));
        assertThat(out[0]).containsExactly(-2f, -4f);
        assertThat(out[2]).containsExactly(-4f, -10f);
        assertThat(HONEST[0]).containsExactly(1f, 2f); // input untouched
    }

    @Test
    void ipmSendsMinusEpsilonTimesTheMean() {
        float[][] out = new IpmAttack(0.5).craft(HONEST, ctx(10, 1));
        // mean = (2, 3)
        for (float[] o : out) {
            assertThat(o[0]).isCloseTo(-1f, within(1e-6f));
            assertThat(o[1]).isCloseTo(-1.5f, within(1e-6f));
        }
    }

    @Test
    void alieShiftsTheMeanByZStandardDeviations() {
        float[][] out = new AlieAttack(1.5).craft(HONEST, ctx(10, 1));
        // coordinate 0: mean 2, population std sqrt(2/3); coordinate 1: mean 3, std sqrt(2)
        assertThat((double) out[1][0]).isCloseTo(2 - 1.5 * Math.sqrt(2.0 / 3), within(1e-5));
        assertThat((double) out[1][1]).isCloseTo(3 - 1.5 * Math.sqrt(2.0), within(1e-5));
    }

    @Test
    void alieZMaxMatchesThePaperFormula() {
        // n = 50, m = 12: s = 26 - 12 = 14, z = PhiInverse(36/50) = 0.5828 (normal table)
        assertThat(AlieAttack.zMax(50, 12)).isCloseTo(0.58284, within(1e-4));
        assertThat(AlieAttack.inverseNormalCdf(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(AlieAttack.inverseNormalCdf(0.001)).isCloseTo(-3.090232, within(1e-6));
        assertThat(AlieAttack.zMax(10, 6)).isZero();
    }

    @Test
    void gaussianIsSeededAndHasTheRequestedSpread() {
        float[][] big = new float[1][20000];
        float[][] a = new GaussianAttack(3).craft(big, ctx(10, 1));
        float[][] b = new GaussianAttack(3).craft(big, ctx(10, 1));
        assertThat(a[0]).containsExactly(b[0]);
        double ss = 0;
        for (float v : a[0]) {
            ss += v * v;
        }
        // sample std of 20000 N(0, 9) draws: relative error ~0.5% (sd); 5% is > 9 sd, false failure ~0
        assertThat(Math.sqrt(ss / 20000)).isCloseTo(3, within(0.15));
    }

    @Test
    void modelReplacementScalesByNOverEtaSplitAmongAttackers() {
        float[][] one = {{1f, -1f}};
        assertThat(new ModelReplacementAttack().craft(one, ctx(10, 1))[0]).containsExactly(10f, -10f);
        assertThat(new ModelReplacementAttack().craft(one, ctx(10, 2))[0]).containsExactly(5f, -5f);
        float[][] two = {{1f, 0f}, {3f, 0f}};
        // mean (2, 0), gamma = 10, each of 2 attackers sends gamma/2 * mean = (10, 0): the sum is gamma * mean
        float[][] out = new ModelReplacementAttack().craft(two, ctx(10, 1));
        assertThat(out[0]).containsExactly(10f, 0f);
        assertThat(out[1]).containsExactly(10f, 0f);
        // constrain-and-scale: norm capped at S = 5
        float[] capped = new ModelReplacementAttack(Double.NaN, 5).craft(new float[][] {{3f, 4f}}, ctx(10, 1))[0];
        assertThat((double) capped[0]).isCloseTo(3, within(1e-5));
        assertThat((double) capped[1]).isCloseTo(4, within(1e-5));
    }

    @Test
    void badArgumentsSayTheRuleAndTheValue() {
        assertThatThrownBy(() -> new SignFlipAttack(-1)).hasMessageContaining("Provided value: -1");
        assertThatThrownBy(() -> new IpmAttack(Double.NaN)).hasMessageContaining("epsilon must be > 0");
        assertThatThrownBy(() -> new SignFlipAttack(1).craft(new float[][] {{1f}, {1f, 2f}}, ctx(3, 1)))
                .hasMessageContaining("row 1 has 2");
        assertThatThrownBy(() -> new PoisonContext(0, 0, 1, Rng.of(1))).hasMessageContaining("roundClients");
    }
}

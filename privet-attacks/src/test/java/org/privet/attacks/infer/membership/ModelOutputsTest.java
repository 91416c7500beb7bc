package org.privet.attacks.infer.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ModelOutputsTest {
    // probabilities of the hand example: p = softmax([ln 0.7, ln 0.2, ln 0.1]) = [0.7, 0.2, 0.1]
    private static final float[][] LOGITS = {{(float) Math.log(0.7), (float) Math.log(0.2), (float) Math.log(0.1)}};
    private static final int[] Y0 = {0};

    @Test
    void signalsMatchHandComputedValues() {
        ModelOutputs o = ModelOutputs.ofLogits(LOGITS);
        // float logits: tolerance 1e-6 covers float rounding of ln 0.7 etc.
        assertThat(o.loss(Y0)[0]).isCloseTo(-Math.log(0.7), within(1e-6));
        assertThat(o.trueClassProbability(Y0)[0]).isCloseTo(0.7, within(1e-6));
        assertThat(o.maxProbability()[0]).isCloseTo(0.7, within(1e-6));
        double h = -(0.7 * Math.log(0.7) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1));
        assertThat(o.entropy()[0]).isCloseTo(h, within(1e-6));
        // Mentr = -(1 - 0.7) ln 0.7 - 0.2 ln 0.8 - 0.1 ln 0.9
        double mentr = -0.3 * Math.log(0.7) - 0.2 * Math.log(0.8) - 0.1 * Math.log(0.9);
        assertThat(o.modifiedEntropy(Y0)[0]).isCloseTo(mentr, within(1e-6));
        assertThat(o.phi(Y0)[0]).isCloseTo(Math.log(0.7 / 0.3), within(1e-6));
        // label 2: phi = ln(0.1 / 0.9), Mentr = -(0.9) ln 0.1 - 0.7 ln 0.3 - 0.2 ln 0.8
        assertThat(o.phi(new int[] {2})[0]).isCloseTo(Math.log(0.1 / 0.9), within(1e-6));
        assertThat(o.modifiedEntropy(new int[] {2})[0]).isCloseTo(
                -0.9 * Math.log(0.1) - 0.7 * Math.log(0.3) - 0.2 * Math.log(0.8), within(1e-6));
    }

    @Test
    void probabilitiesGiveTheSameSignalsAsLogits() {
        ModelOutputs p = ModelOutputs.ofProbabilities(new float[][] {{0.7f, 0.2f, 0.1f}});
        ModelOutputs z = ModelOutputs.ofLogits(LOGITS);
        assertThat(p.phi(Y0)[0]).isCloseTo(z.phi(Y0)[0], within(1e-6));
        assertThat(p.modifiedEntropy(Y0)[0]).isCloseTo(z.modifiedEntropy(Y0)[0], within(1e-6));
    }

    @Test
    void phiKeepsResolutionWherePIsOneInFloat() {
        // p_y = 1 - e^-40 rounds to 1 in float and double; phi must still be 40 (and 30 for the other record)
        ModelOutputs o = ModelOutputs.ofLogits(new float[][] {{40f, 0f}, {30f, 0f}});
        double[] phi = o.phi(new int[] {0, 0});
        assertThat(phi[0]).isCloseTo(40, within(1e-5));
        assertThat(phi[1]).isCloseTo(30, within(1e-5));
        assertThat(o.loss(new int[] {0, 0})[0]).isCloseTo(Math.exp(-40), within(1e-20));
    }

    @Test
    void rowsSelectsRecordsInOrder() {
        ModelOutputs o = ModelOutputs.ofLogits(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        ModelOutputs r = o.rows(new int[] {2, 0});
        assertThat(r.logits()).containsExactly(5, 6, 1, 2);
        assertThatThrownBy(() -> o.rows(new int[] {3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record index 3").hasMessageContaining("[0, 3)");
    }

    @Test
    void badInputIsRejectedWithTheRuleAndValue() {
        ModelOutputs o = ModelOutputs.ofLogits(LOGITS);
        assertThatThrownBy(() -> o.loss(new int[] {0, 1})).hasMessageContaining("one label per record (1)")
                .hasMessageContaining("Provided: 2");
        assertThatThrownBy(() -> o.phi(new int[] {3})).hasMessageContaining("label 3 of record 0");
        assertThatThrownBy(() -> ModelOutputs.ofLogits(new float[][] {{1, Float.NaN}}))
                .hasMessageContaining("logits[0, 1] must be finite");
        assertThatThrownBy(() -> ModelOutputs.ofProbabilities(new float[][] {{0.5f, 0.6f}}))
                .hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> ModelOutputs.ofProbabilities(new float[][] {{1.5f, -0.5f}}))
                .hasMessageContaining("must be in [0, 1]");
        assertThatThrownBy(() -> ModelOutputs.ofLogits(new float[][] {{1, 2}, {1}}))
                .hasMessageContaining("row 1 has 1");
        assertThatThrownBy(() -> ModelOutputs.ofLogits(new float[5], 2)).hasMessageContaining("multiple of c");
    }
}

package org.privet.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.nn.Parameter;
import org.privet.core.tensor.Tensor;

/** Update rules against values computed by hand from the documented formulas. */
class OptimizerTest {
    private static Parameter param(float... v) {
        return new Parameter("w", Tensor.of(v, v.length));
    }

    private static List<Tensor> grad(float... g) {
        return List.of(Tensor.of(g, g.length));
    }

    @Test
    void plainSgdWithWeightDecay() {
        Parameter p = param(1f, -2f);
        new Sgd(List.of(p), 0.1f, 0f, false, 0.5f).step(grad(1f, 1f));
        // w -= 0.1 (g + 0.5 w): 1 - 0.1 (1 + 0.5) = 0.85; -2 - 0.1 (1 - 1) = -2
        assertThat(p.value().data()).containsExactly(new float[] {0.85f, -2f}, within(1e-7f));
    }

    @Test
    void momentumAndNesterov() {
        Parameter p = param(0f);
        Sgd sgd = new Sgd(List.of(p), 0.1f, 0.9f, false, 0f);
        sgd.step(grad(1f));   // b = 1, w = -0.1
        sgd.step(grad(1f));   // b = 0.9 + 1 = 1.9, w = -0.1 - 0.19 = -0.29
        assertThat(p.value().data()[0]).isCloseTo(-0.29f, within(1e-6f));

        Parameter q = param(0f);
        Sgd nes = new Sgd(List.of(q), 0.1f, 0.9f, true, 0f);
        nes.step(grad(1f));   // b = 1, direction 1 + 0.9 = 1.9, w = -0.19
        nes.step(grad(1f));   // b = 1.9, direction 1 + 1.71 = 2.71, w = -0.19 - 0.271 = -0.461
        assertThat(q.value().data()[0]).isCloseTo(-0.461f, within(1e-6f));
    }

    @Test
    void adamFirstStepsAreBiasCorrected() {
        Parameter p = param(1f, 1f);
        Adam adam = new Adam(List.of(p), 0.01f);
        adam.step(grad(0.5f, -3f));
        // t = 1: m_hat = g, v_hat = g^2 -> step lr * g / (|g| + eps) = +-0.01
        assertThat(p.value().data()).containsExactly(new float[] {0.99f, 1.01f}, within(1e-6f));
        adam.step(grad(0.5f, 1f));
        // t = 2, second entry: m = 0.1*(0.9*-3 ... ) computed in double below
        double m = 0.9 * (0.1 * -3) + 0.1 * 1;
        double v = 0.999 * (0.001 * 9) + 0.001 * 1;
        double upd = 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
        assertThat((double) p.value().data()[1]).isCloseTo(1.01 - upd, within(1e-6));
    }

    @Test
    void adamDecayL2VersusDecoupled() {
        Parameter l2 = param(2f);
        new Adam(List.of(l2), 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, false).step(grad(0f));
        // L2: g' = 0 + 0.5 * 2 = 1 -> normalised step of lr: 2 - 0.1
        assertThat(l2.value().data()[0]).isCloseTo(1.9f, within(1e-6f));
        Parameter dec = param(2f);
        new Adam(List.of(dec), 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, true).step(grad(0f));
        // decoupled: w -= lr wd w = 2 - 0.1 = 1.9, and a zero gradient moves nothing else
        assertThat(dec.value().data()[0]).isCloseTo(1.9f, within(1e-6f));
        Parameter dec2 = param(2f);
        new Adam(List.of(dec2), 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, true).step(grad(4f));
        assertThat(dec2.value().data()[0]).isCloseTo(1.8f, within(1e-6f));
    }

    @Test
    void stepUsesAccumulatedGradientsAndSkipsParametersWithout() {
        Parameter a = param(1f);
        Parameter b = param(1f);
        a.variable().mul(a.variable()).sum().backward(); // grad 2
        Sgd sgd = new Sgd(List.of(a, b), 0.5f);
        sgd.step();
        assertThat(a.value().data()[0]).isEqualTo(0f);
        assertThat(b.value().data()[0]).isEqualTo(1f);
        sgd.zeroGrad();
        assertThat(a.grad()).isNull();
    }

    @Test
    void hyperparametersAreValidated() {
        List<Parameter> ps = List.of(param(1f));
        assertThatThrownBy(() -> new Sgd(ps, -1f)).hasMessageContaining("learningRate").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new Sgd(ps, 0.1f, 1f, false, 0f)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new Sgd(ps, 0.1f, 0f, true, 0f)).hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> new Sgd(ps, 0.1f, 0f, false, -0.1f)).hasMessageContaining("weightDecay");
        assertThatThrownBy(() -> new Adam(ps, 0.1f, 1f, 0.999f, 1e-8f, 0f, false)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new Adam(ps, 0.1f, 0.9f, 0.999f, 0f, 0f, false)).hasMessageContaining("eps");
        assertThatThrownBy(() -> new Sgd(ps, 0.1f).step(grad(1f, 2f))).hasMessageContaining("[2]");
    }
}

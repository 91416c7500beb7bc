package org.privet.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.autodiff.GradCheck;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class NetworkClassifierTest {
    private final Sequential net = new Sequential(Networks.mlp(Rng.of(1), 4, new int[] {8}, 3).layers().get(0),
            new Tanh(), new Dropout(0.5f, Rng.of(2)), Networks.mlp(Rng.of(1), 4, new int[] {8}, 3).layers().get(2));
    private final NetworkClassifier c = new NetworkClassifier(net, new int[] {4}, 3, 5);
    private final Tensor x = Tensor.randn(Rng.of(3), 1f, 12, 4);
    private final int[] y = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};

    @Test
    void probabilitiesAreDeterministicDistributionsInEvaluationMode() {
        Tensor p = c.predictProba(x);
        assertThat(p.shape()).containsExactly(12, 3);
        for (float s : p.sum(1, false).data()) {
            assertThat(s).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        }
        // dropout is off: repeated calls agree, and batching (5 rows at a time) changes nothing
        assertThat(c.predictProba(x).data()).isEqualTo(p.data());
        assertThat(new NetworkClassifier(net, new int[] {4}, 3, 100).logits(x).data()).isEqualTo(c.logits(x).data());
        assertThat(c.predict(x)).isEqualTo(p.argmaxRows());
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        Tensor g = c.inputGradient(x, y);
        // the same quantity through the shared checker: d/dx of the summed loss
        GradCheck.check(in -> Ops.crossEntropyWithLogits(net.forward(in.get(0)), y, Reduction.SUM), x);
        assertThat(g.shape()).isEqualTo(x.shape());
        assertThat(g.squaredNorm()).isGreaterThan(0);
    }

    @Test
    void parameterGradientsAreInParameterOrderAndMatchFiniteDifferences() {
        List<Tensor> gs = c.parameterGradients(x, y);
        List<Tensor> ps = c.parameters();
        assertThat(gs).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(gs.get(i).shape()).isEqualTo(ps.get(i).shape());
        }
        assertThat(ps.get(0)).isSameAs(net.parameters().get(0).value());
        // finite difference on one weight entry of the mean loss (eps 1e-2, tolerance as GradCheck)
        float[] w = ps.get(0).data();
        float orig = w[3];
        w[3] = orig + 1e-2f;
        double plus = mean(c.lossPerExample(x, y));
        w[3] = orig - 1e-2f;
        double minus = mean(c.lossPerExample(x, y));
        w[3] = orig;
        double num = (plus - minus) / 2e-2;
        assertThat((double) gs.get(0).data()[3]).isCloseTo(num,
                org.assertj.core.data.Offset.offset(GradCheck.ATOL + GradCheck.RTOL * Math.abs(num)));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s / v.length;
    }

    @Test
    void rejectsWrongInputShapes() {
        assertThatThrownBy(() -> c.logits(Tensor.zeros(2, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[N, 4]").hasMessageContaining("[2, 5]");
        assertThatThrownBy(() -> new NetworkClassifier(net, new int[] {4}, 1)).hasMessageContaining("1");
    }
}

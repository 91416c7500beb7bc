package org.privet.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Variable;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class LayersTest {
    @Test
    void sameSeedGivesTheSameNetworkBitForBit() {
        Sequential a = Networks.smallCnn(Rng.of(42), 1, 28, 28, 10);
        Sequential b = Networks.smallCnn(Rng.of(42), 1, 28, 28, 10);
        Sequential c = Networks.smallCnn(Rng.of(43), 1, 28, 28, 10);
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pa.get(i).value().data()).isEqualTo(pb.get(i).value().data());
        }
        assertThat(pa.get(0).value().data()).isNotEqualTo(c.parameters().get(0).value().data());
    }

    @Test
    void smallCnnHasTheDocumentedShape() {
        Sequential net = Networks.smallCnn(Rng.of(1), 1, 28, 28, 10);
        assertThat(net.spec()).isEqualTo("sequential[conv2d(in=1,out=32,k=5,stride=1,pad=2), relu, "
                + "maxpool2d(k=2,stride=2), conv2d(in=32,out=64,k=5,stride=1,pad=2), relu, maxpool2d(k=2,stride=2), "
                + "flatten, dense(in=3136,out=128), relu, dense(in=128,out=10)]");
        // 32*25+32 + 64*32*25+64 + 3136*128+128 + 128*10+10
        assertThat(net.parameterCount()).isEqualTo(832 + 51264 + 401536 + 1290);
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            assertThat(net.forward(Variable.constant(Tensor.zeros(2, 1, 28, 28))).value().shape())
                    .containsExactly(2, 10);
        }
        assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias",
                "7.weight", "7.bias", "9.weight", "9.bias");
    }

    @Test
    void initialisationHasTheRequestedScale() {
        // He normal: std sqrt(2/fanIn) = sqrt(2/400) = 0.0707; 400*300 = 120000 samples give a
        // relative standard error of the std of 1/sqrt(2*120000) = 0.2%, so 3% is > 10 sigma.
        Tensor w = new Dense(400, 300, Rng.of(3)).weight().value();
        double sd = Math.sqrt(w.squaredNorm() / w.size());
        assertThat(sd).isCloseTo(Math.sqrt(2.0 / 400), org.assertj.core.data.Percentage.withPercentage(3));
        Tensor u = new Dense(400, 300, Init.GLOROT_UNIFORM, Rng.of(3)).weight().value();
        float limit = (float) Math.sqrt(6.0 / 700);
        assertThat(u.max()).isLessThanOrEqualTo(limit).isGreaterThan(0.99f * limit);
        assertThat(u.min()).isGreaterThanOrEqualTo(-limit).isLessThan(-0.99f * limit);
    }

    @Test
    void dropoutScalesInTrainingAndIsTheIdentityInEvaluation() {
        Dropout d = new Dropout(0.25f, Rng.of(5));
        Sequential net = new Sequential(d);
        Tensor x = Tensor.ones(100, 100);
        Tensor y = net.forward(Variable.constant(x)).value();
        int zeros = 0;
        for (float v : y.data()) {
            assertThat(v).isIn(0f, 1f / 0.75f);
            zeros += v == 0f ? 1 : 0;
        }
        // Binomial(10000, 0.25): mean 2500, sd 43; +-300 is ~7 sd (false failure < 1e-11)
        assertThat(zeros).isBetween(2200, 2800);
        net.eval();
        assertThat(net.forward(Variable.constant(x)).value().data()).isEqualTo(x.data());
    }

    @Test
    void poolingFlattenAndActivationsHaveTheRightShapesAndValues() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        assertThat(new MaxPool2d(2).forward(Variable.constant(x)).value().data()).containsExactly(5f, 7f, 13f, 15f);
        assertThat(new AvgPool2d(2).forward(Variable.constant(x)).value().data())
                .containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        assertThat(new Flatten().forward(Variable.constant(x)).value().shape()).containsExactly(1, 16);
        Tensor v = Tensor.of(new float[] {-1f, 0f, 2f}, 3);
        assertThat(new ReLU().forward(Variable.constant(v)).value().data()).containsExactly(0f, 0f, 2f);
        assertThat(new Sigmoid().forward(Variable.constant(v)).value().data()[1]).isEqualTo(0.5f);
        assertThat(new Tanh().forward(Variable.constant(v)).value().data()[1]).isEqualTo(0f);
        Conv2d conv = new Conv2d(1, 2, 3, 2, 1, Rng.of(1));
        assertThat(conv.forward(Variable.constant(Tensor.zeros(3, 1, 7, 7))).value().shape())
                .containsExactly(3, 2, 4, 4);
    }

    @Test
    void wrongInputsAreReportedWithShapes() {
        Dense d = new Dense(4, 2, Rng.of(1));
        assertThatThrownBy(() -> d.forward(Variable.constant(Tensor.zeros(3, 5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense(in=4,out=2)")
                .hasMessageContaining("[3, 5]");
        Conv2d c = new Conv2d(3, 2, 3, 1, 0, Rng.of(1));
        assertThatThrownBy(() -> c.forward(Variable.constant(Tensor.zeros(1, 1, 5, 5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1, 5, 5]");
        assertThatThrownBy(() -> new Dense(0, 2, Rng.of(1))).hasMessageContaining("in must be >= 1");
        assertThatThrownBy(() -> new Dropout(1.5f, Rng.of(1))).hasMessageContaining("1.5");
        assertThatThrownBy(() -> Networks.smallCnn(Rng.of(1), 1, 3, 3, 10)).hasMessageContaining(">= 4");
    }
}

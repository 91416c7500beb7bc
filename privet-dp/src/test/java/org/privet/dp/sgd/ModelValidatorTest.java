package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Dropout;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class ModelValidatorTest {

    /** A stand-in for batch normalisation (mixes examples through batch statistics). */
    static final class BatchNorm1d implements Layer {
        private final Parameter gamma = new Parameter("gamma", Tensor.ones(8));

        @Override
        public Variable forward(Variable x) {
            return x;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(gamma);
        }

        @Override
        public String spec() {
            return "batchnorm1d(8)";
        }
    }

    /** A parameterised layer without per-example gradients. */
    static final class Scale implements Layer {
        private final Parameter s = new Parameter("s", Tensor.ones(1));

        @Override
        public Variable forward(Variable x) {
            return x;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(s);
        }

        @Override
        public String spec() {
            return "scale";
        }
    }

    /** An unknown parameter-free layer. */
    static final class Shuffle implements Layer {
        @Override
        public Variable forward(Variable x) {
            return x;
        }

        @Override
        public String spec() {
            return "shuffle";
        }
    }

    @Test
    void builtInNetworksPassIncludingDropout() {
        assertThat(ModelValidator.validate(Networks.mlp(Rng.of(1), 4, new int[] {8}, 2))).isEmpty();
        assertThat(ModelValidator.validate(Networks.smallCnn(Rng.of(1), 1, 8, 8, 3))).isEmpty();
        Sequential withDropout = new Sequential(new Flatten(), new Dense(4, 8, Rng.of(1)), new ReLU(),
                new Dropout(0.5f, Rng.of(2)), new Dense(8, 2, Rng.of(3)));
        assertThat(ModelValidator.validate(withDropout)).isEmpty();
    }

    @Test
    void listsEveryBadLayerWithWhyAndFix() {
        Sequential net = new Sequential(new Dense(4, 8, Rng.of(1)), new BatchNorm1d(), new ReLU(),
                new Sequential(new Scale(), new Dropout(0.1f, Rng.of(2))), new Shuffle(), new Dense(8, 2, Rng.of(3)));
        List<ModelValidator.Issue> issues = ModelValidator.validate(net);
        assertThat(issues).extracting(ModelValidator.Issue::index).containsExactly(1, 3, 5);
        assertThat(issues.get(0).problem()).contains("batch statistics");
        assertThat(issues.get(0).fix()).contains("group or layer norm");
        assertThat(issues.get(1).problem()).contains("no per-example gradients");
        assertThat(issues.get(2).problem()).contains("unknown layer type");
        assertThatThrownBy(() -> ModelValidator.requireValid(net))
                .hasMessageStartingWith("DP-SGD cannot train this network: 3 problem(s):")
                .hasMessageContaining("layer 1 batchnorm1d(8)")
                .hasMessageContaining("layer 3 scale")
                .hasMessageContaining("layer 5 shuffle");
    }

    @Test
    void aNetworkWithoutParametersIsReported() {
        List<ModelValidator.Issue> issues = ModelValidator.validate(new Sequential(new ReLU()));
        assertThat(issues).singleElement().extracting(ModelValidator.Issue::index).isEqualTo(-1);
    }
}

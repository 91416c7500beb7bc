package org.privet.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.data.Dataset;
import org.privet.core.data.split.Splits;
import org.privet.core.data.split.TrainTestSplit;
import org.privet.core.data.synthetic.GaussianMixture;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.PerExampleGradients;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.TrainHistory;
import org.privet.core.train.Trainer;

/** The example of docs/engine.md, verbatim, so the documentation cannot rot. */
class EngineExampleTest {
    @Test
    void documentedExampleRuns() {
        Rng rng = Rng.of(42);
        Dataset data = GaussianMixture.generate(2000, 3, 10, 3.0, rng.child("data"));
        TrainTestSplit split = Splits.trainTest(data, 0.25, rng.child("split"));

        Sequential net = Networks.mlp(rng.child("init"), 10, new int[] {64}, 3);
        TrainHistory h = Trainer.fit(net, split.train().features(), split.train().labels(),
                TrainConfig.adam(0.01f, 10, 64, 42), Progress.NONE);
        float testAccuracy = Trainer.evaluate(net, split.test().features(), split.test().labels());

        // what a black-box attacker sees, and what a white-box one sees
        NetworkClassifier clf = new NetworkClassifier(net, new int[] {10}, 3);
        Tensor probs = clf.predictProba(split.test().features());
        Tensor inputGrad = clf.inputGradient(split.test().features(), split.test().labels());

        // per-example gradient norms without materialising per-example gradients (DP-SGD's need)
        float[] norms = PerExampleGradients.norms(net, split.train().features().sliceRows(0, 32),
                java.util.Arrays.copyOf(split.train().labels(), 32));

        // second order: d/dx || dL/dW ||^2, what gradient-matching attacks differentiate
        Variable x = Variable.parameter(split.test().features().sliceRows(0, 4));
        Variable loss = Ops.crossEntropyWithLogits(net.forward(x),
                java.util.Arrays.copyOf(split.test().labels(), 4), Reduction.SUM);
        Variable w = net.parameters().get(0).variable();
        Variable gw = Autodiff.grad(loss, java.util.List.of(w), null, true).get(0);
        Variable dx = Autodiff.grad(gw.square().sum(), java.util.List.of(x), null, false).get(0);

        // chance is 1/3; separation 3.0 makes the classes easy
        assertThat(testAccuracy).isGreaterThan(0.8f);
        assertThat(h.epochs()).isEqualTo(10);
        assertThat(probs.shape()).containsExactly(500, 3);
        assertThat(inputGrad.shape()).containsExactly(500, 10);
        assertThat(norms).hasSize(32);
        for (float n : norms) {
            assertThat(n).isPositive();
        }
        assertThat(dx.value().shape()).containsExactly(4, 10);
        assertThat(dx.value().squaredNorm()).isPositive();
    }
}

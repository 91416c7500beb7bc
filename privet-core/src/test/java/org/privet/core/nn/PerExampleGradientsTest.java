package org.privet.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Per-example gradients against batch-of-one gradients, ghost norms against norms of materialised
 * gradients, clipped sums against manual clipping. Tolerance: float32 sums of at most a few
 * thousand products, so |a - b| &lt;= 1e-5 + 1e-4 |b|.
 */
class PerExampleGradientsTest {
    private static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < a.length; i++) {
            assertThat((double) Math.abs(a[i] - e[i])).as("%s entry %d: %s vs %s", what, i, a[i], e[i])
                    .isLessThanOrEqualTo(1e-5 + 1e-4 * Math.abs(e[i]));
        }
    }

    private static Tensor inputs(long seed, int... shape) {
        return Tensor.randn(Rng.of(seed), 1f, shape);
    }

    private static int[] labels(long seed, int n, int classes) {
        Rng r = Rng.of(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
        }
        return y;
    }

    /** compute() row i must equal the gradient of example i alone (batch of one, loss of that example). */
    private static void assertEqualsBatchOfOne(Sequential net, Tensor x, int[] y) {
        int[] shape = x.shape();
        int[] one = shape.clone();
        one[0] = 1;
        PerExampleGradients.Result r = PerExampleGradients.compute(net, x, y);
        NetworkClassifier c = new NetworkClassifier(net, Arrays.copyOfRange(shape, 1, shape.length), 3);
        List<Parameter> ps = net.parameters();
        assertThat(r.gradients()).hasSize(ps.size());
        for (int i = 0; i < y.length; i++) {
            Tensor xi = x.rows(new int[] {i});
            List<Tensor> g = c.parameterGradients(xi, new int[] {y[i]});
            assertThat((double) r.losses()[i]).isCloseTo(c.lossPerExample(xi, new int[] {y[i]})[0],
                    org.assertj.core.data.Offset.offset(1e-5));
            for (int p = 0; p < ps.size(); p++) {
                assertClose(r.gradients().get(p).row(i), g.get(p), "example " + i + " parameter " + p);
            }
        }
    }

    private static Sequential convNet(Rng rng) {
        return new Sequential(new Conv2d(2, 3, 3, 1, 1, rng.child("c1")), new ReLU(), new MaxPool2d(2),
                new Conv2d(3, 4, 2, 2, 0, rng.child("c2")), new Tanh(), new Flatten(),
                new Dense(4, 3, rng.child("d")));
    }

    @Test
    void denseEqualsBatchOfOne() {
        Sequential net = Networks.mlp(Rng.of(1), 5, new int[] {7, 6}, 3);
        assertEqualsBatchOfOne(net, inputs(2, 6, 5), labels(3, 6, 3));
    }

    @Test
    void conv2dEqualsBatchOfOne() {
        assertEqualsBatchOfOne(convNet(Rng.of(4)), inputs(5, 5, 2, 6, 6), labels(6, 5, 3));
    }

    @Test
    void smallCnnEqualsBatchOfOne() {
        Sequential net = Networks.cnn(Rng.of(7), 1, 8, 8, 3, 4, 6, 10);
        assertEqualsBatchOfOne(net, inputs(8, 4, 1, 8, 8), labels(9, 4, 3));
    }

    @Test
    void anyPerExampleLossWorks() {
        // regression with squared error: per-example gradients equal the gradients of each example alone
        Sequential net = new Sequential(new Dense(3, 4, Rng.of(30)), new Sigmoid(), new Dense(4, 2, Rng.of(31)));
        Tensor x = inputs(32, 5, 3);
        Tensor target = inputs(33, 5, 2);
        PerExampleGradients.Result r = PerExampleGradients.compute(net, x,
                out -> Ops.mse(out, Variable.constant(target), Reduction.NONE));
        List<Variable> vars = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            vars.add(p.variable());
        }
        for (int i = 0; i < 5; i++) {
            int[] row = {i};
            Variable li = Ops.mse(net.forward(Variable.constant(x.rows(row))), Variable.constant(target.rows(row)),
                    Reduction.SUM).mul(0.5f); // NONE averages over the 2 outputs
            List<Variable> g = Autodiff.grad(li, vars, null, false);
            for (int p = 0; p < vars.size(); p++) {
                assertClose(r.gradients().get(p).row(i), g.get(p).value(), "example " + i + " parameter " + p);
            }
        }
        assertThatThrownBy(() -> PerExampleGradients.norms(net, x, out -> out.sum()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape [5]");
    }

    @Test
    void perExampleGradientsSumToTheBatchGradient() {
        Sequential net = convNet(Rng.of(10));
        Tensor x = inputs(11, 6, 2, 6, 6);
        int[] y = labels(12, 6, 3);
        PerExampleGradients.Result r = PerExampleGradients.compute(net, x, y);
        List<Tensor> batch = new NetworkClassifier(net, new int[] {2, 6, 6}, 3).parameterGradients(x, y);
        for (int p = 0; p < batch.size(); p++) {
            // mean loss: the batch gradient is the mean of the per-example gradients
            assertClose(r.gradients().get(p).sum(0, false).mul(1f / 6), batch.get(p), "parameter " + p);
        }
    }

    private static float[] materialisedNorms(PerExampleGradients.Result r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (Tensor g : r.gradients()) {
                s += g.row(i).squaredNorm();
            }
            out[i] = (float) Math.sqrt(s);
        }
        return out;
    }

    @Test
    void ghostNormsEqualMaterialisedNormsOnBothConvPaths() {
        // first conv: 6x6 output positions, patch 18, 3 channels -> materialised; second conv: 1 position -> ghost
        assertThat(PerExampleGradients.useGhost(36, 18, 3)).isFalse();
        assertThat(PerExampleGradients.useGhost(1, 12, 4)).isTrue();
        Sequential net = convNet(Rng.of(13));
        Tensor x = inputs(14, 5, 2, 6, 6);
        int[] y = labels(15, 5, 3);
        float[] ghost = PerExampleGradients.norms(net, x, y);
        float[] direct = materialisedNorms(PerExampleGradients.compute(net, x, y), 5);
        assertClose(Tensor.wrap(ghost, 5), Tensor.wrap(direct, 5), "norms");
    }

    @Test
    void ghostNormsOfAGhostOnlyConvolution() {
        // 3x3 kernel on 4x4 input without padding: 4 positions, patch 36, 16 channels: ghost is cheaper
        assertThat(PerExampleGradients.useGhost(4, 36, 16)).isTrue();
        Rng rng = Rng.of(16);
        Sequential net = new Sequential(new Conv2d(4, 16, 3, 1, 0, rng.child("c")), new Flatten(),
                new Dense(64, 3, rng.child("d")));
        Tensor x = inputs(17, 3, 4, 4, 4);
        int[] y = labels(18, 3, 3);
        float[] ghost = PerExampleGradients.norms(net, x, y);
        assertClose(Tensor.wrap(ghost, 3), Tensor.wrap(materialisedNorms(PerExampleGradients.compute(net, x, y), 3), 3),
                "norms");
    }

    @Test
    void clippedSumEqualsManualClipAndSum() {
        Sequential net = convNet(Rng.of(19));
        Tensor x = inputs(20, 8, 2, 6, 6);
        int[] y = labels(21, 8, 3);
        PerExampleGradients.Result r = PerExampleGradients.compute(net, x, y);
        float[] norms = materialisedNorms(r, 8);
        float[] sorted = norms.clone();
        Arrays.sort(sorted);
        float clip = (sorted[3] + sorted[4]) / 2; // half the examples get clipped
        PerExampleGradients.ClippedSum c = PerExampleGradients.clippedGradientSum(net, x, y, clip);
        assertThat(c.clippedCount()).as("norms %s, clip %s", Arrays.toString(norms), clip).isEqualTo(4);
        assertClose(Tensor.wrap(c.norms(), 8), Tensor.wrap(norms, 8), "norms");
        for (int p = 0; p < r.gradients().size(); p++) {
            Tensor g = r.gradients().get(p);
            Tensor expected = Tensor.zeros(g.row(0).shape());
            for (int i = 0; i < 8; i++) {
                expected.axpyInPlace(Math.min(1f, clip / norms[i]), g.row(i));
            }
            assertClose(c.gradientSum().get(p), expected, "parameter " + p);
        }
        // every clipped example now has norm <= clip: the sum of clipped gradients is bounded by 8 * clip
        double total = 0;
        for (Tensor t : c.gradientSum()) {
            total += t.squaredNorm();
        }
        assertThat(Math.sqrt(total)).isLessThanOrEqualTo(8 * clip * (1 + 1e-5));
    }

    @Test
    void keptPerExampleConvGradientsGiveTheSameClippedSumAsTheGemm() {
        // c1 of convNet is materialised (36 positions x (18 + 3) > 18 x 3), c2 uses the ghost form
        assertThat(PerExampleGradients.useGhost(36, 18, 3)).isFalse();
        assertThat(PerExampleGradients.useGhost(1, 12, 4)).isTrue();
        Sequential net = convNet(Rng.of(31));
        Tensor x = inputs(32, 8, 2, 6, 6);
        int[] y = labels(33, 8, 3);
        float clip = 0.3f;
        PerExampleGradients.ClippedSum kept = PerExampleGradients.clippedGradientSum(net, x,
                PerExampleGradients.crossEntropy(y), clip, PerExampleGradients.MAX_KEPT_FLOATS);
        PerExampleGradients.ClippedSum gemm = PerExampleGradients.clippedGradientSum(net, x,
                PerExampleGradients.crossEntropy(y), clip, 0);
        assertThat(kept.clippedCount()).isPositive();
        for (int p = 0; p < kept.gradientSum().size(); p++) {
            assertClose(kept.gradientSum().get(p), gemm.gradientSum().get(p), "parameter " + p);
        }
    }

    @Test
    void convNormsAndClippedSumDoNotDependOnTheThreadCount() {
        // large enough for the per-example loop to run in parallel (work >= Parallel.MIN_PARALLEL_WORK per layer)
        Sequential net = Networks.cnn(Rng.of(41), 3, 16, 16, 3, 16, 8, 6);
        Tensor x = inputs(42, 9, 3, 16, 16);
        assertThat(9L * 16 * 75 * 256).isGreaterThanOrEqualTo(org.privet.core.tensor.Parallel.MIN_PARALLEL_WORK);
        int[] y = labels(43, 9, 3);
        int saved = org.privet.core.tensor.Parallel.threads();
        try {
            org.privet.core.tensor.Parallel.setThreads(1);
            PerExampleGradients.ClippedSum one = PerExampleGradients.clippedGradientSum(net, x, y, 0.4f);
            org.privet.core.tensor.Parallel.setThreads(3);
            PerExampleGradients.ClippedSum three = PerExampleGradients.clippedGradientSum(net, x, y, 0.4f);
            assertThat(three.norms()).containsExactly(one.norms());
            for (int p = 0; p < one.gradientSum().size(); p++) {
                assertThat(three.gradientSum().get(p).data()).containsExactly(one.gradientSum().get(p).data());
            }
        } finally {
            org.privet.core.tensor.Parallel.setThreads(saved);
        }
    }

    @Test
    void clippedSumEqualsASecondBackwardWithPerExampleWeights() {
        // the Opacus / ghost-clipping second pass: backward of sum_i w_i L_i, w_i = min(1, C / ||g_i||)
        Sequential net = Networks.cnn(Rng.of(22), 2, 8, 8, 3, 3, 4, 6);
        Tensor x = inputs(23, 6, 2, 8, 8);
        int[] y = labels(24, 6, 3);
        float clip = 0.5f;
        PerExampleGradients.ClippedSum c = PerExampleGradients.clippedGradientSum(net, x, y, clip);
        float[] w = new float[6];
        for (int i = 0; i < 6; i++) {
            w[i] = Math.min(1f, clip / c.norms()[i]);
        }
        Variable losses = Ops.crossEntropyWithLogits(
                net.forward(Variable.constant(x)), y,
                Reduction.NONE);
        List<Variable> vars = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            vars.add(p.variable());
        }
        List<Variable> g = Autodiff.grad(losses, vars,
                Variable.constant(Tensor.wrap(w, 6)), false);
        for (int p = 0; p < g.size(); p++) {
            assertClose(c.gradientSum().get(p), g.get(p).value(), "parameter " + p);
        }
        assertThat(c.clippedCount()).isPositive();
        assertThat(c.losses()).containsExactly(losses.value().data());
    }

    @Test
    void unsupportedLayersAndBadArgumentsAreListed() {
        Sequential net = Networks.mlp(Rng.of(1), 3, new int[] {4}, 2);
        Layer custom = new Layer() {
            private final Parameter p = new Parameter("scale", Tensor.ones(1));

            @Override
            public Variable forward(Variable x) {
                return x.mul(p.variable());
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(p);
            }

            @Override
            public String spec() {
                return "scale";
            }
        };
        Sequential withCustom = new Sequential(custom, net);
        assertThatThrownBy(() -> PerExampleGradients.norms(withCustom, inputs(1, 2, 3), new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 0 scale");
        assertThatThrownBy(() -> PerExampleGradients.clippedGradientSum(net, inputs(1, 2, 3), new int[] {0, 1}, 0f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Provided value: 0.0");
        assertThatThrownBy(() -> PerExampleGradients.compute(net, inputs(1, 2, 3), new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 labels");
    }
}

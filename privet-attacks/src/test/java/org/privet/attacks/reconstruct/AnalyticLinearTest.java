package org.privet.attacks.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.metrics.ImageMetrics;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class AnalyticLinearTest {
    private final Dataset data = Fixtures.images(16, 11);

    @Test
    void singleExampleIsRecoveredExactly() {
        var model = Fixtures.reluMlp(32, 3);
        var net = new FunctionalNetwork(model);
        for (int i = 0; i < 4; i++) {
            Tensor x = Fixtures.rows(data, i, i + 1);
            List<Tensor> g = net.gradient(x, Fixtures.labels(data, i, i + 1));
            Tensor rec = AnalyticLinear.recoverFirstLayerInput(model, g, Fixtures.SHAPE);
            assertThat(rec.shape()).containsExactly(1, 1, 16, 16);
            float[] a = rec.data();
            float[] b = x.data();
            for (int j = 0; j < a.length; j++) {
                // float32 ratio of two gradients: a few ulps of relative error
                assertThat(a[j]).as("pixel %d of example %d", j, i).isCloseTo(b[j], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void idlgRecoversEverySingleLabel() {
        var net = new FunctionalNetwork(Fixtures.reluMlp(32, 4));
        for (int i = 0; i < data.size(); i++) {
            List<Tensor> g = net.gradient(Fixtures.rows(data, i, i + 1), Fixtures.labels(data, i, i + 1));
            assertThat(AnalyticLinear.idlgLabel(g.get(g.size() - 2))).as("example %d", i).isEqualTo(data.label(i));
        }
    }

    @Test
    void batchLabelsRecoversDistinctLabels() {
        var net = new FunctionalNetwork(Fixtures.reluMlp(32, 4));
        // pick 4 examples with distinct labels
        List<Integer> idx = new ArrayList<>();
        boolean[] seen = new boolean[10];
        for (int i = 0; i < data.size() && idx.size() < 4; i++) {
            if (!seen[data.label(i)]) {
                seen[data.label(i)] = true;
                idx.add(i);
            }
        }
        int[] rows = idx.stream().mapToInt(Integer::intValue).toArray();
        Dataset batch = data.subset(rows);
        List<Tensor> g = net.gradient(batch.features(), batch.labels());
        int[] expected = batch.labels().clone();
        java.util.Arrays.sort(expected);
        assertThat(AnalyticLinear.batchLabels(g.get(g.size() - 2), 4)).containsExactly(expected);
    }

    @Test
    void largerBatchesGiveOnlyAMixture() {
        var model = Fixtures.reluMlp(32, 3);
        var net = new FunctionalNetwork(model);
        Tensor x = Fixtures.rows(data, 0, 8);
        Tensor rec = AnalyticLinear.recoverFirstLayerInput(model, net.gradient(x, Fixtures.labels(data, 0, 8)),
                Fixtures.SHAPE);
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 8; i++) {
            best = Math.max(best, ImageMetrics.psnr(rec.clamp(0f, 1f), x.sliceRows(i, i + 1), 1.0));
        }
        // a single example gives > 80 dB (exact); a mixture of 8 stays far below
        assertThat(best).isLessThan(25);
    }

    @Test
    void secureAggregationDefeatsPerClientRecovery() {
        var model = Fixtures.reluMlp(32, 3);
        var net = new FunctionalNetwork(model);
        List<List<Tensor>> updates = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            List<Tensor> u = net.gradient(Fixtures.rows(data, c, c + 1), Fixtures.labels(data, c, c + 1));
            updates.add(u);
            // control: each client's own update leaks its example exactly
            Tensor own = AnalyticLinear.recoverFirstLayerInput(model, u, Fixtures.SHAPE);
            assertThat(ImageMetrics.psnr(own, Fixtures.rows(data, c, c + 1), 1.0)).isGreaterThan(60);
        }
        Tensor rec = AnalyticLinear.recoverFirstLayerInput(model, UpdateDefences.aggregate(updates), Fixtures.SHAPE);
        for (int c = 0; c < 4; c++) {
            assertThat(ImageMetrics.psnr(rec.clamp(0f, 1f), Fixtures.rows(data, c, c + 1), 1.0)).as("client %d", c)
                    .isLessThan(25);
        }
    }

    @Test
    void rejectsModelsWithoutDenseFirstAndZeroGradients() {
        var cnn = Networks.cnn(Rng.of(1), 1, 16, 16, 10, 2, 2, 4);
        var g = new FunctionalNetwork(cnn).gradient(Fixtures.rows(data, 0, 1), Fixtures.labels(data, 0, 1));
        assertThatThrownBy(() -> AnalyticLinear.recoverFirstLayerInput(cnn, g, Fixtures.SHAPE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Dense first layer");
        assertThatThrownBy(() -> AnalyticLinear.recoverInput(Tensor.ones(3, 4), Tensor.zeros(3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("every bias gradient is zero");
        assertThatThrownBy(() -> AnalyticLinear.recoverInput(Tensor.ones(3, 4), Tensor.zeros(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]");
    }

    @Test
    void recoverInputIsTheRatioOfRows() {
        // dW = db x^T for one example: the known answer
        float[] x = {0.5f, -1f, 2f};
        float[] db = {0.25f, 0f, -2f};
        float[] w = new float[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                w[i * 3 + j] = db[i] * x[j];
            }
        }
        assertThat(AnalyticLinear.recoverInput(Tensor.wrap(w, 3, 3), Tensor.wrap(db, 3))).containsExactly(x);
    }
}

package org.privet.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class TrainerTest {
    /** Three Gaussian blobs in 2-D with centres 4 apart and unit variance: Bayes accuracy above 97%. */
    private static Object[] blobs(long seed, int n) {
        Rng rng = Rng.of(seed);
        float[][] centres = {{0, 0}, {4, 0}, {2, 3.5f}};
        Tensor x = Tensor.zeros(n, 2);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x.set(centres[y[i]][0] + (float) rng.nextGaussian(), i, 0);
            x.set(centres[y[i]][1] + (float) rng.nextGaussian(), i, 1);
        }
        return new Object[] {x, y};
    }

    @Test
    void mlpLearnsGaussianBlobsWithValidation() {
        Object[] tr = blobs(1, 300);
        Object[] va = blobs(2, 300);
        Sequential net = Networks.mlp(Rng.of(3), 2, new int[] {16}, 3);
        List<String> events = new ArrayList<>();
        Progress p = new Progress() {
            @Override
            public void start(String task, long total) {
                events.add("start " + total);
            }

            @Override
            public void update(long done, String detail) {
                events.add("update " + done);
            }

            @Override
            public void finish() {
                events.add("finish");
            }
        };
        TrainHistory h = Trainer.fit(net, (Tensor) tr[0], (int[]) tr[1], (Tensor) va[0], (int[]) va[1],
                TrainConfig.sgd(0.05f, 20, 32, 4), p);
        assertThat(h.epochs()).isEqualTo(20);
        assertThat(h.finalLoss()).isLessThan(h.loss()[0]);
        // the blobs overlap by well under 5%; a working trainer clears 93% on fresh data
        assertThat(h.validationAccuracy()[19]).isGreaterThan(0.93f);
        assertThat(Trainer.evaluate(net, (Tensor) va[0], (int[]) va[1])).isEqualTo(h.validationAccuracy()[19]);
        assertThat(net.isTraining()).isFalse();
        // 300 examples in batches of 32 = 10 steps per epoch: one update per step plus one per epoch
        assertThat(events).hasSize(1 + 200 + 20 + 1).startsWith("start 200", "update 1")
                .endsWith("update 200", "update 200", "finish");
    }

    @Test
    void mlpLearnsXorWithAdam() {
        Rng rng = Rng.of(5);
        int n = 200;
        Tensor x = Tensor.zeros(n, 2);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = i & 1;
            int b = (i >> 1) & 1;
            x.set(a + 0.1f * (float) rng.nextGaussian(), i, 0);
            x.set(b + 0.1f * (float) rng.nextGaussian(), i, 1);
            y[i] = a ^ b;
        }
        Sequential net = Networks.mlp(Rng.of(6), 2, new int[] {16, 16}, 2);
        TrainHistory h = Trainer.fit(net, x, y, TrainConfig.adam(0.01f, 60, 20, 7), Progress.NONE);
        assertThat(Trainer.evaluate(net, x, y)).isEqualTo(1f);
        assertThat(h.validationAccuracy()).isEmpty();
    }

    @Test
    void smallCnnLearnsWhereTheBrightBarIs() {
        // 8x8 images: noise plus a bright vertical bar in the left (class 0) or right (class 1) half
        Rng rng = Rng.of(13);
        int n = 120;
        Tensor x = Tensor.randn(rng, 0.3f, n, 1, 8, 8);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int col = (y[i] == 0 ? 0 : 4) + rng.nextInt(4);
            for (int r = 0; r < 8; r++) {
                x.set(x.get(i, 0, r, col) + 1.5f, i, 0, r, col);
            }
        }
        Sequential net = Networks.cnn(Rng.of(14), 1, 8, 8, 2, 4, 4, 8);
        Trainer.fit(net, x, y, TrainConfig.adam(0.01f, 8, 16, 15), Progress.NONE);
        assertThat(Trainer.evaluate(net, x, y)).isGreaterThan(0.95f);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        Object[] tr = blobs(8, 90);
        List<float[]> a = trainedWeights(tr, 11);
        List<float[]> b = trainedWeights(tr, 11);
        List<float[]> c = trainedWeights(tr, 12);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).isEqualTo(b.get(i));
        }
        assertThat(a.get(0)).isNotEqualTo(c.get(0)); // another shuffle order
    }

    private static List<float[]> trainedWeights(Object[] tr, long seed) {
        Sequential net = Networks.mlp(Rng.of(9), 2, new int[] {8}, 3);
        Trainer.fit(net, (Tensor) tr[0], (int[]) tr[1], new TrainConfig("sgd", 0.1f, 3, 16, 0.9f, 1e-4f, seed), null);
        List<float[]> out = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            out.add(p.value().data().clone());
        }
        return out;
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new TrainConfig("rmsprop", 0.1f, 1, 1, 0f, 0f, 1))
                .hasMessageContaining("rmsprop");
        assertThatThrownBy(() -> new TrainConfig("sgd", 0f, 1, 1, 0f, 0f, 1)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new TrainConfig("sgd", 0.1f, 0, 1, 0f, 0f, 1)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> new TrainConfig("sgd", 0.1f, 1, 0, 0f, 0f, 1)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new TrainConfig("adam", 0.1f, 1, 1, 0.9f, 0f, 1)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new TrainConfig("sgd", 0.1f, 1, 1, 0f, Float.NaN, 1))
                .hasMessageContaining("weightDecay");
        assertThat(new TrainConfig("SGD", 0.1f, 1, 1, 0f, 0f, 1).optimizer()).isEqualTo("sgd");
        Sequential net = Networks.mlp(Rng.of(1), 2, new int[] {2}, 2);
        assertThatThrownBy(() -> Trainer.fit(net, Tensor.zeros(3, 2), new int[] {0, 1}, TrainConfig.sgd(0.1f, 1, 1, 1),
                null)).hasMessageContaining("2 labels").hasMessageContaining("[3, 2]");
    }
}

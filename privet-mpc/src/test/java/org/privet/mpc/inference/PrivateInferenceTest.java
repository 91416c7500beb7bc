package org.privet.mpc.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privet.core.model.LogisticRegression;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Layer;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;
import org.privet.mpc.MpcTesting;
import org.privet.mpc.net.MpcException;

/**
 * Private inference against the plaintext model on models trained with privet-core (fixed seeds). Tolerances
 * follow the fixed-point error bound in {@link PrivateInference}; labels must agree except where the
 * plaintext top-two logits are within that tolerance.
 */
class PrivateInferenceTest {
    private static final int FEATURES = 6;
    private static final int CLASSES = 3;
    private static float[] xTrain;
    private static int[] yTrain;
    private static double[][] xTest;
    private static MlpModel mlp;
    private static Sequential net;

    /** Three Gaussian blobs in 6 dimensions. */
    @BeforeAll
    static void trainModels() {
        SplittableRandom r = new SplittableRandom(42);
        int n = 600;
        xTrain = new float[n * FEATURES];
        yTrain = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            yTrain[i] = c;
            for (int j = 0; j < FEATURES; j++) {
                xTrain[i * FEATURES + j] = (float) (r.nextGaussian() + (j % CLASSES == c ? 2.0 : 0.0));
            }
        }
        xTest = new double[40][FEATURES];
        for (int i = 0; i < xTest.length; i++) {
            for (int j = 0; j < FEATURES; j++) {
                xTest[i][j] = r.nextGaussian() + (j % CLASSES == i % CLASSES ? 2.0 : 0.0);
            }
        }
        net = Networks.mlp(Rng.of(7), FEATURES, new int[] {16, 8}, CLASSES);
        Trainer.fit(net, Tensor.of(xTrain, n, FEATURES), yTrain, TrainConfig.adam(0.01f, 5, 32, 7), Progress.NONE);
        List<DenseLayer> layers = new ArrayList<>();
        for (Layer l : net.flatLayers()) {
            if (l instanceof Dense d) {
                layers.add(toLayer(d.weight().value(), d.bias().value()));
            }
        }
        mlp = new MlpModel(layers);
    }

    private static DenseLayer toLayer(Tensor w, Tensor b) {
        int out = w.dim(0);
        int in = w.dim(1);
        double[][] wd = new double[out][in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                wd[o][i] = w.get(o, i);
            }
        }
        double[] bd = new double[out];
        for (int o = 0; o < out; o++) {
            bd[o] = b.get(o);
        }
        return new DenseLayer(wd, bd);
    }

    private static Prediction runInference(MlpModel model, double[][] x, InferenceOutput output, long seed) {
        var run = MpcTesting.run(2, seed, s -> {
            if (s.id() == 0) {
                PrivateInference.serve(s, model, 1, output);
                return null;
            }
            return PrivateInference.query(s, 0, x);
        });
        assertThat(run.result(0)).isNull();
        return run.result(1);
    }

    @Test
    void mlpLogitsMatchPrivetNetwork() {
        Prediction p = runInference(mlp, xTest, InferenceOutput.LOGITS, 51);
        // reference: privet-core's own forward pass (float32)
        float[] flat = new float[xTest.length * FEATURES];
        for (int i = 0; i < xTest.length; i++) {
            for (int j = 0; j < FEATURES; j++) {
                flat[i * FEATURES + j] = (float) xTest[i][j];
            }
        }
        Tensor logits = new NetworkClassifier(net, new int[] {FEATURES}, CLASSES).logits(Tensor.of(flat,
                xTest.length, FEATURES));
        double[][] plain = mlp.logits(xTest);
        for (int i = 0; i < xTest.length; i++) {
            for (int c = 0; c < CLASSES; c++) {
                assertThat(plain[i][c]).isCloseTo(logits.get(i, c), within(1e-4)); // float32 vs double
                // 3 layers, fan-in <= 16, |w|,|x| < 8: per layer <= 16 * 16 * 2^-17 + 2^-16 ~ 0.002, compounding
                assertThat(p.scores()[i][c]).as("row %d class %d", i, c).isCloseTo(plain[i][c], within(0.01));
            }
        }
    }

    @Test
    void mlpLabelsMatchPlaintextArgmax() {
        Prediction p = runInference(mlp, xTest, InferenceOutput.LABEL, 52);
        assertThat(p.scores()).isNull();
        double[][] plain = mlp.logits(xTest);
        int agree = 0;
        int correct = 0;
        for (int i = 0; i < xTest.length; i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (plain[i][c] > plain[i][best]) {
                    best = c;
                }
            }
            double second = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                if (c != best) {
                    second = Math.max(second, plain[i][c]);
                }
            }
            if (plain[i][best] - second > 0.01) {
                assertThat(p.labels()[i]).as("row %d", i).isEqualTo(best);
            }
            agree += p.labels()[i] == best ? 1 : 0;
            correct += p.labels()[i] == i % CLASSES ? 1 : 0;
        }
        assertThat(agree).isGreaterThanOrEqualTo(xTest.length - 1);
        assertThat(correct).as("the trained model is useful (blobs 2 sd apart)").isGreaterThan(30);
    }

    @Test
    void logisticRegressionProbabilityAndLabel() {
        // binary task: class 0 vs the rest, fitted by privet-core's L-BFGS logistic regression
        int n = yTrain.length;
        int[] yBin = new int[n];
        for (int i = 0; i < n; i++) {
            yBin[i] = yTrain[i] == 0 ? 1 : 0;
        }
        LogisticRegression lr = LogisticRegression.fit(Tensor.of(xTrain, n, FEATURES), yBin, 2,
                LogisticRegression.Options.defaults());
        double[] w = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            w[j] = lr.weights().get(j, 1) - lr.weights().get(j, 0); // two-class softmax == sigmoid of the difference
        }
        double b = lr.bias().get(1) - lr.bias().get(0);
        MlpModel model = MlpModel.logisticRegression(w, b);
        Prediction prob = runInference(model, xTest, InferenceOutput.PROBABILITY, 53);
        Prediction label = runInference(model, xTest, InferenceOutput.LABEL, 54);
        Tensor plainProba = lr.predictProba(toTensor(xTest));
        for (int i = 0; i < xTest.length; i++) {
            double want = plainProba.get(i, 1);
            // sigmoid error 3e-3 (Approximations) + logit error ~1e-3 * slope 1/4
            assertThat(prob.scores()[i][0]).as("row %d", i).isCloseTo(want, within(4e-3));
            if (Math.abs(want - 0.5) > 1e-3) {
                assertThat(label.labels()[i]).as("row %d", i).isEqualTo(want > 0.5 ? 1 : 0);
            }
        }
    }

    private static Tensor toTensor(double[][] x) {
        float[] f = new float[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                f[i * x[0].length + j] = (float) x[i][j];
            }
        }
        return Tensor.of(f, x.length, x[0].length);
    }

    @Test
    void trafficAndRoundsOfOneMlpQueryAreReported() {
        var run = MpcTesting.run(2, 55, s -> {
            if (s.id() == 0) {
                PrivateInference.serve(s, mlp, 1, InferenceOutput.LABEL);
            } else {
                PrivateInference.query(s, 0, new double[][] {xTest[0]});
            }
            return new long[] {s.counters().bytesSent(), s.counters().rounds()};
        });
        System.out.println("MLP 6-16-8-3, 1 row, LABEL: model owner sent " + run.result(0)[0] + " B, data owner sent "
                + run.result(1)[0] + " B, rounds " + run.result(0)[1]);
        // header + params (6*16+16 + 16*8+8 + 8*3+3 = 275 values) dominate the model owner's bytes
        assertThat(run.result(0)[0]).isGreaterThan(275 * 8);
        assertThat(run.result(0)[1]).isEqualTo(run.result(1)[1]);
    }

    @Test
    void wrongFeatureCountIsRejectedBeforeAnythingIsShared() {
        assertThatThrownBy(() -> MpcTesting.run(2, 56, s -> {
            if (s.id() == 0) {
                PrivateInference.serve(s, mlp, 1, InferenceOutput.LOGITS);
                return null;
            }
            return PrivateInference.query(s, 0, new double[][] {{1, 2, 3}});
        })).satisfiesAnyOf(
                e -> assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 features"),
                e -> assertThat(e).isInstanceOf(MpcException.class));
    }

    @Test
    void mlpProbabilitiesMatchPlaintextSoftmax() {
        Prediction p = runInference(mlp, xTest, InferenceOutput.PROBABILITY, 57);
        double[][] plain = mlp.logits(xTest);
        for (int i = 0; i < xTest.length; i++) {
            double max = Math.max(plain[i][0], Math.max(plain[i][1], plain[i][2]));
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                sum += Math.exp(plain[i][c] - max);
            }
            double total = 0;
            for (int c = 0; c < CLASSES; c++) {
                // softmax approximation 5e-3 + logit error 0.01 * (max slope 1/2)
                assertThat(p.scores()[i][c]).as("row %d class %d", i, c)
                        .isCloseTo(Math.exp(plain[i][c] - max) / sum, within(0.01));
                total += p.scores()[i][c];
            }
            assertThat(total).isCloseTo(1.0, within(0.02));
        }
    }

    @Test
    void denseLayerRejectsRaggedAndNonFiniteWeights() {
        assertThatThrownBy(() -> new DenseLayer(new double[][] {{1, 2}, {3}}, new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight row 1");
        assertThatThrownBy(() -> new DenseLayer(new double[][] {{1, Double.NaN}}, new double[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight[0][1]");
    }
}

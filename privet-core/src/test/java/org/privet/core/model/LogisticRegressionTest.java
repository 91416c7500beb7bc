package org.privet.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class LogisticRegressionTest {
    /** Labelled data. */
    record Data(Tensor x, int[] y) {
    }

    /** {@code perClass} Gaussian points (std 1) around each of {@code centres}. */
    static Data blobs(Rng rng, float[][] centres, int perClass) {
        int c = centres.length;
        int d = centres[0].length;
        float[] x = new float[c * perClass * d];
        int[] y = new int[c * perClass];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < perClass; i++) {
                int row = k * perClass + i;
                y[row] = k;
                for (int j = 0; j < d; j++) {
                    x[row * d + j] = centres[k][j] + (float) rng.nextGaussian();
                }
            }
        }
        return new Data(Tensor.wrap(x, c * perClass, d), y);
    }

    /** Mean cross-entropy + lambda/2 ||W||^2 and its gradient, in double, independently of the model code. */
    static double objective(double[] w, double[] b, Tensor x, int[] y, double lambda, double[] gw, double[] gb) {
        int n = x.dim(0);
        int d = x.dim(1);
        int c = b.length;
        double loss = 0;
        java.util.Arrays.fill(gw, 0);
        java.util.Arrays.fill(gb, 0);
        for (int i = 0; i < n; i++) {
            double[] z = new double[c];
            for (int k = 0; k < c; k++) {
                z[k] = b[k];
                for (int j = 0; j < d; j++) {
                    z[k] += x.data()[i * d + j] * w[j * c + k];
                }
            }
            double max = java.util.Arrays.stream(z).max().orElseThrow();
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            double lse = max + Math.log(s);
            loss += lse - z[y[i]];
            for (int k = 0; k < c; k++) {
                double r = (Math.exp(z[k] - lse) - (k == y[i] ? 1 : 0)) / n;
                gb[k] += r;
                for (int j = 0; j < d; j++) {
                    gw[j * c + k] += x.data()[i * d + j] * r;
                }
            }
        }
        double reg = 0;
        for (int p = 0; p < w.length; p++) {
            reg += w[p] * w[p];
            gw[p] += lambda * w[p];
        }
        return loss / n + 0.5 * lambda * reg;
    }

    static double[] toDouble(Tensor t) {
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.data()[i];
        }
        return out;
    }

    static double accuracy(LabelClassifier m, Tensor x, int[] y) {
        int[] p = m.predict(x);
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += p[i] == y[i] ? 1 : 0;
        }
        return ok / (double) y.length;
    }

    @Test
    void separatesWellSeparatedBlobs() {
        // Centres 10 apart with std 1: the Bayes error is below 1e-6, so a correct fit makes no
        // mistakes on these 600 training points (false-failure probability ~1e-3 at most, and the
        // seed is fixed).
        float[][] centres = {{0, 0}, {10, 0}, {5, 9}};
        Data train = blobs(Rng.of(7).child("train"), centres, 200);
        Data test = blobs(Rng.of(7).child("test"), centres, 200);
        LogisticRegression m = LogisticRegression.fit(train.x(), train.y(), 3, LogisticRegression.Options.defaults());
        assertThat(m.fitSummary()).hasValueSatisfying(s -> assertThat(s.converged()).isTrue());
        assertThat(accuracy(m, train.x(), train.y())).isEqualTo(1.0);
        assertThat(accuracy(m, test.x(), test.y())).isGreaterThanOrEqualTo(0.995);
        assertThat(m.inputShape()).containsExactly(2);
        assertThat(m.weights().shape()).containsExactly(2, 3);
        assertThat(m.bias().shape()).containsExactly(3);
    }

    @Test
    void matchesClosedFormOnTinyBinaryProblem() {
        // x = +1: three of class 1, one of class 0; x = -1: the mirror image. Unregularised, the
        // optimum has P(1 | x=1) = 3/4 and P(1 | x=-1) = 1/4, i.e. logit difference ln(3) * x.
        Tensor x = Tensor.of(new float[] {1, 1, 1, 1, -1, -1, -1, -1}, 8, 1);
        int[] y = {1, 1, 1, 0, 0, 0, 0, 1};
        LogisticRegression m = LogisticRegression.fit(x, y, 2,
                LogisticRegression.Options.defaults().withL2(0).withTolerance(1e-9));
        float[] w = m.weights().data();
        float[] b = m.bias().data();
        assertThat((double) (w[1] - w[0])).isCloseTo(Math.log(3), within(1e-5));
        assertThat((double) (b[1] - b[0])).isCloseTo(0.0, within(1e-6));
        Tensor p = m.predictProba(Tensor.of(new float[] {1, -1}, 2, 1));
        assertThat((double) p.get(0, 1)).isCloseTo(0.75, within(1e-6));
        assertThat((double) p.get(1, 1)).isCloseTo(0.25, within(1e-6));
    }

    @Test
    void regularisedSolutionIsStationary() {
        // Checks first-order optimality with an independent double-precision gradient of the
        // regularised objective at the returned (float32) parameters. Float rounding of the
        // parameters (relative 6e-8) bounds the gradient norm far below 1e-5.
        Data data = blobs(Rng.of(3), new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {1, 1, 1}}, 30);
        double lambda = 0.05;
        LogisticRegression m = LogisticRegression.fit(data.x(), data.y(), 4,
                LogisticRegression.Options.defaults().withL2(lambda).withTolerance(1e-8));
        double[] gw = new double[12];
        double[] gb = new double[4];
        double f = objective(toDouble(m.weights()), toDouble(m.bias()), data.x(), data.y(), lambda, gw, gb);
        double norm = 0;
        for (double v : gw) {
            norm += v * v;
        }
        for (double v : gb) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isLessThan(1e-5);
        assertThat(m.fitSummary().orElseThrow().objective()).isCloseTo(f, within(1e-6));
        // Any perturbation raises the (strictly convex) objective.
        double[] w2 = toDouble(m.weights());
        w2[5] += 1e-2;
        assertThat(objective(w2, toDouble(m.bias()), data.x(), data.y(), lambda, gw, gb)).isGreaterThan(f);
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        Data data = blobs(Rng.of(11), new float[][] {{0, 0, 1}, {2, 0, 0}, {0, 2, 0}}, 5);
        Rng r = Rng.of(12);
        LogisticRegression m = new LogisticRegression(Tensor.randn(r, 0.5f, 3, 3), Tensor.randn(r, 0.5f, 3));
        List<Tensor> g = m.parameterGradients(data.x(), data.y());
        assertThat(g).hasSize(2);
        assertThat(g.get(0).shape()).containsExactly(3, 3);
        assertThat(g.get(1).shape()).containsExactly(3);
        double[] w = toDouble(m.weights());
        double[] b = toDouble(m.bias());
        double[] sw = new double[9];
        double[] sb = new double[3];
        double h = 1e-4; // central differences in double: truncation error ~h^2, far below the 1e-5 tolerance
        for (int p = 0; p < 9; p++) {
            double keep = w[p];
            w[p] = keep + h;
            double up = objective(w, b, data.x(), data.y(), 0, sw, sb);
            w[p] = keep - h;
            double down = objective(w, b, data.x(), data.y(), 0, sw, sb);
            w[p] = keep;
            assertThat((double) g.get(0).data()[p]).as("dW[%d]", p).isCloseTo((up - down) / (2 * h), within(1e-5));
        }
        for (int k = 0; k < 3; k++) {
            double keep = b[k];
            b[k] = keep + h;
            double up = objective(w, b, data.x(), data.y(), 0, sw, sb);
            b[k] = keep - h;
            double down = objective(w, b, data.x(), data.y(), 0, sw, sb);
            b[k] = keep;
            assertThat((double) g.get(1).data()[k]).as("db[%d]", k).isCloseTo((up - down) / (2 * h), within(1e-5));
        }
        assertThat(m.parameters()).containsExactly(m.weights(), m.bias());
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        Data data = blobs(Rng.of(21), new float[][] {{0, 0}, {3, 1}, {1, 3}}, 2);
        Rng r = Rng.of(22);
        LogisticRegression m = new LogisticRegression(Tensor.randn(r, 1f, 2, 3), Tensor.randn(r, 1f, 3));
        Tensor g = m.inputGradient(data.x(), data.y());
        assertThat(g.shape()).containsExactly(6, 2);
        double[] w = toDouble(m.weights());
        double[] b = toDouble(m.bias());
        int n = data.x().dim(0);
        float h = 1e-2f;
        for (int i = 0; i < data.x().size(); i++) {
            // Summed loss = n * mean loss; perturb one input coordinate (float h is exact here).
            float keep = data.x().data()[i];
            data.x().data()[i] = keep + h;
            double up = n * objective(w, b, data.x(), data.y(), 0, new double[6], new double[3]);
            data.x().data()[i] = keep - h;
            double down = n * objective(w, b, data.x(), data.y(), 0, new double[6], new double[3]);
            data.x().data()[i] = keep;
            double fd = (up - down) / (2 * (double) ((keep + h) - keep));
            // Truncation error ~h^2 * |third derivative| ~ 1e-4 * ||W||^3: tolerance 2e-3.
            assertThat((double) g.data()[i]).as("dx[%d]", i).isCloseTo(fd, within(2e-3));
        }
    }

    @Test
    void lossPerExampleIsCrossEntropy() {
        LogisticRegression m = new LogisticRegression(Tensor.of(new float[] {1, -1}, 1, 2), Tensor.zeros(2));
        float[] loss = m.lossPerExample(Tensor.of(new float[] {0, 2}, 2, 1), new int[] {0, 0});
        assertThat((double) loss[0]).isCloseTo(Math.log(2), within(1e-6));
        assertThat((double) loss[1]).isCloseTo(Math.log(1 + Math.exp(-4)), within(1e-6));
    }

    @Test
    void trainingIsDeterministic() {
        Data data = blobs(Rng.of(5), new float[][] {{0, 0}, {1, 1}}, 50);
        LogisticRegression a = LogisticRegression.fit(data.x(), data.y(), 2, LogisticRegression.Options.defaults());
        LogisticRegression b = LogisticRegression.fit(data.x(), data.y(), 2, LogisticRegression.Options.defaults());
        assertThat(a.weights().data()).containsExactly(b.weights().data());
        assertThat(a.bias().data()).containsExactly(b.bias().data());
    }

    @Test
    void rejectsMisuseWithRuleAndValue() {
        Tensor x = Tensor.zeros(3, 2);
        assertThatThrownBy(() -> LogisticRegression.fit(x, new int[] {0, 1, 2}, 2, LogisticRegression.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("label y[2] must be in [0, 2). Provided value: 2");
        assertThatThrownBy(() -> LogisticRegression.fit(x, new int[] {0, 1}, 2, LogisticRegression.Options.defaults()))
                .hasMessage("y has 2 labels but x has 3 rows");
        assertThatThrownBy(() -> LogisticRegression.fit(x, new int[] {0, 0, 0}, 1, LogisticRegression.Options.defaults()))
                .hasMessageContaining("numClasses must be >= 2");
        assertThatThrownBy(() -> LogisticRegression.Options.defaults().withL2(-1))
                .hasMessage("l2 must be >= 0 and finite. Provided value: -1.0");
        LogisticRegression m = new LogisticRegression(Tensor.zeros(2, 3), Tensor.zeros(3));
        assertThatThrownBy(() -> m.logits(Tensor.zeros(4, 5)))
                .hasMessage("logits: x must have shape [batch, 2]. Provided shape: [4, 5]");
        assertThatThrownBy(() -> new LogisticRegression(Tensor.zeros(2, 3), Tensor.zeros(2)))
                .hasMessageContaining("bias must have shape [3]");
        Tensor bad = Tensor.of(new float[] {0, Float.NaN}, 1, 2);
        assertThatThrownBy(() -> LogisticRegression.fit(bad, new int[] {0}, 2, LogisticRegression.Options.defaults()))
                .hasMessage("x[0, 1] must be finite. Provided value: NaN");
    }
}

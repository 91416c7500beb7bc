package org.privet.mpc.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.mpc.MpcTesting;
import org.privet.mpc.training.PrivateLogisticRegression.Activation;
import org.privet.mpc.training.PrivateLogisticRegression.Options;

/**
 * Private training against the same algorithm in plaintext doubles (same batches, activation and effective
 * learning rate). Party 0 holds the features, party 1 the labels. Fixed seeds; the randomness is the sharing
 * and probabilistic truncation (about 1000 truncations of values below 2^43: false-failure probability
 * below 1e-3).
 */
class PrivateLogisticRegressionTest {
    private static final int N = 256;
    private static final int D = 4;
    private static final double[] TRUE_W = {1.5, -2.0, 0.5, 1.0};
    private static final double TRUE_B = -0.25;

    private static double[][] data(long seed, double[] y) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[N][D];
        for (int i = 0; i < N; i++) {
            double z = TRUE_B;
            for (int j = 0; j < D; j++) {
                x[i][j] = r.nextGaussian();
                z += TRUE_W[j] * x[i][j];
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return x;
    }

    private static double[] plaintext(double[][] x, double[] y, Options o) {
        double[] w = new double[D + 1];
        for (int e = 0; e < o.epochs(); e++) {
            for (int start = 0; start < N; start += o.batchSize()) {
                int b = Math.min(o.batchSize(), N - start);
                double[] grad = new double[D + 1];
                for (int i = start; i < start + b; i++) {
                    double u = w[D];
                    for (int j = 0; j < D; j++) {
                        u += w[j] * x[i][j];
                    }
                    double g = o.activation() == Activation.PIECEWISE ? Math.max(0, Math.min(1, u + 0.5))
                            : 1 / (1 + Math.exp(-u));
                    double err = g - y[i];
                    for (int j = 0; j < D; j++) {
                        grad[j] += x[i][j] * err;
                    }
                    grad[D] += err;
                }
                double lr = PrivateLogisticRegression.effectiveLearningRate(o.learningRate(), b) / b;
                for (int j = 0; j <= D; j++) {
                    w[j] -= lr * grad[j];
                }
            }
        }
        return w;
    }

    private static double[] privately(double[][] x, double[] y, Options o, long seed) {
        return privately(2, x, y, o, seed);
    }

    /** Party 0 inputs the features, the last party the labels; any others only compute. */
    private static double[] privately(int parties, double[][] x, double[] y, Options o, long seed) {
        double[] flat = new double[N * D];
        for (int i = 0; i < N; i++) {
            System.arraycopy(x[i], 0, flat, i * D, D);
        }
        int last = parties - 1;
        var run = MpcTesting.run(parties, seed, s -> {
            long[] xs = s.id() == 0 ? s.inputFixed(flat) : s.inputFrom(0, N * D);
            long[] ys = s.id() == last ? s.inputFixed(y) : s.inputFrom(last, N);
            return s.openFixed(PrivateLogisticRegression.train(s, xs, ys, N, D, o));
        });
        for (int p = 1; p < parties; p++) {
            assertThat(run.result(p)).containsExactly(run.result(0));
        }
        return run.result(0);
    }

    private static double accuracy(double[][] x, double[] y, double[] w) {
        int ok = 0;
        for (int i = 0; i < N; i++) {
            double u = w[D];
            for (int j = 0; j < D; j++) {
                u += w[j] * x[i][j];
            }
            ok += (u >= 0 ? 1 : 0) == (int) y[i] ? 1 : 0;
        }
        return ok / (double) N;
    }

    @Test
    void piecewiseTrainingMatchesPlaintextGradientDescent() {
        double[] y = new double[N];
        double[][] x = data(1, y);
        Options o = new Options(8, 32, 0.5, Activation.PIECEWISE);
        double[] want = plaintext(x, y, o);
        double[] got = privately(x, y, o, 61);
        for (int j = 0; j <= D; j++) {
            // 64 steps, each adding fixed-point error ~ 1e-4 per weight
            assertThat(got[j]).as("weight %d", j).isCloseTo(want[j], within(0.02));
        }
        assertThat(accuracy(x, y, got)).isGreaterThan(0.75).isGreaterThanOrEqualTo(accuracy(x, y, want) - 0.02);
        // it learned the signs of the true model (not a zero or constant result)
        for (int j = 0; j < D; j++) {
            assertThat(Math.signum(got[j])).isEqualTo(Math.signum(TRUE_W[j]));
        }
    }

    @Test
    void threePartyTrainingWithTruncationPairsMatchesPlaintextGradientDescent() {
        double[] y = new double[N];
        double[][] x = data(3, y);
        Options o = new Options(4, 32, 0.5, Activation.PIECEWISE);
        double[] want = plaintext(x, y, o);
        double[] got = privately(3, x, y, o, 63);
        for (int j = 0; j <= D; j++) {
            assertThat(got[j]).as("weight %d", j).isCloseTo(want[j], within(0.02));
        }
    }

    @Test
    void sigmoidTrainingMatchesPlaintextLogisticRegression() {
        double[] y = new double[N];
        double[][] x = data(2, y);
        Options o = new Options(4, 64, 1.0, Activation.SIGMOID);
        double[] want = plaintext(x, y, o);
        double[] got = privately(x, y, o, 62);
        for (int j = 0; j <= D; j++) {
            // sigmoid approximation error 3e-3 per row, 16 steps
            assertThat(got[j]).as("weight %d", j).isCloseTo(want[j], within(0.05));
        }
    }

    @Test
    void rejectsBadShapesAndOptions() {
        assertThatThrownBy(() -> new Options(0, 1, 0.1, Activation.PIECEWISE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs must be >= 1");
        assertThatThrownBy(() -> new Options(1, 1, Double.NaN, Activation.PIECEWISE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> MpcTesting.run(2, 1, s -> PrivateLogisticRegression.train(s, new long[5], new long[2],
                2, 2, new Options(1, 1, 0.1, Activation.PIECEWISE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x length 5");
    }
}

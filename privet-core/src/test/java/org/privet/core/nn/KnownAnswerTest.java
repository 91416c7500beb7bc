package org.privet.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.tensor.Tensor;

/**
 * A 2-2-2 ReLU network with fixed weights whose loss and gradients are derived by hand.
 *
 * <pre>
 * x = [1, -1], label 1
 * W1 = [[1, 2], [3, 1]], b1 = [0.5, 0]   pre = W1 x + b1 = [1 - 2 + 0.5, 3 - 1] = [-0.5, 2]
 * h = relu(pre) = [0, 2]
 * W2 = [[1, -1], [0.5, 1]], b2 = [0, 0]  z = W2 h = [-2, 2]
 * softmax(z) = [p0, 1 - p0] with p0 = 1 / (1 + e^4) = 0.0179862
 * loss = -log(1 - p0) = log(1 + e^-4) = 0.0181499
 * dz  = softmax - onehot = [p0, -p0]
 * dW2 = dz h^T = [[0, 2 p0], [0, -2 p0]],  db2 = [p0, -p0]
 * dh  = W2^T dz = [p0 - 0.5 p0, -p0 - p0] = [0.5 p0, -2 p0]
 * dpre = dh * relu'(pre) = [0, -2 p0]
 * dW1 = dpre x^T = [[0, 0], [-2 p0, 2 p0]],  db1 = [0, -2 p0]
 * dx  = W1^T dpre = [3 (-2 p0), 1 (-2 p0)] = [-6 p0, -2 p0]
 * </pre>
 */
class KnownAnswerTest {
    @Test
    void lossAndGradientsMatchTheHandDerivation() {
        Sequential net = new Sequential(
                new Dense(Tensor.of(new float[][] {{1, 2}, {3, 1}}), Tensor.of(new float[] {0.5f, 0f}, 2)),
                new ReLU(),
                new Dense(Tensor.of(new float[][] {{1, -1}, {0.5f, 1}}), Tensor.zeros(2)));
        NetworkClassifier c = new NetworkClassifier(net, new int[] {2}, 2);
        Tensor x = Tensor.of(new float[] {1, -1}, 1, 2);
        int[] y = {1};
        double p0 = 1 / (1 + Math.exp(4));
        float tol = 1e-6f;

        assertThat(c.logits(x).data()).containsExactly(new float[] {-2f, 2f}, within(tol));
        assertThat((double) c.lossPerExample(x, y)[0]).isCloseTo(Math.log1p(Math.exp(-4)), within(1e-6));

        List<Tensor> g = c.parameterGradients(x, y);
        float q = (float) p0;
        assertThat(g.get(0).data()).containsExactly(new float[] {0, 0, -2 * q, 2 * q}, within(tol));
        assertThat(g.get(1).data()).containsExactly(new float[] {0, -2 * q}, within(tol));
        assertThat(g.get(2).data()).containsExactly(new float[] {0, 2 * q, 0, -2 * q}, within(tol));
        assertThat(g.get(3).data()).containsExactly(new float[] {q, -q}, within(tol));
        assertThat(c.inputGradient(x, y).data()).containsExactly(new float[] {-6 * q, -2 * q}, within(tol));
    }
}

package org.privet.core.autodiff;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.privet.core.autodiff.GradCheck.check;
import static org.privet.core.autodiff.GradCheck.checkSecondOrder;

import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** Every differentiable operation against finite differences ({@link GradCheck}), first and second order. */
class OpsGradientTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(Rng.of(seed), 1f, shape);
    }

    /** Entries with |x| in [0.2, 1.2]: at least 0.2 away from the ReLU kink (EPS = 0.01). */
    private static Tensor awayFromZero(long seed, int... shape) {
        Rng rng = Rng.of(seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (rng.nextBoolean() ? 1 : -1) * (0.2f + rng.nextFloat());
        }
        return t;
    }

    private static Tensor positive(long seed, int... shape) {
        return Tensor.uniform(Rng.of(seed), 0.5f, 2f, shape);
    }

    /** A random arrangement of distinct values spaced 0.1 apart: no max-pool ties within EPS. */
    private static Tensor distinct(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int[] p = Rng.of(seed).permutation(t.size());
        for (int i = 0; i < p.length; i++) {
            t.data()[i] = 0.1f * p[i] - 0.05f * p.length;
        }
        return t;
    }

    @Test
    void broadcastingArithmetic() {
        checkSecondOrder(in -> in.get(0).add(in.get(1)), randn(1, 2, 3), randn(2, 3));
        checkSecondOrder(in -> in.get(0).sub(in.get(1)), randn(1, 2, 3), randn(2, 2, 1));
        checkSecondOrder(in -> in.get(0).mul(in.get(1)), randn(1, 2, 3), randn(2, 3));
        checkSecondOrder(in -> in.get(0).mul(in.get(1)), randn(1, 2, 3), randn(2, 2, 3));
        checkSecondOrder(in -> in.get(0).div(in.get(1)), randn(1, 2, 3), positive(2, 2, 1));
        checkSecondOrder(in -> in.get(0).div(in.get(1)), positive(3, 3), positive(4, 2, 3));
    }

    @Test
    void scalarAndUnary() {
        checkSecondOrder(in -> in.get(0).neg().add(2f).mul(3f), randn(1, 4));
        checkSecondOrder(in -> in.get(0).exp(), randn(2, 2, 3));
        checkSecondOrder(in -> in.get(0).log(), positive(3, 5));
        checkSecondOrder(in -> in.get(0).sqrt(), positive(4, 5));
        checkSecondOrder(in -> in.get(0).pow(3f), randn(5, 5));
        checkSecondOrder(in -> in.get(0).pow(1.5f), positive(6, 5));
        checkSecondOrder(in -> in.get(0).square(), randn(7, 2, 2));
        checkSecondOrder(in -> in.get(0).relu().square(), awayFromZero(8, 3, 4));
        checkSecondOrder(in -> in.get(0).tanh(), randn(9, 3, 4));
        checkSecondOrder(in -> in.get(0).sigmoid(), randn(10, 3, 4));
    }

    @Test
    void softmaxFamily() {
        checkSecondOrder(in -> in.get(0).softmax(), randn(1, 3, 4));
        checkSecondOrder(in -> in.get(0).logSoftmax(), randn(2, 3, 4));
        checkSecondOrder(in -> in.get(0).softmax(), randn(3, 5));
    }

    @Test
    void matmulAllTransposes() {
        Tensor a = randn(1, 3, 4);
        Tensor at = randn(2, 4, 3);
        Tensor b = randn(3, 4, 2);
        Tensor bt = randn(4, 2, 4);
        checkSecondOrder(in -> in.get(0).matmul(in.get(1), false, false).tanh(), a, b);
        checkSecondOrder(in -> in.get(0).matmul(in.get(1), false, true).tanh(), a, bt);
        checkSecondOrder(in -> in.get(0).matmul(in.get(1), true, false).tanh(), at, b);
        checkSecondOrder(in -> in.get(0).matmul(in.get(1), true, true).tanh(), at, bt);
    }

    @Test
    void shapeOps() {
        checkSecondOrder(in -> in.get(0).transpose().tanh(), randn(1, 2, 3));
        checkSecondOrder(in -> in.get(0).reshape(3, -1).square(), randn(2, 2, 3));
        checkSecondOrder(in -> in.get(0).flatten().square(), randn(3, 2, 2, 2));
        checkSecondOrder(in -> in.get(0).broadcastTo(2, 3, 4).square(), randn(4, 3, 1));
        checkSecondOrder(in -> in.get(0).sumTo(3, 1).square(), randn(5, 2, 3, 4));
    }

    @Test
    void reductions() {
        checkSecondOrder(in -> in.get(0).square().sum(), randn(1, 2, 3));
        checkSecondOrder(in -> in.get(0).square().mean(), randn(2, 2, 3));
        checkSecondOrder(in -> in.get(0).square().sum(0, false), randn(3, 2, 3));
        checkSecondOrder(in -> in.get(0).square().sum(1, true), randn(4, 2, 3, 2));
        checkSecondOrder(in -> in.get(0).square().mean(-1, false), randn(5, 2, 3));
    }

    @Test
    void linear() {
        checkSecondOrder(in -> Ops.linear(in.get(0), in.get(1), in.get(2)).tanh(),
                randn(1, 3, 4), randn(2, 2, 4), randn(3, 2));
        check(in -> Ops.linear(in.get(0), in.get(1), null), randn(4, 3, 4), randn(5, 2, 4));
    }

    @Test
    void conv2d() {
        Tensor x = randn(1, 2, 2, 5, 5);
        Tensor w = randn(2, 3, 2, 3, 3);
        Tensor b = randn(3, 3);
        checkSecondOrder(in -> Ops.conv2d(in.get(0), in.get(1), in.get(2), 1, 1).tanh(), x, w, b);
        checkSecondOrder(in -> Ops.conv2d(in.get(0), in.get(1), in.get(2), 2, 0).tanh(), x, w, b);
    }

    @Test
    void convAdjointsAreDifferentiable() {
        Tensor x = randn(1, 2, 2, 4, 4);
        Tensor w = randn(2, 3, 2, 3, 3);
        Tensor gy = randn(3, 2, 3, 4, 4);
        int[] xs = x.shape();
        int[] ws = w.shape();
        checkSecondOrder(in -> Ops.conv2dBackwardInput(in.get(0), in.get(1), xs, 1, 1).tanh(), gy, w);
        checkSecondOrder(in -> Ops.conv2dBackwardWeight(in.get(0), in.get(1), ws, 1, 1).tanh(), x, gy);
    }

    @Test
    void pooling() {
        checkSecondOrder(in -> Ops.maxPool2d(in.get(0), 2, 2).square(), distinct(1, 2, 2, 4, 4));
        checkSecondOrder(in -> Ops.maxPool2d(in.get(0), 3, 1).square(), distinct(2, 1, 2, 5, 5));
        checkSecondOrder(in -> Ops.avgPool2d(in.get(0), 2, 2).square(), randn(3, 2, 2, 4, 4));
        checkSecondOrder(in -> Ops.avgPool2d(in.get(0), 3, 1).square(), randn(4, 1, 1, 5, 5));
    }

    @Test
    void dropoutWithAFixedMask() {
        // the same seed gives the same mask on every evaluation, so f is a fixed function of x
        checkSecondOrder(in -> Ops.dropout(in.get(0), 0.5f, Rng.of(7)).square(), randn(1, 4, 5));
    }

    @Test
    void losses() {
        int[] y = {2, 0, 1};
        for (Reduction r : Reduction.values()) {
            checkSecondOrder(in -> Ops.crossEntropyWithLogits(in.get(0), y, r), randn(1, 3, 4));
            checkSecondOrder(in -> Ops.mse(in.get(0), in.get(1), r), randn(2, 3, 2), randn(3, 3, 2));
        }
    }

    @Test
    void gradientMatchingObjectiveIsDifferentiableInTheInput() {
        // DLG: D(x) = ||grad_W L(x) - g*||^2 through a two-layer sigmoid network.
        Tensor w1 = randn(1, 4, 3);
        Tensor w2 = randn(2, 2, 4);
        Tensor target = randn(3, 4, 3).mul(0.1f);
        int[] y = {1};
        check(in -> {
            // the attack differentiates through a backward pass, so it records even inside no-grad callers
            try (Autodiff.GradMode mode = Autodiff.enableGrad()) {
                Variable x = in.get(0);
                Variable a = Variable.parameter(w1);
                Variable b = Variable.parameter(w2);
                Variable h = Ops.linear(x, a, null).sigmoid();
                Variable loss = Ops.crossEntropyWithLogits(Ops.linear(h, b, null), y, Reduction.MEAN);
                Variable ga = Autodiff.grad(loss, java.util.List.of(a), null, true).get(0);
                return ga.sub(Variable.constant(target)).square().sum();
            }
        }, randn(4, 1, 3));
    }

    @Test
    void checkerRejectsAWrongRule() {
        // exp with a backward rule that forgets the factor exp(x): the checker must fail
        GradCheck.Fn broken = in -> Variable.record("brokenExp", in.get(0).value().exp(),
                (gy, out, need) -> new Variable[] {gy}, in.get(0));
        assertThatThrownBy(() -> check(broken, randn(1, 3))).isInstanceOf(AssertionError.class);
        // a first-order-correct rule that is not differentiable itself (constant factor): second order must fail
        GradCheck.Fn frozen = in -> Variable.record("frozenExp", in.get(0).value().exp(),
                (gy, out, need) -> new Variable[] {gy.mul(out.detach())}, in.get(0));
        check(frozen, randn(2, 3));
        assertThatThrownBy(() -> checkSecondOrder(frozen, randn(2, 3))).isInstanceOf(AssertionError.class);
    }
}

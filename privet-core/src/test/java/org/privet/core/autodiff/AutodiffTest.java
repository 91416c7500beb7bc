package org.privet.core.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.tensor.Tensor;

/** Graph mechanics: accumulation, pruning, recording modes, deep graphs, errors. */
class AutodiffTest {
    @Test
    void backwardAccumulatesIntoLeavesAcrossCalls() {
        Variable x = Variable.parameter(Tensor.of(new float[] {1f, 2f, 3f}, 3));
        // f = sum(x*x + x) -> df/dx = 2x + 1
        x.mul(x).add(x).sum().backward();
        assertThat(x.grad().data()).containsExactly(3f, 5f, 7f);
        x.mul(x).add(x).sum().backward();
        assertThat(x.grad().data()).containsExactly(6f, 10f, 14f);
        x.zeroGrad();
        assertThat(x.grad()).isNull();
    }

    @Test
    void sharedGradientTensorsAreNeverModifiedInPlace() {
        Tensor seed = Tensor.of(new float[] {1f, 1f}, 2);
        Variable x = Variable.parameter(Tensor.of(new float[] {1f, 2f}, 2));
        Variable y = x.add(x).add(x).add(x); // four paths carry the same gradient objects
        List<Variable> g = Autodiff.grad(y, List.of(x), Variable.constant(seed), false);
        assertThat(g.get(0).value().data()).containsExactly(4f, 4f);
        assertThat(seed.data()).containsExactly(1f, 1f);
    }

    @Test
    void anAccumulatedGradientPassedOnToSeveralInputsIsNotModifiedLater() {
        // v gets an accumulated (owned) gradient S = 2; add passes that same S on to m and x2,
        // m passes it on to a and k, and a later receives k's contribution: adding that in place
        // into S would corrupt x2's gradient.
        Variable x1 = Variable.parameter(Tensor.of(new float[] {1f}, 1));
        Variable x2 = Variable.parameter(Tensor.of(new float[] {1f}, 1));
        Variable a = x1.mul(1f);
        Variable k = a.mul(1f);
        Variable m = a.add(k);
        Variable v = m.add(x2);
        Variable out = v.add(v);   // out = 2 (2 x1 + x2): d/dx1 = 4, d/dx2 = 2
        List<Variable> g = Autodiff.grad(out, List.of(x1, x2), null, false);
        assertThat(g.get(0).value().data()).containsExactly(4f);
        assertThat(g.get(1).value().data()).containsExactly(2f);
    }

    @Test
    void gradWithRespectToIntermediatesAndUnusedInputs() {
        Variable x = Variable.parameter(Tensor.of(new float[] {2f}, 1));
        Variable unused = Variable.parameter(Tensor.of(new float[] {5f, 6f}, 2));
        Variable h = x.square();          // h = 4
        Variable y = h.mul(h).sum();      // y = h^2 -> dy/dh = 2h = 8, dy/dx = 4 x^3 = 32
        List<Variable> g = Autodiff.grad(y, List.of(h, x, unused), null, false);
        assertThat(g.get(0).value().data()).containsExactly(8f);
        assertThat(g.get(1).value().data()).containsExactly(32f);
        assertThat(g.get(2).value().data()).containsExactly(0f, 0f);
        assertThat(g.get(1).requiresGrad()).isFalse();
    }

    @Test
    void createGraphGivesDifferentiableGradients() {
        Variable x = Variable.parameter(Tensor.of(new float[] {3f}, 1));
        Variable y = x.pow(3f).sum();                                   // x^3
        Variable dy = Autodiff.grad(y, List.of(x), null, true).get(0);  // 3x^2 = 27
        assertThat(dy.requiresGrad()).isTrue();
        Variable d2 = Autodiff.grad(dy.sum(), List.of(x), null, true).get(0); // 6x = 18
        Variable d3 = Autodiff.grad(d2.sum(), List.of(x), null, false).get(0); // 6
        assertThat(dy.value().item()).isEqualTo(27f);
        assertThat(d2.value().item()).isEqualTo(18f);
        assertThat(d3.value().item()).isEqualTo(6f);
    }

    @Test
    void noGradScopeIsNestedAndRestored() {
        Variable x = Variable.parameter(Tensor.ones(2));
        assertThat(Autodiff.isGradEnabled()).isTrue();
        try (Autodiff.GradMode outer = Autodiff.noGrad()) {
            assertThat(x.mul(2f).requiresGrad()).isFalse();
            try (Autodiff.GradMode inner = Autodiff.enableGrad()) {
                assertThat(x.mul(2f).requiresGrad()).isTrue();
            }
            assertThat(Autodiff.isGradEnabled()).isFalse();
        }
        assertThat(Autodiff.isGradEnabled()).isTrue();
        assertThat(x.mul(2f).requiresGrad()).isTrue();
        assertThat(Variable.constant(Tensor.ones(2)).mul(2f).requiresGrad()).isFalse();
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        // 200,000 chained operations: a recursive topological sort would overflow the default stack
        Variable x = Variable.parameter(Tensor.scalar(1f));
        Variable h = x;
        for (int i = 0; i < 200_000; i++) {
            h = h.add(0f);
        }
        h.mul(3f).backward();
        assertThat(x.grad().item()).isEqualTo(3f);
    }

    @Test
    void misuseIsReportedWithTheValues() {
        Variable x = Variable.parameter(Tensor.ones(2, 3));
        assertThatThrownBy(() -> x.mul(2f).backward())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Autodiff.grad(x.mul(2f), List.of(x), Variable.constant(Tensor.ones(3)), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> x.matmul(Variable.constant(Tensor.ones(2, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner dimensions 3 != 2");
        assertThatThrownBy(() -> Ops.crossEntropyWithLogits(x, new int[] {0, 3}, Reduction.MEAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 at index 1");
        assertThatThrownBy(() -> Ops.dropout(x, 1f, org.privet.core.rng.Rng.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.0");
    }

    @Test
    void crossEntropyMatchesItsDefinition() {
        // logits [ln 1, ln 3] -> softmax [1/4, 3/4]; label 1 -> loss -ln(3/4)
        Variable z = Variable.parameter(Tensor.of(new float[] {0f, (float) Math.log(3)}, 1, 2));
        Variable loss = Ops.crossEntropyWithLogits(z, new int[] {1}, Reduction.MEAN);
        assertThat((double) loss.value().item()).isCloseTo(-Math.log(0.75), org.assertj.core.data.Offset.offset(1e-6));
        loss.backward();
        assertThat(z.grad().data()[0]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(z.grad().data()[1]).isCloseTo(-0.25f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}

package org.privet.core.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * The one finite-difference gradient checker shared by every op test, first and second order.
 *
 * <p>A function f of several tensors (any output shape) is reduced to the scalar
 * s(x) = sum(r .* f(x)) with fixed random weights r, so one check covers the whole Jacobian in a
 * random direction per output. The numeric derivative of s is a central difference with step
 * {@link #EPS} = 1e-2 per input entry; s is accumulated in double from the float32 outputs.
 *
 * <p>Tolerance: |numeric - analytic| &lt;= {@link #ATOL} + {@link #RTOL} * max(|numeric|, |analytic|)
 * with ATOL = 2e-3 and RTOL = 2e-2. Rationale: float32 rounding of f (relative 6e-8 times |s|,
 * divided by 2 EPS) contributes about 1e-5 for |s| ~ 10, and the O(EPS^2 f''') truncation error
 * of central differences about 2e-5 f'''; the bound leaves a wide margin while a wrong rule
 * (factor or sign error, missing term) misses it by orders of magnitude. Inputs must keep EPS away
 * from kinks and singularities (ReLU at 0, max-pool ties, log/sqrt at 0).
 *
 * <p>Second order: with g(x) = Autodiff.grad(f(x), inputs, r, createGraph = true) the scalar
 * s2(x) = sum_j sum(v_j .* g_j(x)) is differentiated by the autodiff (a gradient of a gradient)
 * and compared, with the same rule, against central differences of s2 computed from first-order
 * gradients taken with createGraph = false.
 */
public final class GradCheck {
    public static final float EPS = 1e-2f;
    public static final double ATOL = 2e-3;
    public static final double RTOL = 2e-2;

    /** A differentiable function of several variables. */
    @FunctionalInterface
    public interface Fn {
        Variable apply(List<Variable> in);
    }

    private GradCheck() {
    }

    /** Checks first derivatives of f at {@code inputs} (not modified). */
    public static void check(Fn f, Tensor... inputs) {
        Tensor r = weights(f, inputs, 1);
        List<Variable> vars = params(inputs);
        Variable out = f.apply(vars);
        List<Variable> g = Autodiff.grad(out, vars, Variable.constant(r), false);
        for (int j = 0; j < inputs.length; j++) {
            Tensor x = inputs[j];
            int jj = j;
            Tensor num = numeric(xs -> scalar(f, xs, r), inputs, jj);
            compare("d/d input " + j, g.get(j).value(), num);
            assertThat(g.get(j).value().shape()).isEqualTo(x.shape());
        }
    }

    /** Checks second derivatives of f (via createGraph) at {@code inputs}, and first derivatives too. */
    public static void checkSecondOrder(Fn f, Tensor... inputs) {
        check(f, inputs);
        Tensor r = weights(f, inputs, 1);
        Rng rng = Rng.of(99);
        Tensor[] v = new Tensor[inputs.length];
        for (int j = 0; j < inputs.length; j++) {
            v[j] = Tensor.randn(rng, 1f, inputs[j].shape());
        }
        List<Variable> vars = params(inputs);
        Variable out = f.apply(vars);
        List<Variable> g = Autodiff.grad(out, vars, Variable.constant(r), true);
        Variable s2 = null;
        for (int j = 0; j < inputs.length; j++) {
            Variable t = g.get(j).mul(Variable.constant(v[j])).sum();
            s2 = s2 == null ? t : s2.add(t);
        }
        assertThat((double) s2.value().item()).isCloseTo(firstOrderDot(f, inputs, r, v),
                org.assertj.core.data.Offset.offset(1e-3 + 1e-4 * Math.abs(s2.value().item())));
        if (!s2.requiresGrad()) {
            // every second derivative is zero (f is affine in each input): differencing must agree
            for (int j = 0; j < inputs.length; j++) {
                int jj = j;
                compare("d2/d input " + j, Tensor.zeros(inputs[j].shape()),
                        numeric(xs -> firstOrderDot(f, xs, r, v), inputs, jj));
            }
            return;
        }
        List<Variable> h = Autodiff.grad(s2, vars, null, false);
        for (int j = 0; j < inputs.length; j++) {
            int jj = j;
            Tensor num = numeric(xs -> firstOrderDot(f, xs, r, v), inputs, jj);
            compare("d2/d input " + j, h.get(j).value(), num);
        }
    }

    private static double firstOrderDot(Fn f, Tensor[] xs, Tensor r, Tensor[] v) {
        List<Variable> vars = params(xs);
        List<Variable> g = Autodiff.grad(f.apply(vars), vars, Variable.constant(r), false);
        double s = 0;
        for (int j = 0; j < xs.length; j++) {
            float[] a = g.get(j).value().data();
            float[] b = v[j].data();
            for (int i = 0; i < a.length; i++) {
                s += (double) a[i] * b[i];
            }
        }
        return s;
    }

    private interface ScalarFn {
        double apply(Tensor[] xs);
    }

    private static Tensor numeric(ScalarFn s, Tensor[] inputs, int j) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            xs[k] = inputs[k].copy();
        }
        float[] d = xs[j].data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            float orig = d[i];
            d[i] = orig + EPS;
            double plus = s.apply(xs);
            d[i] = orig - EPS;
            double minus = s.apply(xs);
            d[i] = orig;
            out[i] = (float) ((plus - minus) / (2.0 * EPS));
        }
        return Tensor.wrap(out, inputs[j].shape());
    }

    private static double scalar(Fn f, Tensor[] xs, Tensor r) {
        Tensor y;
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            y = f.apply(constants(xs)).value();
        }
        float[] a = y.data();
        float[] b = r.data();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static Tensor weights(Fn f, Tensor[] inputs, long seed) {
        Tensor y;
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            y = f.apply(constants(inputs)).value();
        }
        return Tensor.uniform(Rng.of(seed), 0.5f, 1.5f, y.shape());
    }

    private static void compare(String what, Tensor analytic, Tensor numeric) {
        assertThat(analytic.shape()).as(what + " shape").isEqualTo(numeric.shape());
        float[] a = analytic.data();
        float[] n = numeric.data();
        for (int i = 0; i < a.length; i++) {
            double tol = ATOL + RTOL * Math.max(Math.abs(a[i]), Math.abs(n[i]));
            assertThat((double) Math.abs(a[i] - n[i])).as("%s entry %d: analytic %s vs numeric %s", what, i, a[i], n[i])
                    .isLessThanOrEqualTo(tol);
        }
    }

    private static List<Variable> params(Tensor[] xs) {
        List<Variable> v = new ArrayList<>();
        for (Tensor x : xs) {
            v.add(Variable.parameter(x.copy()));
        }
        return v;
    }

    private static List<Variable> constants(Tensor[] xs) {
        List<Variable> v = new ArrayList<>();
        for (Tensor x : xs) {
            v.add(Variable.constant(x));
        }
        return v;
    }
}

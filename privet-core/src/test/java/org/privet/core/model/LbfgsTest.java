package org.privet.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {
    /** Rosenbrock: minimum 0 at (1, ..., 1); a curved valley that defeats plain gradient descent. */
    private static double rosenbrock(double[] x, double[] g) {
        double f = 0;
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * x[i] * a - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    @Test
    void minimisesRosenbrock() {
        double[] x0 = {-1.2, 1, -1.2, 1, -1.2, 1};
        Lbfgs.Result r = Lbfgs.minimize(LbfgsTest::rosenbrock, x0, Lbfgs.Options.defaults());
        assertThat(r.converged()).as(r.termination().toString()).isTrue();
        for (double v : r.x()) {
            assertThat(v).isCloseTo(1.0, within(1e-5));
        }
        assertThat(r.value()).isLessThan(1e-10);
        // Plain L-BFGS needs a few dozen iterations here; hundreds would mean a broken line search.
        assertThat(r.iterations()).isLessThan(200);
        assertThat(x0[0]).as("start point not modified").isEqualTo(-1.2);
    }

    @Test
    void solvesIllConditionedQuadraticExactly() {
        // f = sum_i c_i (x_i - i)^2 / 2 with condition number 1e4.
        double[] c = {1, 10, 100, 1000, 10000};
        Lbfgs.Objective f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = c[i] * (x[i] - i);
                v += 0.5 * c[i] * (x[i] - i) * (x[i] - i);
            }
            return v;
        };
        Lbfgs.Result r = Lbfgs.minimize(f, new double[5], Lbfgs.Options.defaults());
        assertThat(r.termination()).isEqualTo(Lbfgs.Termination.GRADIENT_TOLERANCE);
        assertThat(r.gradientNorm()).isLessThanOrEqualTo(1e-6);
        for (int i = 0; i < 5; i++) {
            assertThat(r.x()[i]).isCloseTo(i, within(1e-6));
        }
    }

    @Test
    void treatsNonFiniteValuesAsTooFar() {
        // -log(x) + x: minimum at 1, undefined for x <= 0; steps past 0 must be backed off.
        Lbfgs.Objective f = (x, g) -> {
            if (x[0] <= 0) {
                g[0] = 0;
                return Double.POSITIVE_INFINITY;
            }
            g[0] = -1 / x[0] + 1;
            return -Math.log(x[0]) + x[0];
        };
        Lbfgs.Result r = Lbfgs.minimize(f, new double[] {30}, Lbfgs.Options.defaults());
        assertThat(r.x()[0]).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void reportsIterationCap() {
        Lbfgs.Result r = Lbfgs.minimize(LbfgsTest::rosenbrock, new double[] {-1.2, 1},
                new Lbfgs.Options(10, 2, 1e-12, 0, 20));
        assertThat(r.termination()).isEqualTo(Lbfgs.Termination.MAX_ITERATIONS);
        assertThat(r.iterations()).isEqualTo(2);
        assertThat(r.converged()).isFalse();
    }

    @Test
    void rejectsBadOptionsAndStart() {
        assertThatThrownBy(() -> new Lbfgs.Options(0, 10, 1e-6, 0, 20))
                .hasMessage("memory must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> new Lbfgs.Options(10, 10, -1, 0, 20))
                .hasMessageContaining("gradientTolerance must be >= 0 and finite. Provided value: -1.0");
        assertThatThrownBy(() -> Lbfgs.minimize((x, g) -> Double.NaN, new double[1], Lbfgs.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite at the start point");
    }
}

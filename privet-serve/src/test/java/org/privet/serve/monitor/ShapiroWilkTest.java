package org.privet.serve.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ShapiroWilkTest {
    /** Known answers from SciPy 1.10 scipy.stats.shapiro (which computes in float32: W to ~1e-7). */
    @Test
    void matchesScipy() {
        ShapiroWilk.Result a = ShapiroWilk.test(new double[] {148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236});
        assertThat(a.w()).isCloseTo(0.7888147830963135, within(2e-6));
        assertThat(a.pValue()).isCloseTo(0.006703833118081093, within(1e-5));
        ShapiroWilk.Result b = ShapiroWilk.test(new double[] {2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 3.9, 4.1, 3.0});
        assertThat(b.w()).isCloseTo(0.9713906645774841, within(2e-6));
        assertThat(b.pValue()).isCloseTo(0.9034310579299927, within(1e-4));
        double[] x = new double[60];
        for (int i = 0; i < 60; i++) {
            x[i] = ((i * 7919) % 101) / 10.0 + (i % 3);
        }
        ShapiroWilk.Result c = ShapiroWilk.test(x);
        assertThat(c.w()).isCloseTo(0.9736263751983643, within(2e-6));
        assertThat(c.pValue()).isCloseTo(0.2187642753124237, within(1e-4));
        ShapiroWilk.Result d = ShapiroWilk.test(new double[] {1, 2, 4});
        assertThat(d.w()).isCloseTo(0.9642857313156128, within(1e-6));
        assertThat(d.pValue()).isCloseTo(0.6368856430053711, within(1e-5)); // SciPy rounds W to float32 first
    }

    @Test
    void coefficientsAreAntisymmetricWithUnitNorm() {
        for (int n : new int[] {3, 4, 5, 6, 11, 12, 100, 5000}) {
            double[] a = ShapiroWilk.coefficients(n);
            double ss = 0;
            for (int i = 0; i < n; i++) {
                assertThat(a[i]).isCloseTo(-a[n - 1 - i], within(1e-12));
                ss += a[i] * a[i];
            }
            assertThat(ss).as("n=%d", n).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void separatesNormalFromSkewedSamples() {
        // seeded: deterministic. With n = 500, a normal sample's W is above 0.99 except with
        // probability far below 1e-6, and an exponential one's is below 0.95 (typically ~0.82).
        Random r = new Random(11);
        double[] normal = new double[500];
        double[] expo = new double[500];
        for (int i = 0; i < 500; i++) {
            normal[i] = r.nextGaussian();
            expo[i] = -Math.log(1 - r.nextDouble());
        }
        ShapiroWilk.Result n = ShapiroWilk.test(normal);
        ShapiroWilk.Result e = ShapiroWilk.test(expo);
        assertThat(n.w()).isGreaterThan(0.99);
        assertThat(n.pValue()).isGreaterThan(0.001);
        assertThat(e.w()).isLessThan(0.95);
        assertThat(e.pValue()).isLessThan(1e-6);
    }

    @Test
    void refusesWhatItCannotTest() {
        assertThatThrownBy(() -> ShapiroWilk.test(new double[] {1, 2})).hasMessageContaining("3 to 5000 values");
        assertThatThrownBy(() -> ShapiroWilk.test(new double[] {1, 1, 1, 1})).hasMessageContaining("all 4 values are equal");
        assertThatThrownBy(() -> ShapiroWilk.test(new double[] {1, Double.NaN, 2})).hasMessageContaining("finite");
    }
}

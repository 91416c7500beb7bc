package org.privet.dp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Clopper-Pearson bounds: known answers, coverage, and the coverage test rejecting the Wald interval. */
class ClopperPearsonTest {

    @Test
    void knownAnswers() {
        // closed forms at the edges: k = 0 gives 1 - alpha^(1/n), k = n gives alpha^(1/n)
        assertThat(ClopperPearson.upper(0, 10, 0.05)).isCloseTo(1 - Math.pow(0.05, 0.1), offset(1e-12));
        assertThat(ClopperPearson.lower(10, 10, 0.05)).isCloseTo(Math.pow(0.05, 0.1), offset(1e-12));
        assertThat(ClopperPearson.upper(10, 10, 0.05)).isEqualTo(1.0);
        assertThat(ClopperPearson.lower(0, 10, 0.05)).isEqualTo(0.0);
        // R: binom.test(50, 100)$conf.int = 0.3983211 0.6016789; binom.test(3, 20)$conf.int = 0.03207094 0.37892683
        assertThat(ClopperPearson.lower(50, 100, 0.025)).isCloseTo(0.3983211, offset(1e-7));
        assertThat(ClopperPearson.upper(50, 100, 0.025)).isCloseTo(0.6016789, offset(1e-7));
        assertThat(ClopperPearson.lower(3, 20, 0.025)).isCloseTo(0.03207094, offset(1e-8));
        assertThat(ClopperPearson.upper(3, 20, 0.025)).isCloseTo(0.37892683, offset(1e-8));
        assertThat(ClopperPearson.logGamma(5)).isCloseTo(Math.log(24), offset(1e-13));
        assertThat(ClopperPearson.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), offset(1e-13));
        // I_x(1, 1) = x; I_x(a, b) = 1 - I_{1-x}(b, a)
        assertThat(ClopperPearson.regularizedBeta(0.3, 1, 1)).isCloseTo(0.3, offset(1e-14));
        assertThat(ClopperPearson.regularizedBeta(0.3, 2.5, 7) + ClopperPearson.regularizedBeta(0.7, 7, 2.5))
                .isCloseTo(1.0, offset(1e-13));
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> ClopperPearson.upper(5, 4, 0.05))
                .hasMessage("successes must be in [0, trials]. Provided values: successes=5, trials=4");
        assertThatThrownBy(() -> ClopperPearson.upper(0, 0, 0.05)).hasMessage("trials must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> ClopperPearson.lower(1, 4, 1.0)).hasMessage("alpha must be in (0, 1). Provided value: 1.0");
    }

    /** Fraction of 4,000 binomial(n, p) draws whose bound misses p. */
    private static double missRate(double p, int n, java.util.function.LongToDoubleFunction upperOfK, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int misses = 0;
        for (int rep = 0; rep < 4000; rep++) {
            long k = 0;
            for (int i = 0; i < n; i++) {
                k += r.nextDouble() < p ? 1 : 0;
            }
            misses += upperOfK.applyAsDouble(k) < p ? 1 : 0;
        }
        return misses / 4000.0;
    }

    @Test
    void upperBoundCoversAtItsLevel() {
        // The miss rate of a valid 95% upper bound is <= 0.05; with 4,000 repeats its sd is <= 0.0035, so 0.064 is
        // 4 sd above the worst case (false failure ~3e-5).
        for (double p : new double[] {0.02, 0.3}) {
            assertThat(missRate(p, 40, k -> ClopperPearson.upper(k, 40, 0.05), 1)).as("p=" + p).isLessThan(0.064);
        }
        // The same test rejects the Wald (normal approximation) bound, which misses p = 0.02 whenever k = 0 (0.98^40 = 45%).
        double wald = missRate(0.02, 40, k -> {
            double ph = k / 40.0;
            return ph + 1.645 * Math.sqrt(ph * (1 - ph) / 40);
        }, 1);
        assertThat(wald).isGreaterThan(0.064);
    }
}

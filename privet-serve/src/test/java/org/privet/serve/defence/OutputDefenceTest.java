package org.privet.serve.defence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OutputDefenceTest {
    private static double[] row() {
        return new double[] {0.05, 0.7, 0.2, 0.05};
    }

    @Test
    void noDefenceChangesNothing() {
        OutputDefence d = OutputDefence.none();
        double[] r = row();
        assertThat(d.apply(r)).isEqualTo(1);
        assertThat(r).containsExactly(row());
        assertThat(d.isNone()).isTrue();
        assertThat(d.describe()).isEqualTo("none");
    }

    @Test
    void reverseSigmoidFollowsLeeEtAl() {
        // hand computation of q_j = clip(p_j - beta (sigmoid(gamma logit p_j) - 1/2), 0, 1), renormalised
        double beta = 0.8;
        double gamma = 0.5;
        double[] p = row();
        double[] q = new double[p.length];
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            double z = gamma * Math.log(p[j] / (1 - p[j]));
            q[j] = Math.max(0, Math.min(1, p[j] - beta * (1 / (1 + Math.exp(-z)) - 0.5)));
            s += q[j];
        }
        double[] r = row();
        int label = OutputDefence.builder().reverseSigmoid(beta, gamma).build().apply(r);
        assertThat(label).isEqualTo(1);
        for (int j = 0; j < p.length; j++) {
            assertThat(r[j]).isCloseTo(q[j] / s, within(1e-12));
        }
        // it does perturb: the top confidence moves by more than 1%
        assertThat(Math.abs(r[1] - 0.7)).isGreaterThan(0.01);
    }

    @Test
    void roundingKeepsDecimalsAndTheLabelComesFromTheModel() {
        double[] r = {0.3333333, 0.3333334, 0.3333333};
        int label = OutputDefence.builder().round(1).build().apply(r);
        assertThat(label).isEqualTo(1);
        assertThat(r).containsExactly(0.3, 0.3, 0.3);
        double[] s = {0.123456, 0.876544};
        OutputDefence.builder().round(3).build().apply(s);
        assertThat(Double.toString(s[0])).isEqualTo("0.123");
        assertThat(Double.toString(s[1])).isEqualTo("0.877");
    }

    @Test
    void laplaceNoiseIsUnbiasedBeforeClampingAndRowsStayDistributions() {
        OutputDefence d = OutputDefence.builder().laplace(50).insecureSeededForTests(7).build();
        // epsilon 50 on the simplex (L1 2): scale 0.04; over 4000 rows the mean of the top entry is
        // within 0.01 of 0.7 (its std per row is < 0.06 after clamping/renormalising, so 0.01 is over
        // 10 standard errors: false-failure rate far below 1e-9), and the seed makes it deterministic.
        double mean = 0;
        int changed = 0;
        for (int i = 0; i < 4000; i++) {
            double[] r = row();
            assertThat(d.apply(r)).isEqualTo(1);
            double sum = 0;
            for (double v : r) {
                assertThat(v).isBetween(0.0, 1.0);
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-9));
            mean += r[1] / 4000;
            changed += r[1] != 0.7 ? 1 : 0;
        }
        assertThat(changed).isGreaterThan(3900);
        assertThat(mean).isCloseTo(0.7, within(0.01));
        assertThat(d.describe()).contains("laplace(epsilon=50.0");
    }

    @Test
    void gaussianNoiseNeedsDelta() {
        assertThatThrownBy(() -> OutputDefence.builder().gaussian(1, 0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gaussian noise");
        OutputDefence d = OutputDefence.builder().gaussian(1, 1e-6).insecureSeededForTests(3).build();
        double[] r = row();
        d.apply(r);
        assertThat(r).isNotEqualTo(row());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> OutputDefence.builder().reverseSigmoid(2, -1).round(12).topK(0).laplace(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta must be in (0, 1]. Provided value: 2.0")
                .hasMessageContaining("gamma must be > 0")
                .hasMessageContaining("decimals must be in [0, 8]. Provided value: 12")
                .hasMessageContaining("top-k needs k >= 1")
                .hasMessageContaining("epsilon");
    }

    @Test
    void topKOrdersLargestFirstWithTiesToTheLowestIndex() {
        int[] out = new int[3];
        OutputDefence.topK(new double[] {0.1, 0.3, 0.3, 0.2, 0.1}, 3, out);
        assertThat(out).containsExactly(1, 2, 3);
        OutputDefence d = OutputDefence.builder().topK(2).round(2).build();
        assertThat(d.release()).isEqualTo(OutputDefence.Release.TOP_K);
        assertThat(d.describe()).isEqualTo("round(2 decimals), top-2");
        assertThat(OutputDefence.builder().labelOnly().build().release()).isEqualTo(OutputDefence.Release.LABEL);
    }
}

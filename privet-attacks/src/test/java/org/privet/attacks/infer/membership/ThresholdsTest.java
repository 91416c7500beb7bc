package org.privet.attacks.infer.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdsTest {
    @Test
    void globalThresholdMaximisesShadowAdvantage() {
        // shadow scores: members 5, 4, 2; non-members 3, 1, 0.
        // threshold 4: TPR 2/3, FPR 0 -> 0.667; threshold 2: TPR 1, FPR 1/3 -> 0.667 (tie: the larger wins)
        double[] s = {5, 4, 2, 3, 1, 0};
        boolean[] in = {true, true, true, false, false, false};
        Thresholds t = Thresholds.fit(s, in, null, 0, false);
        assertThat(t.global()).isEqualTo(4.0);
        assertThat(t.decide(new double[] {4, 3.9}, null)).containsExactly(true, false);
        assertThat(t.calibrate(new double[] {1, 2}, null)).containsExactly(1, 2);
    }

    @Test
    void perClassThresholdsDifferWhereClassesDiffer() {
        // class 0 members score around 10, class 1 members around 1: one global threshold fails class 1
        double[] s = {10, 11, 8, 7, 1, 1.5, 0, -1};
        boolean[] in = {true, true, false, false, true, true, false, false};
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
        Thresholds t = Thresholds.fit(s, in, y, 2, true);
        assertThat(t.threshold(0)).isEqualTo(10.0);
        assertThat(t.threshold(1)).isEqualTo(1.0);
        assertThat(t.decide(new double[] {9, 1.2}, new int[] {0, 1})).containsExactly(false, true);
        assertThat(t.calibrate(new double[] {9, 1.2}, new int[] {0, 1})[1]).isCloseTo(0.2,
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void classWithoutBothSidesFallsBackToGlobal() {
        double[] s = {3, 2, 1, 0, 5};
        boolean[] in = {true, true, false, false, true};
        int[] y = {0, 0, 0, 0, 1};
        Thresholds t = Thresholds.fit(s, in, y, 2, true);
        assertThat(t.threshold(1)).isEqualTo(t.global());
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> Thresholds.fit(new double[] {1, 2}, new boolean[] {true}, null, 0, false))
                .hasMessageContaining("2 scores but 1");
        assertThatThrownBy(() -> Thresholds.fit(new double[] {1, 2}, new boolean[] {true, true}, null, 0, false))
                .hasMessageContaining("at least one member and one non-member");
        assertThatThrownBy(() -> Thresholds.fit(new double[] {1, Double.NaN}, new boolean[] {true, false}, null, 0,
                false)).hasMessageContaining("score 1 must be finite");
        Thresholds t = Thresholds.fit(new double[] {1, 0}, new boolean[] {true, false}, new int[] {0, 1}, 2, true);
        assertThatThrownBy(() -> t.decide(new double[] {1}, null)).hasMessageContaining("one label per score");
    }
}

package org.privet.attacks.infer.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RmiaTest {
    // one reference model, offline (everything OUT), a = 0.5: Pr(.) = 0.75 * p_ref + 0.25
    // x: target 0.9, ref 0.5 -> Pr(x) = 0.625, ratio 1.44
    // z: target {0.5, 0.8, 0.3, 0.9}, ref {0.5, 0.4, 0.6, 0.5} -> Pr(z) {0.625, 0.55, 0.7, 0.625}
    //    ratios {0.8, 1.4545.., 0.428.., 1.44}
    private static final double[] TX = {0.9};
    private static final double[][] RX = {{0.5}};
    private static final boolean[][] IX = {{false}};
    private static final double[] TZ = {0.5, 0.8, 0.3, 0.9};
    private static final double[][] RZ = {{0.5, 0.4, 0.6, 0.5}};
    private static final boolean[][] IZ = {{false, false, false, false}};

    @Test
    void offlineSingleReferenceMatchesHandComputedFraction() {
        // gamma 1: LR(x, z) > 1 for z with ratio < 1.44 strictly: 0.8 and 0.428 -> 2 of 4
        double[] s = Rmia.scores(TX, RX, IX, TZ, RZ, IZ, new Rmia.Options(false, 0.5, 1.0));
        assertThat(s[0]).isEqualTo(0.5);
        // gamma 0.5: bound 2.88 -> all 4
        assertThat(Rmia.scores(TX, RX, IX, TZ, RZ, IZ, new Rmia.Options(false, 0.5, 0.5))[0]).isEqualTo(1.0);
        // gamma 2: bound 0.72 -> only 0.428
        assertThat(Rmia.scores(TX, RX, IX, TZ, RZ, IZ, new Rmia.Options(false, 0.5, 2.0))[0]).isEqualTo(0.25);
    }

    @Test
    void onlineUsesThePlainMeanOverAllReferences() {
        // two models: x IN for model 0 (p 0.9), OUT for model 1 (p 0.3): Pr(x) = 0.6, target 0.6 -> ratio 1
        // z: single record, refs {0.4, 0.6} -> Pr(z) = 0.5; target 0.45 -> ratio 0.9 < 1 -> score 1
        double[] s = Rmia.scores(new double[] {0.6}, new double[][] {{0.9}, {0.3}},
                new boolean[][] {{true}, {false}}, new double[] {0.45}, new double[][] {{0.4}, {0.6}},
                new boolean[][] {{false}, {true}}, Rmia.Options.onlineDefaults());
        assertThat(s[0]).isEqualTo(1.0);
        // target 0.55 on z -> ratio 1.1 > 1 -> score 0
        double[] s2 = Rmia.scores(new double[] {0.6}, new double[][] {{0.9}, {0.3}},
                new boolean[][] {{true}, {false}}, new double[] {0.55}, new double[][] {{0.4}, {0.6}},
                new boolean[][] {{false}, {true}}, Rmia.Options.onlineDefaults());
        assertThat(s2[0]).isEqualTo(0.0);
    }

    @Test
    void offlineDropsPopulationRecordsWithoutOutModelsAndUsesOnlyOutModelsForX() {
        // x: model 0 IN (p 0.99 must be ignored), model 1 OUT p 0.5 -> Pr(x) = 0.625 with a = 0.5
        double[] s = Rmia.scores(TX, new double[][] {{0.99}, {0.5}}, new boolean[][] {{true}, {false}},
                new double[] {0.5, 0.1}, new double[][] {{0.5, 0.1}, {0.5, 0.1}},
                new boolean[][] {{false, true}, {false, true}}, new Rmia.Options(false, 0.5, 1.0));
        // only z0 remains (ratio 0.8 < 1.44) -> 1 of 1
        assertThat(s[0]).isEqualTo(1.0);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> new Rmia.Options(false, 1.5, 1)).hasMessageContaining("a must be in [0, 1]")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Rmia.Options(false, 0.3, 0)).hasMessageContaining("gamma must be > 0");
        assertThatThrownBy(() -> Rmia.scores(new double[] {0.9, 0.1}, RX, IX, TZ, RZ, IZ,
                Rmia.Options.offlineDefaults())).hasMessageContaining("has 1 values, expected 2");
        assertThatThrownBy(() -> Rmia.scores(new double[] {1.2}, RX, IX, TZ, RZ, IZ, Rmia.Options.offlineDefaults()))
                .hasMessageContaining("must be in [0, 1]").hasMessageContaining("1.2");
        assertThatThrownBy(() -> Rmia.scores(TX, RX, new boolean[][] {{true}}, TZ, RZ, IZ,
                Rmia.Options.offlineDefaults())).hasMessageContaining("candidate 0 is IN for all 1");
        assertThatThrownBy(() -> Rmia.scores(TX, RX, IX, new double[0], new double[][] {{}}, new boolean[][] {{}},
                Rmia.Options.offlineDefaults())).hasMessageContaining("at least one population record");
    }
}

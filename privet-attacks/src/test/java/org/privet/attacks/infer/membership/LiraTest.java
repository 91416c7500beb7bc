package org.privet.attacks.infer.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LiraTest {
    // candidate 0: IN phis {1, 3} (mean 2, sd 1), OUT phis {-1, 1} (mean 0, sd 1), target phi 2
    // candidate 1: IN phis {0, 0}, OUT phis {0, 2}, target phi 1
    private static final double[][][] REF = {
        {{1, 0}}, {{3, 0}}, {{-1, 0}}, {{1, 2}}};
    private static final boolean[][] IN = {{true, true}, {true, true}, {false, false}, {false, false}};
    private static final double[][] TARGET = {{2, 1}};

    @Test
    void onlinePerExampleMatchesHandComputedLikelihoodRatio() {
        double[] s = Lira.scores(TARGET, REF, IN, Lira.Options.onlineDefaults());
        // log N(2; 2, 1) - log N(2; 0, 1) = 0 - (-2) = 2
        assertThat(s[0]).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void offlinePerExampleIsTheOneSidedTailOfTheOutGaussian() {
        double[] s = Lira.scores(TARGET, REF, IN, Lira.Options.offlineDefaults());
        // -ln Q(2) with Q(2) = 0.0227501319...; the erfc fit has relative error < 1.2e-7
        assertThat(s[0]).isCloseTo(-Math.log(0.02275013194817921), within(1e-6));
        // candidate 1: OUT mean 1, sd 1, target 1: -ln Q(0) = ln 2
        assertThat(s[1]).isCloseTo(Math.log(2), within(1e-6));
    }

    @Test
    void fixedVariancePoolsWithinCandidateDeviations() {
        double[] s = Lira.scores(TARGET, REF, IN, new Lira.Options(true, true));
        // pooled IN variance (1 + 1 + 0 + 0) / 4 = 0.5, pooled OUT variance (1 + 1 + 1 + 1) / 4 = 1
        // candidate 1: log N(1; 0, sqrt .5) - log N(1; 1, 1) = -1 - ln sqrt(.5) = -1 + 0.5 ln 2
        assertThat(s[1]).isCloseTo(-1 + 0.5 * Math.log(2), within(1e-12));
        // candidate 0: log N(2; 2, sqrt .5) - log N(2; 0, 1) = -ln sqrt(.5) + 2
        assertThat(s[0]).isCloseTo(0.5 * Math.log(2) + 2, within(1e-12));
    }

    @Test
    void augmentationsAreAveraged() {
        double[][][] ref = {{{1}, {1}}, {{3}, {3}}, {{-1}, {-1}}, {{1}, {1}}};
        boolean[][] in = {{true}, {true}, {false}, {false}};
        // augmentation 0 target 2 -> score 2; augmentation 1 target 0 -> log N(0; 2, 1) - log N(0; 0, 1) = -2
        double[] s = Lira.scores(new double[][] {{2}, {0}}, ref, in, Lira.Options.onlineDefaults());
        assertThat(s[0]).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void offlineScoreStaysFiniteAndOrderedFarInTheTail() {
        double[][][] ref = {{{0, 0}}, {{1, 1}}};
        boolean[][] in = {{false, false}, {false, false}};
        double[] s = Lira.scores(new double[][] {{30, 40}}, ref, in, new Lira.Options(false, false));
        assertThat(s[0]).isFinite();
        assertThat(s[1]).isFinite().isGreaterThan(s[0]);
    }

    @Test
    void tooFewReferencesAreRejectedNamingTheCandidate() {
        boolean[][] in = {{true, true}, {false, true}, {false, false}, {false, false}};
        assertThatThrownBy(() -> Lira.scores(TARGET, REF, in, Lira.Options.onlineDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("candidate 0 has 1 IN and 3 OUT")
                .hasMessageContaining(">= 2 IN");
        // fixed variance needs only one of each
        assertThat(Lira.scores(TARGET, REF, in, new Lira.Options(true, true))).hasSize(2);
        boolean[][] noIn = {{false, false}, {false, false}, {false, false}, {false, false}};
        assertThatThrownBy(() -> Lira.scores(TARGET, REF, noIn, new Lira.Options(true, true)))
                .hasMessageContaining("0 IN").hasMessageContaining("includes the candidates");
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThatThrownBy(() -> Lira.scores(TARGET, REF, new boolean[3][2], Lira.Options.onlineDefaults()))
                .hasMessageContaining("4 reference models but 3 in-masks");
        assertThatThrownBy(() -> Lira.scores(new double[][] {{1, 2, 3}}, REF, IN, Lira.Options.onlineDefaults()))
                .hasMessageContaining("2 values for 3 candidates");
        assertThatThrownBy(() -> Lira.scores(new double[][] {{1, Double.NaN}}, REF, IN, Lira.Options.onlineDefaults()))
                .hasMessageContaining("candidate 1 must be finite");
        assertThatThrownBy(() -> Lira.scores(new double[][] {{2, 1}, {2, 1}}, REF, IN, Lira.Options.onlineDefaults()))
                .hasMessageContaining("1 augmentations, the target 2");
    }
}

package org.privet.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;

class RocCurveTest {
    private static final double EPS = 1e-12;

    // P = 3 members, N = 4 non-members; ties at 0.8 (one of each) and 0.6 (one of each).
    // Hand-computed vertices (fpr, tpr): (0,0) (0,1/3) (1/4,2/3) (1/2,2/3) (3/4,1) (1,1)
    private static final double[] SCORES = {0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.3};
    private static final boolean[] MEMBER = {true, true, false, false, true, false, false};

    @Test
    void smallCurveWithTiesHasOneVertexPerDistinctThreshold() {
        RocCurve roc = RocCurve.of(SCORES, MEMBER);
        assertThat(roc.size()).isEqualTo(6);
        assertThat(roc.positives()).isEqualTo(3);
        assertThat(roc.negatives()).isEqualTo(4);
        assertThat(roc.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.6, 0.3);
        assertThat(roc.fpr()).containsExactly(0, 0, 0.25, 0.5, 0.75, 1);
        assertThat(roc.tpr()).containsExactly(new double[] {0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1, 1}, within(EPS));
        assertThat(roc.truePositiveCounts()).containsExactly(0, 1, 2, 2, 3, 3);
        assertThat(roc.falsePositiveCounts()).containsExactly(0, 0, 1, 2, 3, 4);
    }

    @Test
    void aucOfSmallCurveIsHandComputedMannWhitney() {
        // pairs won by members: 0.9 -> 4; 0.8 -> 3 + tie 1/2; 0.6 -> 1 + tie 1/2; total 9 of 12
        assertThat(RocCurve.of(SCORES, MEMBER).auc()).isCloseTo(0.75, within(EPS));
    }

    @Test
    void interpolationAtAndBetweenVertices() {
        RocCurve roc = RocCurve.of(SCORES, MEMBER);
        assertThat(roc.tprAtFpr(0.0)).isCloseTo(1.0 / 3, within(EPS)); // top of the vertical run at 0
        assertThat(roc.tprAtFpr(0.25)).isCloseTo(2.0 / 3, within(EPS)); // at a vertex
        assertThat(roc.tprAtFpr(0.5)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(roc.tprAtFpr(0.125)).isCloseTo(0.5, within(EPS)); // halfway (0,1/3)-(1/4,2/3)
        assertThat(roc.tprAtFpr(0.625)).isCloseTo(5.0 / 6, within(EPS)); // halfway (1/2,2/3)-(3/4,1)
        assertThat(roc.tprAtFpr(0.55)).isCloseTo(2.0 / 3 + 0.2 / 3, within(EPS));
        assertThat(roc.tprAtFpr(1.0)).isEqualTo(1.0);
    }

    @Test
    void stepRuleUsesLastVertexStrictlyBelowAlpha() {
        RocCurve roc = RocCurve.of(SCORES, MEMBER);
        assertThat(roc.tprAtFprStep(0.25)).isCloseTo(1.0 / 3, within(EPS)); // strict: vertex at 0.25 excluded
        assertThat(roc.tprAtFprStep(0.125)).isCloseTo(1.0 / 3, within(EPS));
        assertThat(roc.tprAtFprStep(0.3)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(roc.tprAtFprStep(1.0)).isCloseTo(1.0, within(EPS));
        assertThatThrownBy(() -> roc.tprAtFprStep(0.0)).hasMessageContaining("(0, 1]").hasMessageContaining("0.0");
    }

    @Test
    void advantageAndBalancedAccuracyAtBestThreshold() {
        RocCurve roc = RocCurve.of(SCORES, MEMBER);
        // TPR - FPR per vertex: 0, 1/3, 5/12, 1/6, 1/4, 0
        assertThat(roc.membershipAdvantage()).isCloseTo(5.0 / 12, within(EPS));
        assertThat(roc.balancedAccuracy()).isCloseTo(17.0 / 24, within(EPS));
        assertThat(roc.bestThreshold()).isEqualTo(0.8);
    }

    @Test
    void separatedReversedAndAllTied() {
        double[] s = {5, 4, 3, 2, 1, 0};
        boolean[] top = {true, true, true, false, false, false};
        boolean[] bottom = {false, false, false, true, true, true};
        RocCurve perfect = RocCurve.of(s, top);
        assertThat(perfect.auc()).isEqualTo(1.0);
        assertThat(perfect.membershipAdvantage()).isEqualTo(1.0);
        assertThat(perfect.tprAtFpr(0)).isEqualTo(1.0);
        assertThat(RocCurve.of(s, bottom).auc()).isEqualTo(0.0);
        assertThat(RocCurve.of(s, bottom).membershipAdvantage()).isEqualTo(0.0);
        assertThat(RocCurve.of(s, bottom).bestThreshold()).isEqualTo(Double.POSITIVE_INFINITY);
        RocCurve tied = RocCurve.of(new double[] {1, 1, 1, 1}, new boolean[] {true, false, true, false});
        assertThat(tied.size()).isEqualTo(2); // (0,0) and (1,1): a tie moves the curve diagonally
        assertThat(tied.auc()).isEqualTo(0.5);
        assertThat(tied.tprAtFpr(0.3)).isCloseTo(0.3, within(EPS));
    }

    @Test
    void randomScoresGiveAucNearHalf() {
        // 10k members, 10k non-members from one distribution: sd(AUC) = sqrt(20001/(12e8)) ~ 0.0041;
        // tolerance 0.02 is ~4.9 sd (false-failure rate ~1e-6 over seeds; the seed is fixed).
        Rng rng = Rng.of(7);
        int n = 20_000;
        double[] s = new double[n];
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextGaussian();
            m[i] = i % 2 == 0;
        }
        assertThat(RocCurve.of(s, m).auc()).isCloseTo(0.5, within(0.02));
    }

    @Test
    void aucEqualsBruteForceMannWhitneyWithManyTies() {
        Rng rng = Rng.of(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 30 + rng.nextInt(50);
            double[] s = new double[n];
            boolean[] m = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(6); // few distinct values: many ties
                m[i] = i < 3 || (i >= 6 && rng.nextBoolean()); // both classes guaranteed
            }
            m[3] = false;
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (m[i] && !m[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            RocCurve roc = RocCurve.of(s, m);
            assertThat(roc.auc()).isCloseTo(wins / pairs, within(EPS));
            // each vertex equals the brute-force rates at its threshold
            double[] thr = roc.thresholds();
            for (int k = 1; k < thr.length; k++) {
                int tp = 0;
                int fp = 0;
                for (int i = 0; i < n; i++) {
                    if (s[i] >= thr[k]) {
                        if (m[i]) {
                            tp++;
                        } else {
                            fp++;
                        }
                    }
                }
                assertThat(roc.truePositiveCounts()[k]).isEqualTo(tp);
                assertThat(roc.falsePositiveCounts()[k]).isEqualTo(fp);
            }
            // interpolated TPR is never below the step rule
            for (double a = 0.01; a <= 1; a += 0.07) {
                assertThat(roc.tprAtFpr(a)).isGreaterThanOrEqualTo(roc.tprAtFprStep(a));
            }
        }
    }

    @Test
    void intLabelsNegativeZeroAndInfinities() {
        RocCurve roc = RocCurve.of(new double[] {Double.POSITIVE_INFINITY, 0.0, -0.0, Double.NEGATIVE_INFINITY},
                new int[] {1, 1, 0, 0});
        assertThat(roc.size()).isEqualTo(4); // -0.0 and 0.0 are one threshold
        assertThat(roc.auc()).isCloseTo(0.875, within(EPS)); // wins 1+1+1+0.5 of 4 pairs
        assertThatThrownBy(() -> RocCurve.of(new double[] {1, 2}, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 2 at index 1");
    }

    @Test
    void logLogPointsFollowTheInterpolatedCurve() {
        Rng rng = Rng.of(3);
        int n = 2000;
        double[] s = new double[n];
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            m[i] = i % 2 == 0;
            s[i] = rng.nextGaussian() + (m[i] ? 1 : 0);
        }
        RocCurve roc = RocCurve.of(s, m);
        RocCurve.Points pts = roc.logLogPoints(1e-5, 10);
        assertThat(pts.fpr()[0]).isEqualTo(1e-5);
        assertThat(pts.tpr()[0]).isEqualTo(roc.tprAtFpr(1e-5));
        assertThat(pts.fpr()[pts.size() - 1]).isEqualTo(1.0);
        double step = Math.pow(10, 0.1);
        for (int i = 1; i < pts.size(); i++) {
            assertThat(pts.fpr()[i]).isGreaterThanOrEqualTo(pts.fpr()[i - 1]);
            assertThat(pts.tpr()[i]).isGreaterThanOrEqualTo(pts.tpr()[i - 1] - EPS);
            assertThat(pts.fpr()[i] / pts.fpr()[i - 1]).isLessThanOrEqualTo(step * (1 + 1e-9));
            assertThat(pts.tpr()[i]).isLessThanOrEqualTo(roc.tprAtFpr(pts.fpr()[i]) + EPS);
        }
    }

    @Test
    void errorsNameTheRuleAndValue() {
        assertThatThrownBy(() -> RocCurve.of(new double[] {1, 2, 3}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same length: 3 != 2");
        assertThatThrownBy(() -> RocCurve.of(new double[] {1, 2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both members and non-members").hasMessageContaining("2 members, 0 non-members");
        assertThatThrownBy(() -> RocCurve.of(new double[] {1, Double.NaN}, new boolean[] {true, false}))
                .hasMessageContaining("NaN at index 1");
        assertThatThrownBy(() -> RocCurve.of(new double[0], new boolean[0]))
                .hasMessageContaining("both members and non-members");
        RocCurve roc = RocCurve.of(SCORES, MEMBER);
        assertThatThrownBy(() -> roc.tprAtFpr(1.5)).hasMessageContaining("[0, 1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> roc.logLogPoints(0, 10)).hasMessageContaining("minFpr");
    }
}

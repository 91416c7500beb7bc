package org.privet.attacks.infer.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.privet.core.metrics.RocCurve;

class BaselinesTest {
    @Test
    void lossAttackOnHandMadeLossesHasHandComputedRoc() {
        // members have losses 0.1, 0.3, 0.9; non-members 0.2, 1.0, 2.0.
        // pairs (member, non-member) where the member's loss is lower: 0.1<all 3, 0.3<1.0,2.0 (2), 0.9<1.0,2.0 (2)
        // -> AUC = 7/9
        double[] scores = Baselines.fromLosses(new double[] {0.1, 0.3, 0.9, 0.2, 1.0, 2.0});
        assertThat(scores).containsExactly(-0.1, -0.3, -0.9, -0.2, -1.0, -2.0);
        RocCurve roc = RocCurve.of(scores, new boolean[] {true, true, true, false, false, false});
        assertThat(roc.auc()).isCloseTo(7.0 / 9, within(1e-12));
    }

    @Test
    void signalsScoreHigherForConfidentCorrectRecords() {
        // record 0: confident and right; record 1: unsure; label 0 for both
        ModelOutputs o = ModelOutputs.ofProbabilities(new float[][] {{0.9f, 0.1f}, {0.6f, 0.4f}});
        int[] y = {0, 0};
        for (Baselines.Signal s : Baselines.Signal.values()) {
            double[] sc = s.scores(o, y);
            assertThat(sc[0]).as(s.id()).isGreaterThan(sc[1]);
        }
        assertThat(Baselines.Signal.LOSS.scores(o, y)[0]).isCloseTo(Math.log(0.9), within(1e-6));
        assertThat(Baselines.Signal.CONFIDENCE.scores(o, y)[1]).isCloseTo(0.6, within(1e-6));
        assertThat(Baselines.Signal.ENTROPY.scores(o, y)[1]).isCloseTo(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4),
                within(1e-6));
        // Mentr for two classes, label 0: -(0.4) ln 0.6 - 0.4 ln 0.6 = -0.8 ln 0.6
        assertThat(Baselines.Signal.MODIFIED_ENTROPY.scores(o, y)[1]).isCloseTo(0.8 * Math.log(0.6), within(1e-6));
    }

    @Test
    void modifiedEntropyPunishesConfidentWrongPredictionsUnlikeEntropy() {
        // both rows have the same entropy; the second is confidently wrong for label 0
        ModelOutputs o = ModelOutputs.ofProbabilities(new float[][] {{0.95f, 0.05f}, {0.05f, 0.95f}});
        int[] y = {0, 0};
        double[] ent = Baselines.Signal.ENTROPY.scores(o, y);
        double[] mentr = Baselines.Signal.MODIFIED_ENTROPY.scores(o, y);
        assertThat(ent[0]).isCloseTo(ent[1], within(1e-6));
        assertThat(mentr[0]).isGreaterThan(mentr[1] + 1);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> Baselines.fromLosses(new double[] {0.1, -1})).hasMessageContaining("losses[1]")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> Baselines.Signal.parse("lossy")).hasMessageContaining("lossy");
        ModelOutputs o = ModelOutputs.ofProbabilities(new float[][] {{0.9f, 0.1f}});
        assertThatThrownBy(() -> Baselines.Signal.ENTROPY.scores(o, new int[2])).hasMessageContaining("one label");
    }
}

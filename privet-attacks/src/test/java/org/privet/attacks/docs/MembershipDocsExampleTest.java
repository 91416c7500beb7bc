package org.privet.attacks.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.attacks.infer.membership.Baselines;
import org.privet.attacks.infer.membership.Lira;
import org.privet.core.metrics.RocCurve;

/** The example of docs/membership.md, verbatim. */
class MembershipDocsExampleTest {
    @Test
    void documentedScoreLevelExampleRuns() {
        // per-record cross-entropy losses of any model on candidates, members first
        double[] losses = {0.01, 0.02, 0.05, 0.9, 1.3, 0.4};
        boolean[] isMember = {true, true, true, false, false, false};
        double[] scores = Baselines.fromLosses(losses);               // higher = more likely member
        RocCurve roc = RocCurve.of(scores, isMember);                  // roc.auc() == 1.0 here

        // LiRA from phi = log p_y - log(1 - p_y) of the target and of reference models
        double[][] targetPhi = {{4.0, -1.0}};                          // [augmentations][candidates]
        double[][][] refPhi = new double[4][1][2];                     // [models][augmentations][candidates]
        boolean[][] in = {{true, false}, {false, true}, {true, false}, {false, true}};
        for (int m = 0; m < 4; m++) {
            refPhi[m][0][0] = in[m][0] ? 3.5 + 0.1 * m : -0.5 + 0.1 * m;
            refPhi[m][0][1] = in[m][1] ? 3.0 + 0.1 * m : -1.2 + 0.1 * m;
        }
        double[] lira = Lira.scores(targetPhi, refPhi, in, Lira.Options.onlineDefaults());

        assertThat(roc.auc()).isEqualTo(1.0);
        // candidate 0's phi (4.0) sits with its IN references, candidate 1's (-1.0) with its OUT ones
        assertThat(lira[0]).isGreaterThan(lira[1]);
    }
}

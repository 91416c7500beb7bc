package org.privet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.metrics.ConfusionMatrix;
import org.privet.core.metrics.RocCurve;
import org.privet.core.rng.Rng;

class StandardMetricsTest {

    @Test
    void membershipMetricsCarryIntervalsAndMethods() {
        boolean[] m = new boolean[400];
        double[] s = SampleReports.scores(Rng.of(8), 400, 1.0, 0.05, m);
        List<Metric> ms = StandardMetrics.membership("LiRA", s, m, 50, Rng.of(9));
        assertThat(ms).extracting(Metric::name).containsExactly("LiRA: AUC", "LiRA: TPR at 0.1% FPR",
                "LiRA: TPR at 1% FPR", "LiRA: membership advantage", "LiRA: balanced accuracy");
        RocCurve roc = RocCurve.of(s, m);
        assertThat(ms.get(0).value()).isEqualTo(roc.auc());
        assertThat(ms.get(2).value()).isEqualTo(roc.tprAtFpr(0.01));
        assertThat(ms.get(4).value()).isEqualTo(roc.balancedAccuracy());
        for (Metric x : ms.subList(0, 4)) {
            assertThat(x.ci()).isNotNull();
            assertThat(x.ciLevel()).isEqualTo(0.95);
            assertThat(x.method()).contains("50 resamples");
        }
        assertThat(ms.get(1).method()).contains("coarse"); // 200 non-members: 0.2 false positives at 0.1%
        assertThat(StandardMetrics.membership("LiRA", s, m, 50, Rng.of(9))).isEqualTo(ms); // seeded
    }

    @Test
    void confusionTableRowsAreActualClasses() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 2);
        Table t = StandardMetrics.confusionTable("cm", cm, List.of("cat", "dog"));
        assertThat(t.columns()).containsExactly("actual \\ predicted", "cat", "dog", "precision", "recall", "F1");
        assertThat(t.rows().get(0)).containsExactly("cat", 1L, 1L, 1.0, 0.5, 2.0 / 3);
        assertThatThrownBy(() -> StandardMetrics.confusionTable("cm", cm, List.of("cat")))
                .hasMessageContaining("one name per class (2). Provided: 1");
    }
}

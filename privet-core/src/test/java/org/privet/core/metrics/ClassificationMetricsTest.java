package org.privet.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.privet.core.tensor.Tensor;

class ClassificationMetricsTest {
    private static final int[] ACTUAL = {0, 0, 1, 1, 2, 2};
    private static final int[] PREDICTED = {0, 1, 1, 1, 2, 0};

    @Test
    void confusionMatrixHandComputed() {
        ConfusionMatrix cm = ConfusionMatrix.of(ACTUAL, PREDICTED, 3);
        assertThat(cm.counts()).isEqualTo(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}});
        assertThat(cm.accuracy()).isCloseTo(4.0 / 6, within(1e-15));
        assertThat(cm.precision(0)).isCloseTo(0.5, within(1e-15));
        assertThat(cm.recall(0)).isCloseTo(0.5, within(1e-15));
        assertThat(cm.precision(1)).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(cm.recall(1)).isCloseTo(1.0, within(1e-15));
        assertThat(cm.f1(1)).isCloseTo(0.8, within(1e-15));
        assertThat(cm.precision(2)).isCloseTo(1.0, within(1e-15));
        assertThat(cm.f1(2)).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(cm.macroF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-15));
        // an unused fourth class neither counts in nor drags down the macro average
        ConfusionMatrix wide = ConfusionMatrix.of(ACTUAL, PREDICTED, 4);
        assertThat(wide.macroF1()).isCloseTo(cm.macroF1(), within(1e-15));
        assertThat(wide.precision(3)).isZero();
        assertThat(wide.recall(3)).isZero();
        assertThat(Accuracy.of(PREDICTED, ACTUAL)).isCloseTo(4.0 / 6, within(1e-15));
    }

    @Test
    void topKWithTiesFollowsFirstIndexArgmax() {
        Tensor s = Tensor.of(new float[][] {
            {0.1f, 0.5f, 0.4f}, // label 2: rank 2
            {0.5f, 0.5f, 0.0f}, // label 1: tie with class 0, which comes first -> rank 2
            {0.5f, 0.5f, 0.0f}, // label 0: rank 1
            {0.0f, 0.2f, 0.9f}, // label 0: rank 3
        });
        int[] y = {2, 1, 0, 0};
        assertThat(Accuracy.topK(s, y, 1)).isEqualTo(0.25);
        assertThat(Accuracy.of(s, y)).isEqualTo(0.25);
        assertThat(Accuracy.topK(s, y, 2)).isEqualTo(0.75);
        assertThat(Accuracy.topK(s, y, 3)).isEqualTo(1.0);
        assertThatThrownBy(() -> Accuracy.topK(s, y, 4)).hasMessageContaining("k must be in [1, 3]. Provided value: 4");
        assertThatThrownBy(() -> Accuracy.topK(s, new int[] {0, 0, 0}, 1)).hasMessageContaining("3 != 4");
        assertThatThrownBy(() -> Accuracy.topK(s, new int[] {0, 0, 0, 3}, 1)).hasMessageContaining("value 3 at index 3");
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 != 1");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 5}, new int[] {0, 1}, 2))
                .hasMessageContaining("actual label must be in [0, 2). Provided value 5 at index 1");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[0], new int[0], 2)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Accuracy.of(new int[] {1}, new int[] {1, 2})).hasMessageContaining("1 != 2");
    }
}

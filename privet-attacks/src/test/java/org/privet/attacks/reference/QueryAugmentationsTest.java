package org.privet.attacks.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.core.tensor.Tensor;

class QueryAugmentationsTest {
    // one 1-channel 2x3 image: rows {1 2 3}, {4 5 6}
    private static final Tensor IMG = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);

    @Test
    void flipMirrorsColumns() {
        assertThat(QueryAugmentations.horizontalFlip().apply(IMG).data()).containsExactly(3, 2, 1, 6, 5, 4);
    }

    @Test
    void shiftMovesContentAndZeroFills() {
        assertThat(QueryAugmentations.shift(1, 0).apply(IMG).data()).containsExactly(0, 1, 2, 0, 4, 5);
        assertThat(QueryAugmentations.shift(0, -1).apply(IMG).data()).containsExactly(4, 5, 6, 0, 0, 0);
        assertThat(QueryAugmentations.flipThenShift(-1, 0).apply(IMG).data()).containsExactly(2, 1, 0, 5, 4, 0);
    }

    @Test
    void inputIsNotModifiedAndSetsHaveTheDocumentedSizes() {
        QueryAugmentations.horizontalFlip().apply(IMG);
        assertThat(IMG.data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(QueryAugmentations.mirror()).hasSize(2);
        assertThat(QueryAugmentations.mirrorAndShifts(1)).hasSize(10);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> QueryAugmentations.horizontalFlip().apply(Tensor.zeros(2, 3)))
                .hasMessageContaining("needs images [n, c, h, w]").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> QueryAugmentations.shift(9, 0)).hasMessageContaining("within 8 pixels");
    }
}

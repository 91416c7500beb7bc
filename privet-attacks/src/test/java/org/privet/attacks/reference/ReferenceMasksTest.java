package org.privet.attacks.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;

class ReferenceMasksTest {
    @Test
    void onlineMasksPutEveryRecordInForExactlyHalfTheModels() {
        ReferenceMasks m = ReferenceMasks.online(1000, 8, Rng.of(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(m.inCount(i)).isEqualTo(4);
        }
        // each model trains on ~half the pool: Binomial-like count with sd ~ 16; 500 +- 80 fails with p < 1e-6
        for (int j = 0; j < 8; j++) {
            assertThat(m.trainingIndices(j).length).isBetween(420, 580);
        }
        assertThat(m.isOnline()).isTrue();
    }

    @Test
    void oddModelCountsSplitRecordsBetweenFloorAndCeil() {
        ReferenceMasks m = ReferenceMasks.online(2000, 3, Rng.of(2));
        int ones = 0;
        for (int i = 0; i < 2000; i++) {
            assertThat(m.inCount(i)).isBetween(1, 2);
            if (m.inCount(i) == 1) {
                ones++;
            }
        }
        // fair coin per record: 1000 +- 150 fails with p < 1e-10
        assertThat(ones).isBetween(850, 1150);
    }

    @Test
    void offlineMasksNeverTakeTheCandidates() {
        int[] cand = {0, 1, 2, 3, 4};
        ReferenceMasks m = ReferenceMasks.offline(20, 4, cand, Rng.of(3));
        for (int i = 0; i < 20; i++) {
            assertThat(m.inCount(i)).isEqualTo(i < 5 ? 0 : 2);
        }
        assertThat(m.isOnline()).isFalse();
    }

    @Test
    void sameSeedSameMasks() {
        assertThat(ReferenceMasks.online(50, 6, Rng.of(9)).toArray())
                .isDeepEqualTo(ReferenceMasks.online(50, 6, Rng.of(9)).toArray());
        assertThat(ReferenceMasks.online(50, 6, Rng.of(9)).toArray())
                .isNotEqualTo(ReferenceMasks.online(50, 6, Rng.of(10)).toArray());
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ReferenceMasks.online(10, 0, Rng.of(1))).hasMessageContaining("must be >= 1")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> ReferenceMasks.offline(10, 2, new int[] {10}, Rng.of(1)))
                .hasMessageContaining("excluded record 10 is outside [0, 10)");
        assertThatThrownBy(() -> ReferenceMasks.of(new boolean[][] {{true}, {true, false}}))
                .hasMessageContaining("model 1 has 2 records");
    }
}

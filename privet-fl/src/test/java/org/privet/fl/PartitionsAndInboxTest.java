package org.privet.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;

class PartitionsAndInboxTest {
    private static final int[] LABELS = new int[1000];

    static {
        for (int i = 0; i < LABELS.length; i++) {
            LABELS[i] = i % 10;
        }
    }

    private static void coversEachIndexOnce(int[][] parts, int n) {
        BitSet seen = new BitSet();
        int total = 0;
        for (int[] p : parts) {
            assertThat(p).isNotEmpty();
            for (int i : p) {
                assertThat(seen.get(i)).as("index %d used twice", i).isFalse();
                seen.set(i);
            }
            total += p.length;
        }
        assertThat(total).isEqualTo(n);
    }

    private static double meanDistinctLabels(int[][] parts) {
        double s = 0;
        for (int[] p : parts) {
            s += java.util.Arrays.stream(p).map(i -> LABELS[i]).distinct().count();
        }
        return s / parts.length;
    }

    @Test
    void iidSplitsEvenly() {
        int[][] p = Partitions.iid(1000, 30, Rng.of(1));
        coversEachIndexOnce(p, 1000);
        for (int[] a : p) {
            assertThat(a.length).isBetween(33, 34);
        }
        assertThat(Partitions.iid(1000, 30, Rng.of(1))[5]).containsExactly(p[5]);
    }

    @Test
    void dirichletSkewFollowsAlpha() {
        int[][] skewed = Partitions.dirichlet(LABELS, 10, 20, 0.1, Rng.of(2));
        int[][] flat = Partitions.dirichlet(LABELS, 10, 20, 100, Rng.of(2));
        coversEachIndexOnce(skewed, 1000);
        coversEachIndexOnce(flat, 1000);
        // alpha = 0.1: a client sees a few classes (observed ~3); alpha = 100: nearly all 10
        assertThat(meanDistinctLabels(skewed)).isLessThan(5);
        assertThat(meanDistinctLabels(flat)).isGreaterThan(9);
        assertThatThrownBy(() -> Partitions.dirichlet(LABELS, 10, 20, 0, Rng.of(2))).hasMessageContaining("alpha");
    }

    @Test
    void shardsGiveEachClientAtMostTwoClassesPerShard() {
        int[][] p = Partitions.shards(LABELS, 50, 2, Rng.of(3));
        coversEachIndexOnce(p, 1000);
        // 100 shards of 10 sorted examples: each shard holds one class, so a client sees at most 2
        for (int[] part : p) {
            assertThat(java.util.Arrays.stream(part).map(i -> LABELS[i]).distinct().count()).isLessThanOrEqualTo(2);
        }
        assertThatThrownBy(() -> Partitions.shards(LABELS, 600, 2, Rng.of(3))).hasMessageContaining("<= examples");
    }

    @Test
    void gammaSamplerHasTheRightMean() {
        Rng r = Rng.of(4);
        double s = 0;
        for (int i = 0; i < 20000; i++) {
            s += Partitions.gamma(0.3, r);
        }
        // mean 0.3, sd of the mean sqrt(0.3 / 20000) = 0.0039: 0.03 is > 7 sd (false failure ~1e-12)
        assertThat(s / 20000).isBetween(0.27, 0.33);
    }

    @Test
    void inboxAcceptsOnceAndRejectsEachKindOfBadUpdate() {
        UpdateInbox in = new UpdateInbox(3, 5, 4);
        assertThat(in.submit(new ClientUpdate(2, 3, new float[] {1, 2, 3, 4}, 7))).isNull();
        assertThat(in.submit(new ClientUpdate(2, 3, new float[] {1, 2, 3, 4}, 7))).contains("(replay)");
        assertThat(in.submit(new ClientUpdate(5, 3, new float[4], 7))).startsWith("unknown client id 5");
        assertThat(in.submit(new ClientUpdate(1, 2, new float[4], 7))).contains("round 2 arrived in round 3");
        assertThat(in.submit(new ClientUpdate(1, 3, new float[5], 7))).contains("length must be 4. Provided value: 5");
        assertThat(in.submit(new ClientUpdate(1, 3, new float[] {0, Float.NaN, 0, 0}, 7))).contains("NaN at index 1");
        assertThat(in.submit(new ClientUpdate(1, 3, new float[] {0, 0, 0, Float.NEGATIVE_INFINITY}, 7)))
                .contains("-Infinity at index 3");
        assertThat(in.submit(new ClientUpdate(1, 3, new float[4], 0))).contains("examples must be >= 1");
        assertThat(in.submit(null)).isEqualTo("null update");
        // a rejected client may still send a good update
        assertThat(in.submit(new ClientUpdate(1, 3, new float[4], 3))).isNull();
        assertThat(in.accepted()).extracting(ClientUpdate::clientId).containsExactly(1, 2);
        assertThat(in.rejected()).hasSize(8).allMatch(r -> r.round() == 3);
    }
}

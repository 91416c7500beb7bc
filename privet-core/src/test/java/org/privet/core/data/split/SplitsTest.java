package org.privet.core.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class SplitsTest {
    /** 1000 examples: 600 of class 0, 300 of class 1, 100 of class 2; feature = index. */
    static Dataset imbalanced() {
        int n = 1000;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2;
        }
        return new Dataset("imb", Tensor.wrap(x, n, 1), y, Schema.numeric(1, List.of("a", "b", "c")));
    }

    static int[] counts(Dataset d, int[] idx) {
        int[] c = new int[d.numClasses()];
        for (int i : idx) {
            c[d.label(i)]++;
        }
        return c;
    }

    @Test
    void trainTestIsStratifiedDisjointCompleteAndSeeded() {
        Dataset d = imbalanced();
        TrainTestSplit s = Splits.trainTest(d, 0.25, Rng.of(7));
        assertThat(s.testIndices()).hasSize(250);
        assertThat(s.trainIndices()).hasSize(750);
        assertThat(counts(d, s.testIndices())).containsExactly(150, 75, 25);
        BitSet seen = new BitSet();
        for (int i : s.trainIndices()) {
            seen.set(i);
        }
        for (int i : s.testIndices()) {
            assertThat(seen.get(i)).isFalse();
            seen.set(i);
        }
        assertThat(seen.cardinality()).isEqualTo(1000);
        assertThat(Splits.trainTest(d, 0.25, Rng.of(7)).testIndices()).containsExactly(s.testIndices());
        assertThat(Splits.trainTest(d, 0.25, Rng.of(8)).testIndices()).isNotEqualTo(s.testIndices());
        assertThat(s.test().size()).isEqualTo(250);
        assertThatThrownBy(() -> Splits.trainTest(d, 1.0, Rng.of(1))).hasMessageContaining("testFraction must be in (0, 1)");
    }

    @Test
    void roundingKeepsEachClassWithinOneOfItsShare() {
        Dataset d = imbalanced().subset(java.util.stream.IntStream.range(0, 37).toArray()); // odd sizes
        TrainTestSplit s = Splits.trainTest(d, 0.3, Rng.of(1));
        int[] all = d.classCounts();
        int[] test = counts(d, s.testIndices());
        assertThat(s.testIndices()).hasSize(11);
        for (int c = 0; c < all.length; c++) {
            assertThat((double) test[c]).isCloseTo(all[c] * 11.0 / 37, org.assertj.core.api.Assertions.within(1.0));
        }
    }

    @Test
    void attackPoolsAreDisjointStratifiedAndRecorded() {
        Dataset d = imbalanced();
        AttackSplits a = AttackSplits.create(d, 200, 200, 500, Rng.of(3));
        assertThat(counts(d, a.memberIndices())).containsExactly(120, 60, 20);
        assertThat(counts(d, a.nonMemberIndices())).containsExactly(120, 60, 20);
        assertThat(counts(d, a.referenceIndices())).containsExactly(300, 150, 50);
        BitSet seen = new BitSet();
        for (int[] pool : List.of(a.memberIndices(), a.nonMemberIndices(), a.referenceIndices())) {
            for (int i : pool) {
                assertThat(seen.get(i)).as("index %d in two pools", i).isFalse();
                seen.set(i);
            }
        }
        assertThat(a.seed()).isEqualTo(3);
        assertThat(a.members().size()).isEqualTo(200);
        assertThat(AttackSplits.create(d, 200, 200, 500, Rng.of(3)).memberIndices()).containsExactly(a.memberIndices());
        assertThatThrownBy(() -> AttackSplits.create(d, 500, 400, 101, Rng.of(3)))
                .hasMessageContaining("need more than the 1000");
    }

    @Test
    void attackPoolsUseEverythingWhenAsked() {
        Dataset d = imbalanced();
        AttackSplits a = AttackSplits.create(d, 333, 333, 334, Rng.of(5));
        int[] total = new int[3];
        for (int[] pool : List.of(a.memberIndices(), a.nonMemberIndices(), a.referenceIndices())) {
            int[] c = counts(d, pool);
            for (int k = 0; k < 3; k++) {
                total[k] += c[k];
            }
        }
        assertThat(total).containsExactly(600, 300, 100);
    }

    @Test
    void kFoldCoversEveryExampleOnceWithBalancedFolds() {
        Dataset d = imbalanced();
        List<Fold> folds = Splits.kFold(d, 3, Rng.of(11));
        int[] times = new int[d.size()];
        for (Fold f : folds) {
            assertThat(f.test().length).isBetween(333, 334);
            assertThat(f.train().length + f.test().length).isEqualTo(1000);
            int[] c = counts(d, f.test());
            assertThat(c[0]).isBetween(199, 201);
            assertThat(c[2]).isBetween(33, 34);
            for (int i : f.test()) {
                times[i]++;
            }
        }
        assertThat(times).containsOnly(1);
        assertThatThrownBy(() -> Splits.kFold(d, 1, Rng.of(1))).hasMessageContaining("k must be in [2, 1000]");
    }
}

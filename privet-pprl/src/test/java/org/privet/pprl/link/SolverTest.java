package org.privet.pprl.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.pprl.clk.ClkSet;

class SolverTest {
    private static CandidatePairs pairs(double[][] rows) {
        CandidatePairs c = new CandidatePairs();
        for (double[] r : rows) {
            c.add((int) r[0], (int) r[1], r[2]);
        }
        c.sortByScore();
        return c;
    }

    @Test
    void greedyTakesBestFirstAndNeverReusesARecord() {
        // a0-b0 0.9 wins; a0-b1 and a1-b0 are then blocked; a1-b1 0.7 is taken; a2-b1 loses to it
        CandidatePairs c = pairs(new double[][] {{0, 1, 0.85}, {1, 0, 0.88}, {0, 0, 0.9}, {1, 1, 0.7}, {2, 1, 0.7}});
        CandidatePairs s = GreedySolver.solve(c);
        assertThat(s.size()).isEqualTo(2);
        assertThat(new int[] {s.a(0), s.b(0), s.a(1), s.b(1)}).containsExactly(0, 0, 1, 1);
        assertThat(s.score(1)).isEqualTo(0.7);
    }

    @Test
    void sortBreaksTiesByIndices() {
        CandidatePairs c = pairs(new double[][] {{3, 1, 0.5}, {1, 2, 0.5}, {1, 0, 0.5}, {0, 9, 0.4}});
        assertThat(new int[] {c.a(0), c.b(0), c.a(1), c.b(1), c.a(2), c.b(2), c.a(3)})
                .containsExactly(1, 0, 1, 2, 3, 1, 0);
    }

    @Test
    void unsortedInputIsRejected() {
        CandidatePairs c = new CandidatePairs();
        c.add(0, 0, 0.5);
        c.add(1, 1, 0.9);
        assertThatThrownBy(() -> GreedySolver.solve(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sorted by score");
    }

    @Test
    void multipartyGreedyNeedsEveryPairInsideAGroup() {
        // records: dataset 0: {0}, dataset 1: {1}, dataset 2: {2, 3}
        int[] ds = {0, 1, 2, 2};
        // 0-1 0.9 -> {0,1}; 0-2 0.8 -> 2 alone would join a group of 2 only with threshold <= 1/2: new group {2};
        // 1-2 0.7 -> overlap 1 (from 0-2) + 1 = 2 >= 1 * 2*1 -> merge {0,1,2}; 0-3 0.6 -> 3 stays out
        CandidatePairs c = pairs(new double[][] {{0, 1, 0.9}, {0, 2, 0.8}, {1, 2, 0.7}, {0, 3, 0.6}});
        List<int[]> g = MultipartySolver.solve(c, ds, 1.0, true);
        assertThat(g).hasSize(1);
        assertThat(g.get(0)).containsExactly(0, 1, 2);
    }

    @Test
    void multipartyWithoutTheThirdEdgeKeepsAPair() {
        int[] ds = {0, 1, 2};
        CandidatePairs c = pairs(new double[][] {{0, 1, 0.9}, {0, 2, 0.8}});
        List<int[]> g = MultipartySolver.solve(c, ds, 1.0, true);
        assertThat(g).hasSize(1);
        assertThat(g.get(0)).containsExactly(0, 1);
        // lenient merge threshold 0.5: one of two pairs suffices
        List<int[]> lenient = MultipartySolver.solve(c, ds, 0.5, true);
        assertThat(lenient.get(0)).containsExactly(0, 1, 2);
    }

    @Test
    void deduplicationKeepsOneRecordPerDatabase() {
        int[] ds = {0, 1, 1};
        CandidatePairs c = pairs(new double[][] {{0, 1, 0.9}, {0, 2, 0.8}});
        assertThat(MultipartySolver.solve(c, ds, 0.5, true).get(0)).containsExactly(0, 1);
        assertThat(MultipartySolver.solve(c, ds, 0.5, false).get(0)).containsExactly(0, 1, 2);
    }

    @Test
    void threeNoisyCopiesOfOneDatabaseFormClusters() {
        ClkSet base = TestClks.random(80, 1024, 0.3, 3, "p");
        List<ClkSet> sets = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            sets.add(TestClks.noisy(base, 0.03, 10 + d, "d" + d + "-"));
        }
        List<List<RecordRef>> clusters = Linker.linkMany(sets, LinkOptions.builder().threshold(0.8).build());
        // 3% flips at density 0.3 give Dice about 0.93 between copies and about 0.3 between unrelated records:
        // every entity is one full cluster
        assertThat(clusters).hasSize(80);
        for (List<RecordRef> cl : clusters) {
            assertThat(cl).hasSize(3);
            assertThat(cl.stream().map(RecordRef::index).distinct()).hasSize(1);
            assertThat(cl.stream().map(RecordRef::dataset)).containsExactly(0, 1, 2);
        }
    }

    @Test
    void linkerReturnsOneToOneMatchesWithIds() {
        ClkSet a = TestClks.random(50, 1024, 0.3, 21, "a");
        ClkSet b = TestClks.noisy(a, 0.05, 22, "b");
        Linker.LinkResult r = Linker.run(a, b, LinkOptions.builder().threshold(0.8).build());
        assertThat(r.matches()).hasSize(50);
        assertThat(r.matches()).allSatisfy(m -> {
            assertThat(m.idA()).isEqualTo("a" + m.indexA());
            assertThat(m.idB()).isEqualTo("b" + m.indexA());
        });
        assertThat(r.comparisons()).isEqualTo(2500);
    }
}

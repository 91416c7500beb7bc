package org.privet.pprl.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.clk.ClkSet;

class CandidateSearchTest {
    private record P(int a, int b, double s) {
    }

    private static final Comparator<P> ORDER = Comparator.comparingDouble((P p) -> -p.s()).thenComparingInt(P::a)
            .thenComparingInt(P::b);

    /** Brute force over every pair with the textbook score. */
    private static List<P> bruteForce(ClkSet a, ClkSet b, double t, int k) {
        List<P> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            List<P> row = new ArrayList<>();
            for (int j = 0; j < b.size(); j++) {
                double s = Dice.score(a, i, b, j);
                if (s >= t) {
                    row.add(new P(i, j, s));
                }
            }
            row.sort(ORDER);
            out.addAll(k > 0 && row.size() > k ? row.subList(0, k) : row);
        }
        out.sort(ORDER);
        return out;
    }

    private static List<P> asList(CandidatePairs c) {
        List<P> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(new P(c.a(i), c.b(i), c.score(i)));
        }
        return out;
    }

    /** A mix of noisy duplicates (scores near 1), unrelated records and records of varying density. */
    private static ClkSet[] data(int bits, long seed) {
        ClkSet base = TestClks.concat(TestClks.random(60, bits, 0.3, seed, "a"),
                TestClks.random(40, bits, 0.12, seed + 1, "c"));
        ClkSet a = TestClks.concat(base, TestClks.random(50, bits, 0.5, seed + 2, "x"));
        ClkSet b = TestClks.concat(TestClks.noisy(base, 0.04, seed + 3, "b"),
                TestClks.random(70, bits, 0.25, seed + 4, "y"));
        return new ClkSet[] {a, b};
    }

    @ParameterizedTest(name = "bits={0} threshold={1} k={2} threads={3}")
    @CsvSource({"1024, 0.8, 0, 1", "1024, 0.8, 0, 3", "1024, 0.5, 0, 2", "1024, 0.0, 3, 2", "1024, 0.6, 2, 1",
        "1000, 0.8, 0, 2", "100, 0.7, 0, 1", "64, 0.5, 1, 2", "2048, 0.75, 0, 2", "1024, 1.0, 0, 1"})
    void allPairsEqualsBruteForce(int bits, double t, int k, int threads) {
        ClkSet[] d = data(bits, bits * 31L + k);
        LinkOptions o = LinkOptions.builder().threshold(t).topK(k).threads(threads).build();
        CandidateSearch.Result r = CandidateSearch.search(d[0], d[1], o);
        assertThat(asList(r.pairs())).isEqualTo(bruteForce(d[0], d[1], t, k));
        assertThat(r.comparisons()).isEqualTo((long) d[0].size() * d[1].size());
    }

    @Test
    void noisyDuplicatesAreFoundAtThresholdPointEight() {
        ClkSet[] d = data(1024, 7);
        CandidatePairs c = CandidateSearch.search(d[0], d[1], LinkOptions.threshold(0.8)).pairs();
        // each of the 100 base records has its 4%-noise copy at the same index (Dice about 0.9 for density 0.3)
        long diagonal = asList(c).stream().filter(p -> p.a() == p.b() && p.a() < 100).count();
        assertThat(diagonal).isGreaterThanOrEqualTo(95);
    }

    @Test
    void blockedSearchEqualsBruteForceRestrictedToSharedKeys() {
        ClkSet[] d = data(1024, 11);
        // keys: record i of A carries {i % 5, 100 + i % 7}; record j of B carries {j % 5}
        long[][] ka = new long[d[0].size()][];
        for (int i = 0; i < ka.length; i++) {
            ka[i] = new long[] {i % 5, 100 + i % 7, i % 5};
        }
        long[][] kb = new long[d[1].size()][];
        for (int j = 0; j < kb.length; j++) {
            kb[j] = new long[] {j % 5};
        }
        LinkOptions o = LinkOptions.builder().threshold(0.3).threads(2)
                .blockKeys(BlockKeys.of(ka), BlockKeys.of(kb)).build();
        CandidateSearch.Result r = CandidateSearch.search(d[0], d[1], o);
        List<P> expected = bruteForce(d[0], d[1], 0.3, 0).stream().filter(p -> p.a() % 5 == p.b() % 5).toList();
        assertThat(asList(r.pairs())).isEqualTo(expected);
        long sharing = 0;
        for (int i = 0; i < d[0].size(); i++) {
            for (int j = 0; j < d[1].size(); j++) {
                sharing += i % 5 == j % 5 ? 1 : 0;
            }
        }
        assertThat(r.comparisons()).isEqualTo(sharing);
    }

    @Test
    void differentBitLengthsAreRejected() {
        ClkSet a = TestClks.random(2, 64, 0.5, 1, "a");
        ClkSet b = TestClks.random(2, 128, 0.5, 1, "b");
        assertThatThrownBy(() -> CandidateSearch.search(a, b, LinkOptions.threshold(0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 != 128");
    }

    @Test
    void progressReachesTheLastRow() {
        ClkSet[] d = data(256, 5);
        long[] last = new long[2];
        LinkOptions o = LinkOptions.builder().threads(2).progress((stage, done, total) -> {
            synchronized (last) {
                last[0] = Math.max(last[0], done);
                last[1] = total;
            }
        }).build();
        CandidateSearch.search(d[0], d[1], o);
        assertThat(last).containsExactly(d[0].size(), d[0].size());
    }
}

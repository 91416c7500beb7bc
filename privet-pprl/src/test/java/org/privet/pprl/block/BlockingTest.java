package org.privet.pprl.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.pprl.clk.ClkSet;

class BlockingTest {
    private static final byte[] SECRET = "0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII);

    private static ClkSet random(int n, int bits, double density, SplittableRandom r) {
        int w = (bits + 63) / 64;
        long[] words = new long[n * w];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("r" + i);
            for (int b = 0; b < bits; b++) {
                if (r.nextDouble() < density) {
                    words[i * w + (b >>> 6)] |= 1L << b;
                }
            }
        }
        return new ClkSet(ids, bits, words);
    }

    private static ClkSet flip(ClkSet s, double p, SplittableRandom r) {
        long[] words = s.words().clone();
        int w = s.wordsPerRecord();
        for (int i = 0; i < s.size(); i++) {
            for (int b = 0; b < s.bits(); b++) {
                if (r.nextDouble() < p) {
                    words[i * w + (b >>> 6)] ^= 1L << b;
                }
            }
        }
        return new ClkSet(s.ids(), s.bits(), words);
    }

    private static boolean share(BlockKeys x, int i, BlockKeys y, int j) {
        for (int e = x.start(i); e < x.end(i); e++) {
            for (int f = y.start(j); f < y.end(j); f++) {
                if (x.keys()[e] == y.keys()[f]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void lshKeepsNoisyDuplicatesTogetherAndSeparatesUnrelatedRecords() {
        SplittableRandom r = new SplittableRandom(42);
        ClkSet a = random(400, 1024, 0.3, r);
        ClkSet b = flip(a, 0.05, r); // Hamming fraction ~0.05: expected recall 1-(1-0.95^24)^16 = 0.996
        HammingLsh lsh = HammingLsh.defaults();
        BlockKeys ka = lsh.keys(a);
        BlockKeys kb = lsh.keys(b);
        int kept = 0;
        for (int i = 0; i < a.size(); i++) {
            kept += share(ka, i, kb, i) ? 1 : 0;
        }
        // binomial(400, 0.996): P(kept < 390) < 1e-4
        assertThat(kept).isGreaterThanOrEqualTo(390);
        long unrelated = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < 100; j++) {
                if (i != j) {
                    unrelated += share(ka, i, kb, j) ? 1 : 0;
                }
            }
        }
        // ~40k unrelated pairs at Hamming fraction ~0.43: expected ~16 * 0.57^24 * 4e4 = 0.9 sharing pairs
        assertThat(unrelated).isLessThan(20);
    }

    @Test
    void lshIsDeterministicPerSeedAndParsed() {
        HammingLsh p = HammingLsh.parse("bits=10, tables=3,seed=9");
        assertThat(p.bitsPerKey()).isEqualTo(10);
        assertThat(p.tables()).isEqualTo(3);
        assertThat(p.positions(1024)).isDeepEqualTo(new HammingLsh(10, 3, 9).positions(1024));
        assertThat(p.positions(1024)).isNotEqualTo(new HammingLsh(10, 3, 8).positions(1024));
        assertThat(HammingLsh.parse("").describe()).contains("24 bits per key, 16 tables");
        assertThatThrownBy(() -> HammingLsh.parse("bits=x")).hasMessage(
                "lsh parameter bits must be an integer. Provided value: x");
        assertThatThrownBy(() -> HammingLsh.parse("band=3")).hasMessageContaining("unknown lsh parameter 'band'");
        assertThatThrownBy(() -> new HammingLsh(65, 1, 1)).hasMessage(
                "bitsPerKey must be in [1, 64]. Provided value: 65");
    }

    @Test
    void blockIndexListsEachRecordOncePerKey() {
        BlockKeys k = BlockKeys.of(new long[][] {{5, 7, 5}, {7}, {}, {9, 5}});
        BlockIndex idx = BlockIndex.of(k);
        assertThat(idx.groups()).isEqualTo(3);
        assertThat(members(idx, 5)).containsExactly(0, 3);
        assertThat(members(idx, 7)).containsExactly(0, 1);
        assertThat(members(idx, 9)).containsExactly(3);
        assertThat(idx.group(6)).isEqualTo(-1);
    }

    private static List<Integer> members(BlockIndex idx, long key) {
        int g = idx.group(key);
        List<Integer> out = new ArrayList<>();
        for (int p = idx.groupStart(g); p < idx.groupEnd(g); p++) {
            out.add(idx.member(p));
        }
        return out;
    }

    @Test
    void keyedValuesDependOnTheSecretAndRejectShortSecrets() {
        List<List<String>> v = List.of(List.of("S530"), List.of("S530", ""), List.of());
        BlockKeys k1 = BlockKeys.fromValues(v, SECRET);
        assertThat(k1.entries()).isEqualTo(2);
        assertThat(k1.keys()[0]).isEqualTo(k1.keys()[1]);
        BlockKeys k2 = BlockKeys.fromValues(v, "another-secret-of-16+".getBytes(StandardCharsets.US_ASCII));
        assertThat(k2.keys()[0]).isNotEqualTo(k1.keys()[0]);
        assertThatThrownBy(() -> BlockKeys.fromValues(v, new byte[8])).hasMessage(
                "secret must be at least 16 bytes (128 bits). Provided length: 8");
    }

    @Test
    void psigBlocksNamesThatSoundAlikeAndDropsCommonSignatures() {
        List<String[]> a = new ArrayList<>();
        List<String[]> b = new ArrayList<>();
        String[][] people = {{"Smith", "John", "1980"}, {"Smyth", "Jon", "1980"}, {"Brown", "Ann", "1975"},
            {"Browne", "Anne", "1975"}, {"Taylor", "Kim", "1990"}};
        for (int i = 0; i < 4; i += 2) {
            a.add(people[i]);
            b.add(people[i + 1]);
        }
        for (int i = 0; i < 30; i++) { // 30 records with the same year: year alone is too common
            a.add(new String[] {"X" + i + "q", "Z", "2000"});
        }
        a.add(people[4]);
        PSig psig = new PSig(List.of(PSig.Strategy.of(0, PSig.Kind.SOUNDEX, 0),
                PSig.Strategy.of(2, PSig.Kind.VALUE, 0)), 0.5, 1024, 4, SECRET);
        BlockKeys ka = psig.keys(a);
        BlockKeys kb = psig.keys(b);
        assertThat(share(ka, 0, kb, 0)).isTrue(); // Smith ~ Smyth (S530)
        assertThat(share(ka, 1, kb, 1)).isTrue(); // Brown ~ Browne (B650)
        assertThat(share(ka, 0, kb, 1)).isFalse();
        // the 30 fillers share Soundex X200 and year 2000: both too common at ratio 0.5, kept at ratio 1
        assertThat(ka.end(2) - ka.start(2)).isZero();
        PSig lenient = new PSig(List.of(PSig.Strategy.of(0, PSig.Kind.SOUNDEX, 0),
                PSig.Strategy.of(2, PSig.Kind.VALUE, 0)), 1.0, 1024, 4, SECRET);
        BlockKeys all = lenient.keys(a);
        assertThat(all.end(2) - all.start(2)).isEqualTo(2);
        // Bloom intersection: Taylor (only in a) is dropped when restricting a to b's filter
        BitSet fb = psig.bloomFilter(kb);
        BlockKeys ra = psig.restrict(ka, fb);
        int taylor = a.size() - 1;
        assertThat(ra.end(taylor) - ra.start(taylor)).isZero();
        assertThat(share(ra, 0, kb, 0)).isTrue();
    }
}

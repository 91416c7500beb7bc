package org.privet.pprl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.Linker;
import org.privet.pprl.link.Match;

class EvalTest {
    @TempDir
    Path dir;

    private static Pair p(String a, String b) {
        return new Pair(a, b);
    }

    @Test
    void linkageQualityByHand() {
        // predicted {a1-b1, a2-b2, a3-b9, a1-b1 again}; truth {a1-b1, a2-b2, a4-b4, a5-b5}
        // tp 2, fp 1, fn 2: precision 2/3, recall 1/2, F1 = 2 * (2/3)(1/2) / (2/3 + 1/2) = 4/7
        LinkageQuality q = LinkageQuality.of(List.of(p("a1", "b1"), p("a2", "b2"), p("a3", "b9"), p("a1", "b1")),
                List.of(p("a1", "b1"), p("a2", "b2"), p("a4", "b4"), p("a5", "b5")));
        assertThat(q.truePositives()).isEqualTo(2);
        assertThat(q.falsePositives()).isEqualTo(1);
        assertThat(q.falseNegatives()).isEqualTo(2);
        assertThat(q.precision()).isEqualTo(2.0 / 3);
        assertThat(q.recall()).isEqualTo(0.5);
        assertThat(q.f1()).isCloseTo(4.0 / 7, within(1e-15));
        // direction matters: b1-a1 is not a1-b1
        assertThat(LinkageQuality.of(List.of(p("b1", "a1")), List.of(p("a1", "b1"))).truePositives()).isZero();
        LinkageQuality none = LinkageQuality.of(List.of(), List.of(p("a", "b")));
        assertThat(new double[] {none.precision(), none.recall(), none.f1()}).containsExactly(0, 0, 0);
    }

    @Test
    void blockingQualityByHand() {
        // A: x0 {1}, x1 {2}, x2 {1,2}; B: y0 {1}, y1 {3}, y2 {2}
        // candidates: x0-y0, x1-y2, x2-y0, x2-y2 = 4 of 9 -> RR = 5/9
        // truth x0-y0 (blocked), x1-y1 (not), x2-y2 (blocked), zz-y0 (unknown id) -> PC = 2/3
        BlockKeys ka = BlockKeys.of(new long[][] {{1}, {2}, {1, 2}});
        BlockKeys kb = BlockKeys.of(new long[][] {{1}, {3}, {2}});
        BlockingQuality q = BlockingQuality.of(List.of("x0", "x1", "x2"), ka, List.of("y0", "y1", "y2"), kb,
                List.of(p("x0", "y0"), p("x1", "y1"), p("x2", "y2"), p("zz", "y0")));
        assertThat(q.candidatePairs()).isEqualTo(4);
        assertThat(q.totalPairs()).isEqualTo(9);
        assertThat(q.reductionRatio()).isEqualTo(1.0 - 4.0 / 9);
        assertThat(q.truePairs()).isEqualTo(3);
        assertThat(q.truePairsBlocked()).isEqualTo(2);
        assertThat(q.unknownIds()).isEqualTo(1);
        assertThat(q.pairsCompleteness()).isEqualTo(2.0 / 3);
    }

    @Test
    void lshBlockingRecallOnNoisyDuplicates() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 500;
        int bits = 1024;
        long[] wa = new long[n * 16];
        long[] wb = new long[n * 16];
        List<String> ia = new ArrayList<>();
        List<String> ib = new ArrayList<>();
        List<Pair> truth = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ia.add("a" + i);
            ib.add("b" + i);
            truth.add(p("a" + i, "b" + i));
            for (int b = 0; b < bits; b++) {
                boolean on = r.nextDouble() < 0.3;
                boolean flipped = r.nextDouble() < 0.04;
                if (on) {
                    wa[i * 16 + (b >>> 6)] |= 1L << b;
                }
                if (on ^ flipped) {
                    wb[i * 16 + (b >>> 6)] |= 1L << b;
                }
            }
        }
        ClkSet a = new ClkSet(ia, bits, wa);
        ClkSet b = new ClkSet(ib, bits, wb);
        HammingLsh lsh = HammingLsh.defaults();
        BlockingQuality q = BlockingQuality.of(ia, lsh.keys(a), ib, lsh.keys(b), truth);
        // per-pair recall 1-(1-0.96^24)^16 ~ 0.9995 at 4% flips: P(PC < 0.99) is negligible (< 1e-9)
        assertThat(q.pairsCompleteness()).isGreaterThanOrEqualTo(0.99);
        assertThat(q.reductionRatio()).isGreaterThan(0.99);
        // linkage through the blocking finds the same links as without it
        List<Match> blocked = Linker.link(a, b, LinkOptions.builder().threshold(0.8).blocking(lsh).build());
        List<Match> full = Linker.link(a, b, LinkOptions.threshold(0.8));
        LinkageQuality lq = LinkageQuality.of(blocked.stream().map(m -> p(m.idA(), m.idB())).toList(), truth);
        assertThat(lq.recall()).isGreaterThanOrEqualTo(0.99);
        assertThat(lq.precision()).isEqualTo(1.0);
        assertThat(blocked.size()).isLessThanOrEqualTo(full.size());
    }

    @Test
    void pairsRoundTripWithQuotingAndScores() throws IOException {
        Path f = dir.resolve("pairs.csv");
        List<Match> ms = List.of(new Match(0, 1, "a,1", "b\"2", 0.875), new Match(2, 3, " a3", "b3", 1.0));
        PairsCsv.write(f, ms);
        assertThat(Files.readString(f)).startsWith("id_a,id_b,score\n\"a,1\",\"b\"\"2\",0.875\n");
        List<PairsCsv.ScoredPair> back = PairsCsv.read(f);
        assertThat(back).containsExactly(new PairsCsv.ScoredPair(p("a,1", "b\"2"), 0.875),
                new PairsCsv.ScoredPair(p(" a3", "b3"), 1.0));
        try (var s = Files.list(dir)) {
            assertThat(s.count()).as("no temp file left").isEqualTo(1);
        }
    }

    @Test
    void badFilesNameFileLineAndColumn() throws IOException {
        Path f = dir.resolve("truth.csv");
        Files.writeString(f, "id_a,id_b,score\na1,b1,0.9\na2,b2,high\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PairsCsv.read(f)).isInstanceOf(PairsFormatException.class)
                .hasMessage(f + ":3: column 'score': 'high' is not a number");
        Files.writeString(f, "id_a,id_b\na1,b1\na2\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PairsCsv.read(f)).hasMessage(f + ":3: expected 2 fields (as in the header), found 1");
        Files.writeString(f, "id_a,id_b\n\"a1,b1\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PairsCsv.read(f)).hasMessage(f + ":2: unclosed quote in field 1");
        Files.writeString(f, "id_a,id_b,score\na,b,1.5\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PairsCsv.read(f)).hasMessage(
                f + ":2: column 'score': score must be in [0, 1]. Provided value: 1.5");
        Files.writeString(f, "", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PairsCsv.read(f)).hasMessageStartingWith(f + ":1: empty file");
        Files.writeString(f, "id_a,id_b\n,b\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PairsCsv.read(f)).hasMessage(f + ":2: column 'id_a': empty record id");
    }
}

package org.privet.pprl.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.eval.PairsCsv;

/** The example of docs/pprl-linkage.md, as written there, and option validation. */
class LinkerExampleTest {
    @TempDir
    Path dir;

    @Test
    void docsExampleRuns() throws Exception {
        ClkSet base = TestClks.random(60, 1024, 0.3, 5, "a");
        ClkFile.write(dir.resolve("a.clk"), base, "");
        ClkFile.write(dir.resolve("b.clk"), TestClks.noisy(base, 0.03, 6, "b"), "");
        // --- as in the docs ---
        ClkSet a = ClkFile.read(dir.resolve("a.clk"));
        ClkSet b = ClkFile.read(dir.resolve("b.clk"));
        List<Match> links = Linker.link(a, b, LinkOptions.builder()
                .threshold(0.8)
                .blocking(HammingLsh.defaults())
                .build());
        PairsCsv.write(dir.resolve("pairs.csv"), links);
        // ---
        assertThat(links).hasSize(60).allSatisfy(m -> assertThat(m.indexA()).isEqualTo(m.indexB()));
        assertThat(Files.readAllLines(dir.resolve("pairs.csv"))).hasSize(61);
    }

    @Test
    void optionsSayTheRuleAndTheValue() {
        assertThatThrownBy(() -> LinkOptions.builder().topK(-1).build())
                .hasMessage("topK must be >= 0 (0 = unlimited). Provided value: -1");
        assertThatThrownBy(() -> LinkOptions.builder().threads(0).build())
                .hasMessage("threads must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> LinkOptions.builder().mergeThreshold(0).build())
                .hasMessage("mergeThreshold must be in (0, 1]. Provided value: 0.0");
        assertThatThrownBy(() -> LinkOptions.threshold(-0.1))
                .hasMessage("threshold must be in [0, 1]. Provided value: -0.1");
        LinkOptions o = LinkOptions.builder().blockKeys(BlockKeys.of(new long[][] {{1}}),
                BlockKeys.of(new long[][] {{1}})).build();
        assertThat(o.toBuilder().blocking(HammingLsh.defaults()).build().keysA()).isNull();
        ClkSet one = TestClks.random(2, 64, 0.5, 1, "x");
        assertThatThrownBy(() -> CandidateSearch.search(one, one, o))
                .hasMessage("block keys cover 1 and 1 records, the sets have 2 and 2");
        assertThatThrownBy(() -> Linker.linkMany(List.of(one), LinkOptions.threshold(0.5)))
                .hasMessage("need at least 2 databases. Provided: 1");
    }

    @Test
    void candidatePairsGrowAndConcatenate() {
        CandidatePairs x = new CandidatePairs(0);
        for (int i = 0; i < 1000; i++) {
            x.add(i, 1000 - i, i / 1000.0);
        }
        CandidatePairs y = new CandidatePairs();
        y.add(5, 5, 1.0);
        y.addAll(x);
        assertThat(y.size()).isEqualTo(1001);
        y.sortByScore();
        assertThat(new double[] {y.score(0), y.score(1), y.score(1000)}).containsExactly(1.0, 0.999, 0.0);
        assertThat(y.a(1)).isEqualTo(999);
        assertThatThrownBy(() -> y.a(1001)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}

package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;

/** {@code privet pprl link} and {@code privet pprl eval} as a user meets them. */
class PprlLinkCommandTest {
    @TempDir
    Path dir;

    /** n records of 1024 bits at density 0.3; copy != null: noisy copies (4% flips) of it instead. */
    private static ClkSet clks(int n, String prefix, ClkSet copy, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] w = new long[n * 16];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
            for (int b = 0; b < 1024; b++) {
                boolean on = copy == null ? r.nextDouble() < 0.3
                        : ((copy.words()[i * 16 + (b >>> 6)] >>> b) & 1) != 0 ^ r.nextDouble() < 0.04;
                if (on) {
                    w[i * 16 + (b >>> 6)] |= 1L << b;
                }
            }
        }
        return new ClkSet(ids, 1024, w);
    }

    private Path[] files() throws Exception {
        ClkSet a = clks(40, "a", null, 1);
        ClkSet b = clks(40, "b", a, 2);
        Path pa = dir.resolve("a.clk");
        Path pb = dir.resolve("b.clk");
        ClkFile.write(pa, a, "");
        ClkFile.write(pb, b, "");
        StringBuilder truth = new StringBuilder("id_a,id_b\n");
        for (int i = 0; i < 40; i++) {
            truth.append("a").append(i).append(",b").append(i).append('\n');
        }
        Path pt = dir.resolve("truth.csv");
        Files.writeString(pt, truth.toString(), StandardCharsets.UTF_8);
        return new Path[] {pa, pb, pt};
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void linksTwoFilesAndEvaluatesThePairs() throws Exception {
        Path[] f = files();
        Path out = dir.resolve("pairs.csv");
        // 4% flips: a true pair shares an LSH key with probability 1 - (1 - 0.96^16)^30 > 0.99999 (fixed seeds)
        CliTest.Run r = CliTest.run("pprl", "link", f[0].toString(), f[1].toString(), "--threshold", "0.8",
                "--blocking", "lsh:bits=16,tables=30,seed=3", "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 40 match(es)");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("id_a,id_b,score");
        assertThat(lines).hasSize(41);
        assertThat(lines.subList(1, 41)).allSatisfy(l -> {
            String[] p = l.split(",");
            assertThat(p[1]).isEqualTo("b" + p[0].substring(1));
            assertThat(Double.parseDouble(p[2])).isBetween(0.8, 1.0);
        });
        CliTest.Run e = CliTest.run("pprl", "eval", "--pairs", out.toString(), "--truth", f[2].toString(),
                "--blocking", "lsh:bits=16,tables=30,seed=3", "--a", f[0].toString(), "--b", f[1].toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("\"precision\" : 1.0").contains("\"recall\" : 1.0").contains("\"f1\" : 1.0")
                .contains("\"pairsCompleteness\" : 1.0").contains("\"totalPairs\" : 1600");
    }

    @Test
    void jsonReportsComparisonsAndThreeFilesGiveClusters() throws Exception {
        Path[] f = files();
        ClkSet c = clks(40, "c", ClkFile.read(f[0]), 3);
        Path pc = dir.resolve("c.clk");
        ClkFile.write(pc, c, "");
        Path out = dir.resolve("pairs.csv");
        CliTest.Run r = CliTest.run("pprl", "link", f[0].toString(), f[1].toString(), "--out", out.toString(),
                "--json", "-q", "--top-k", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"comparisons\" : 1600").contains("\"matches\" : 40");
        Path clusters = dir.resolve("clusters.csv");
        CliTest.Run m = CliTest.run("pprl", "link", f[0].toString(), f[1].toString(), pc.toString(), "--out",
                clusters.toString(), "-q");
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).contains("wrote 40 cluster(s) of 3 databases");
        List<String> lines = Files.readAllLines(clusters);
        assertThat(lines.get(0)).isEqualTo("cluster,database,id");
        assertThat(lines.subList(1, 4)).containsExactly("0,0,a0", "0,1,b0", "0,2,c0");
    }

    @Test
    void corruptClkFileFailsWithItsNameAndLeavesNoOutput() throws Exception {
        Path[] f = files();
        byte[] bytes = Files.readAllBytes(f[1]);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(f[1], bytes);
        Path out = dir.resolve("pairs.csv");
        List<Path> before = listing();
        CliTest.Run r = CliTest.run("pprl", "link", f[0].toString(), f[1].toString(), "--out", out.toString(), "-q");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(f[1].toString()).doesNotContain("\tat ");
        assertThat(listing()).isEqualTo(before);
    }

    @Test
    void badTruthLineFailsWithFileAndLine() throws Exception {
        Path[] f = files();
        Path out = dir.resolve("pairs.csv");
        assertThat(CliTest.run("pprl", "link", f[0].toString(), f[1].toString(), "--out", out.toString(), "-q")
                .code()).isZero();
        Files.writeString(f[2], "id_a,id_b\na1,b1\n\"a2,b2\n", StandardCharsets.UTF_8);
        CliTest.Run r = CliTest.run("pprl", "eval", "--pairs", out.toString(), "--truth", f[2].toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(f[2] + ":3: unclosed quote in field 1");
    }

    @Test
    void badFlagsExitTwo() throws Exception {
        Path[] f = files();
        String out = dir.resolve("p.csv").toString();
        CliTest.Run t = CliTest.run("pprl", "link", f[0].toString(), f[1].toString(), "--threshold", "1.5", "--out", out);
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("--threshold must be in [0, 1]. Provided value: 1.5");
        CliTest.Run blk = CliTest.run("pprl", "link", f[0].toString(), f[1].toString(), "--blocking", "soundex",
                "--out", out);
        assertThat(blk.code()).isEqualTo(2);
        assertThat(blk.err()).contains("--blocking: unknown scheme 'soundex'");
        assertThat(CliTest.run("pprl", "link", f[0].toString(), "--out", out).code()).isEqualTo(2);
        assertThat(CliTest.run("pprl", "eval", "--pairs", out, "--truth", f[2].toString(), "--blocking", "lsh")
                .err()).contains("--blocking needs the two encoded databases");
        assertThat(Files.exists(Path.of(out))).isFalse();
        assertThat(CliTest.run("pprl", "--help").out()).contains("link").contains("eval");
    }
}

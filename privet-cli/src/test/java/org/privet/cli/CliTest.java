package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.model.io.Models;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.tensor.Tensor;

/** The command line as a user meets it: exit codes, messages, outputs. */
class CliTest {
    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one run. Commands print results on System.out. */
    record Run(int code, String out, String err) {
    }

    static synchronized Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(po);
        System.setErr(pe);
        int code;
        try {
            code = Main.run(args, po, pe);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : List.of(new String[] {"--help"}, new String[] {"train", "--help"},
                new String[] {"data", "--help"}, new String[] {"data", "list", "--help"},
                new String[] {"data", "fetch", "--help"}, new String[] {"model", "info", "--help"})) {
            Run r = run(cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }

    @Test
    void badFlagsExitTwoWithOneLineAndNoStackTrace() {
        Run r = run("train", "--epochs", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'x' is not an int").doesNotContain("Exception").doesNotContain("\tat ");
        Run unknown = run("train", "--no-such-flag");
        assertThat(unknown.code()).isEqualTo(2);
        Run model = run("train", "--model", "svm", "--out", dir.resolve("m.pmf").toString());
        assertThat(model.code()).isEqualTo(2);
        assertThat(model.err()).contains("--model must be one of mlp, cnn, logreg, tree. Provided value: svm");
        assertThat(Files.exists(dir.resolve("m.pmf"))).isFalse();
    }

    @Test
    void trainJsonWritesLoadableModelAndReport() throws Exception {
        Path model = dir.resolve("out/model.pmf");
        Path report = dir.resolve("report");
        Run r = run("train", "--data", "gaussian", "--records", "800", "--epochs", "5", "--seed", "3", "--json",
                "--quiet", "--out", model.toString(), "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        // 4 overlapping Gaussian classes (chance 0.25); this seed's MLP reaches about 0.78 held out
        assertThat(j.get("testAccuracy").asDouble()).isGreaterThan(0.6);
        assertThat(j.get("seed").asLong()).isEqualTo(3);
        assertThat(Files.exists(report.resolve("index.html"))).isTrue();
        JsonNode rep = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(rep.toString()).contains("test accuracy");
        NetworkClassifier clf = Models.load(model, NetworkClassifier.class);
        assertThat(clf.inputShape()).containsExactly(20);
        assertThat(clf.numClasses()).isEqualTo(4);
    }

    @Test
    void learnsTheSyntheticSets() throws Exception {
        // chance: 1/10 for purchase and images; the generators make learnable structure
        for (String[] a : List.of(new String[] {"--data", "purchase", "--records", "1500", "--epochs", "5"},
                new String[] {"--data", "images", "--records", "800", "--model", "cnn", "--epochs", "3"},
                new String[] {"--data", "purchase", "--records", "1500", "--model", "logreg"},
                new String[] {"--data", "gaussian", "--records", "1500", "--model", "tree", "--max-depth", "6"})) {
            List<String> args = new ArrayList<>(List.of("train", "--json", "--quiet", "--no-report", "--out",
                    dir.resolve("s.pmf").toString()));
            args.addAll(List.of(a));
            Run r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            double acc = new ObjectMapper().readTree(r.out()).get("testAccuracy").asDouble();
            assertThat(acc).as(String.join(" ", a)).isGreaterThan(0.6);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() throws Exception {
        Path a = dir.resolve("a.pmf");
        Path b = dir.resolve("b.pmf");
        for (Path p : List.of(a, b)) {
            Run r = run("train", "--data", "purchase", "--records", "600", "--epochs", "2", "--seed", "9", "--quiet",
                    "--no-report", "--out", p.toString());
            assertThat(r.code()).as(r.err()).isZero();
        }
        List<Tensor> pa = Models.load(a, NetworkClassifier.class).parameters();
        List<Tensor> pb = Models.load(b, NetworkClassifier.class).parameters();
        assertThat(pa).hasSameSizeAs(pb);
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i).data()).containsExactly(pa.get(i).data());
        }
    }

    @Test
    void malformedCsvNamesFileLineAndColumnAndWritesNothing() throws Exception {
        Path csv = dir.resolve("bad.csv");
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i).append(',').append(i % 7).append(',').append(i % 2).append('\n');
        }
        sb.append("1,2,0,99\n");
        Files.writeString(csv, sb.toString());
        Path model = dir.resolve("m.pmf");
        Run r = run("train", "--data", csv.toString(), "--label", "y", "--quiet", "--out", model.toString(),
                "--no-report");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.csv").contains(":52").doesNotContain("\tat ");
        assertThat(Files.exists(model)).isFalse();
    }

    @Test
    void missingLabelColumnIsAClearError() throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "a,b,y\n1,2,0\n");
        Run r = run("train", "--data", csv.toString(), "--label", "zz", "--quiet", "--no-report",
                "--out", dir.resolve("m.pmf").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("'zz'").doesNotContain("\tat ");
    }

    @Test
    void truncatedAndForeignModelFilesAreClearErrors() throws Exception {
        Path model = dir.resolve("m.pmf");
        Run t = run("train", "--data", "gaussian", "--records", "200", "--epochs", "1", "--quiet", "--no-report",
                "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Run ok = run("model", "info", model.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("network").contains("privet train");

        byte[] bytes = Files.readAllBytes(model);
        Path trunc = dir.resolve("trunc.pmf");
        Files.write(trunc, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run r = run("model", "info", trunc.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("trunc.pmf").contains("truncated").doesNotContain("\tat ");

        Path foreign = dir.resolve("x.png");
        Files.write(foreign, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        Run f = run("model", "info", foreign.toString());
        assertThat(f.code()).isEqualTo(1);
        assertThat(f.err()).contains("not a Privet model file");
    }

    @Test
    void corruptImagesAndTruncatedIdxNameTheFile() throws Exception {
        Path root = dir.resolve("imgs");
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.write(root.resolve("a/one.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(root.resolve("b/two.pgm"), "P2\n2 2\n255\n1 2 3\n");
        Run r = run("train", "--data", root.toString(), "--quiet", "--no-report",
                "--out", dir.resolve("m.pmf").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).containsAnyOf("one.png", "two.pgm").doesNotContain("\tat ");

        Path images = dir.resolve("train-images-idx3-ubyte");
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        // header says 10 images of 4x4 = 160 pixel bytes, only 20 follow
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(16 + 20);
        bb.putInt(0x00000803).putInt(10).putInt(4).putInt(4);
        Files.write(images, bb.array());
        java.nio.ByteBuffer lb = java.nio.ByteBuffer.allocate(8 + 10);
        lb.putInt(0x00000801).putInt(10);
        Files.write(labels, lb.array());
        Run idx = run("train", "--data", images.toString(), "--idx-labels", labels.toString(), "--quiet",
                "--no-report", "--out", dir.resolve("m.pmf").toString());
        assertThat(idx.code()).isEqualTo(1);
        assertThat(idx.err()).contains("train-images-idx3-ubyte").doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("m.pmf"))).isFalse();
    }

    @Test
    void tooFewRecordsIsRefusedBeforeTraining() throws Exception {
        Path csv = dir.resolve("small.csv");
        Files.writeString(csv, "a,y\n1,0\n2,1\n3,0\n");
        Run r = run("train", "--data", csv.toString(), "--label", "y", "--quiet", "--no-report",
                "--out", dir.resolve("m.pmf").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has 3 records");
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        Path out = dir.resolve("o");
        Run r = run("train", "--data", "gaussian", "--records", "200", "--epochs", "1", "--quiet",
                "--out", out.resolve("m.pmf").toString(), "--report", out.resolve("rep").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out)) {
            s.forEach(p -> names.add(out.relativize(p).toString()));
        }
        assertThat(names).noneMatch(n -> n.contains("tmp"));
    }
}

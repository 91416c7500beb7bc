package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code privet audit} on models trained elsewhere: the PyTorch MLP of privet-onnx's test resources
 * (made by privet-onnx/src/test/python/make_models.py) through ONNX Runtime and through its scores,
 * and a Privet model exported as ONNX.
 */
class OnnxAuditTest {
    /** privet-onnx's committed test resources (surefire runs in the module folder). */
    static final Path RES = Path.of("..", "privet-onnx", "src", "test", "resources", "org", "privet", "onnx");

    @TempDir
    Path dir;

    private static String res(String name) {
        return RES.resolve(name).toString();
    }

    private CliTest.Run run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--out", dir.resolve("report-" + dir.toFile().list().length).toString(), "--quiet"));
        return CliTest.run(a.toArray(new String[0]));
    }

    private static Map<String, JsonNode> attacks(CliTest.Run r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        Map<String, JsonNode> m = new HashMap<>();
        j.get("attacks").forEach(x -> m.put(x.get("attack").asText(), x));
        return m;
    }

    private static double auc(Map<String, JsonNode> m, String attack) {
        return m.get(attack).get("auc").asDouble();
    }

    /** The 95% bootstrap interval of {@code metric} (e.g. "lira-online: AUC") in a report.json. */
    private static double[] interval(Path reportDir, String metric) throws Exception {
        JsonNode root = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
        List<JsonNode> found = new ArrayList<>();
        walk(root, metric, found);
        assertThat(found).as(metric).isNotEmpty();
        JsonNode ci = found.get(0).get("ci");
        return new double[] {ci.get("lo").asDouble(), ci.get("hi").asDouble()};
    }

    private static void walk(JsonNode n, String metric, List<JsonNode> found) {
        if (n.isObject() && n.has("name") && n.get("name").asText().equals(metric) && n.path("ci").isObject()) {
            found.add(n);
        }
        n.forEach(c -> walk(c, metric, found));
    }

    private CliTest.Run audit(Path out, String... args) {
        List<String> a = new ArrayList<>(List.of("audit"));
        a.addAll(List.of(args));
        a.addAll(List.of("--out", out.toString(), "--quiet", "--json", "--seed", "3", "--bootstrap", "50"));
        return CliTest.run(a.toArray(new String[0]));
    }

    /** Privet's references trained with the PyTorch target's recipe: Adam, lr 0.01, full batch, 300 epochs. */
    private static final String[] RECIPE = {"--model", "mlp", "--hidden", "64", "--epochs", "300", "--lr", "0.01",
        "--batch-size", "1000", "--references", "8"};

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void pytorchMlpAuditedThroughOnnxThroughScoresAndAgainstAPrivetMlp() throws Exception {
        // 1. the PyTorch target through ONNX Runtime; Privet trains the references with the same recipe
        Path onnxOut = dir.resolve("onnx");
        Map<String, JsonNode> viaOnnx = attacks(audit(onnxOut, concat(RECIPE, "--target", res("mlp_logits.onnx"),
                "--data", res("data.csv"), "--label", "label", "--member-column", "member", "--attacks",
                "loss,lira-online,rmia-online")));
        // 2. the same target through its exported scores, with PyTorch-trained reference models
        Path scoresOut = dir.resolve("scores");
        Map<String, JsonNode> viaScores = attacks(audit(scoresOut, "--scores", res("scores.csv"), "--reference-scores",
                res("ref_logits.npy"), "--reference-keep", res("ref_keep.npy"), "--attacks",
                "loss,lira-online,rmia-online"));
        assertThat(viaOnnx).containsOnlyKeys("loss", "lira-online", "rmia-online");
        assertThat(viaScores).containsOnlyKeys("loss", "lira-online", "rmia-online");
        // same conclusions: every attack's 95% AUC intervals overlap, LiRA finds a clear leak (AUC about 0.76
        // and 0.78 here, intervals about +-0.03) and beats the loss baseline's AUC (about 0.65) in both audits
        for (String a : List.of("loss", "lira-online", "rmia-online")) {
            double[] x = interval(onnxOut, a + ": AUC");
            double[] y = interval(scoresOut, a + ": AUC");
            assertThat(Math.max(x[0], y[0])).as(a + " intervals %s %s", java.util.Arrays.toString(x),
                    java.util.Arrays.toString(y)).isLessThanOrEqualTo(Math.min(x[1], y[1]));
        }
        for (Map<String, JsonNode> m : List.of(viaOnnx, viaScores)) {
            assertThat(auc(m, "lira-online")).isGreaterThan(0.68).isGreaterThan(auc(m, "loss") + 0.05);
        }
        // 3. a Privet MLP trained with the same recipe on the same data: a comparable audit. Not the same model
        // (its own random split, its own training code), so its AUC intervals (each about +-0.03) must lie
        // within 0.05 of the PyTorch model's rather than overlap exactly (docs/onnx.md, seed 1: AUCs of
        // loss 0.69 vs 0.63, LiRA 0.73 vs 0.74, RMIA 0.75 vs 0.76)
        Path csv = dir.resolve("data-no-member.csv");
        List<String> lines = Files.readAllLines(RES.resolve("data.csv"));
        Files.write(csv, lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
        Path privetOut = dir.resolve("privet");
        Map<String, JsonNode> privet = attacks(audit(privetOut, concat(RECIPE, "--data", csv.toString(), "--label",
                "label", "--members", "400", "--non-members", "400", "--attacks", "loss,lira-online,rmia-online")));
        for (String a : List.of("loss", "lira-online", "rmia-online")) {
            double[] x = interval(onnxOut, a + ": AUC");
            double[] y = interval(privetOut, a + ": AUC");
            assertThat(Math.max(x[0], y[0]) - Math.min(x[1], y[1])).as(a + " PyTorch %s vs Privet %s",
                    java.util.Arrays.toString(x), java.util.Arrays.toString(y)).isLessThanOrEqualTo(0.05);
        }
        assertThat(auc(privet, "lira-online")).isGreaterThan(0.65);
    }

    @Test
    void npyScoresGiveTheCsvResultsAndLossesSkipWhatNeedsVectors() throws Exception {
        Map<String, JsonNode> csv = attacks(audit(dir.resolve("csv"), "--scores", res("scores.csv"),
                "--reference-scores", res("ref_logits.npy"), "--reference-keep", res("ref_keep.npy"),
                "--attacks", "loss,entropy,lira-offline"));
        Map<String, JsonNode> npy = attacks(audit(dir.resolve("npy"), "--scores", res("logits.npy"), "--score-labels",
                res("labels.npy"), "--score-members", res("member.npy"), "--reference-scores", res("ref_logits.npy"),
                "--reference-keep", res("ref_keep.npy"), "--attacks", "loss,entropy,lira-offline"));
        for (String a : List.of("loss", "entropy", "lira-offline")) {
            assertThat(auc(npy, a)).as(a).isCloseTo(auc(csv, a), org.assertj.core.data.Offset.offset(1e-9));
        }
        // per-record losses only: the loss ranking is the same; entropy cannot run and says why
        List<String> rows = Files.readAllLines(RES.resolve("scores.csv"));
        List<String> out = new ArrayList<>(List.of("id,label,member,loss"));
        for (String r : rows.subList(1, rows.size())) {
            String[] c = r.split(",");
            int y = Integer.parseInt(c[1]);
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 3; j < c.length; j++) {
                m = Math.max(m, Double.parseDouble(c[j]));
            }
            double s = 0;
            for (int j = 3; j < c.length; j++) {
                s += Math.exp(Double.parseDouble(c[j]) - m);
            }
            double loss = m + Math.log(s) - Double.parseDouble(c[3 + y]);
            out.add(c[0] + "," + c[1] + "," + c[2] + "," + loss);
        }
        Path lossCsv = Files.write(dir.resolve("loss.csv"), out);
        CliTest.Run r = audit(dir.resolve("loss"), "--scores", lossCsv.toString(), "--attacks",
                "loss,entropy,lira-offline,shokri");
        Map<String, JsonNode> loss = attacks(r);
        assertThat(loss).containsOnlyKeys("loss");
        assertThat(auc(loss, "loss")).isCloseTo(auc(csv, "loss"), org.assertj.core.data.Offset.offset(1e-6));
        JsonNode skipped = new ObjectMapper().readTree(r.out()).get("skipped");
        Map<String, String> why = new HashMap<>();
        skipped.forEach(x -> why.put(x.get("attack").asText(), x.get("reason").asText()));
        assertThat(why).containsOnlyKeys("entropy", "lira-offline", "shokri");
        assertThat(why.get("entropy")).contains("full probability vector");
        assertThat(why.get("lira-offline")).contains("--reference-scores");
        assertThat(Files.readString(dir.resolve("loss").resolve("index.html"))).contains("Skipped attacks");
    }

    @Test
    void exportedPrivetModelAuditsLikeItsModelFile() throws Exception {
        String[] data = {"--data", "gaussian", "--records", "800", "--features", "10", "--seed", "4"};
        Path pmf = dir.resolve("m.pmf");
        CliTest.Run t = CliTest.run(concat(concat(new String[] {"train"}, data), "--hidden", "16", "--epochs", "20",
                "--out", pmf.toString(), "--no-report", "--quiet"));
        assertThat(t.code()).as(t.err()).isZero();
        Path onnx = dir.resolve("m.onnx");
        CliTest.Run e = CliTest.run("model", "export", pmf.toString(), "--out", onnx.toString(), "--quiet");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("m.onnx");
        String[] common = concat(data, "--attacks", "loss,confidence,entropy", "--quiet", "--json", "--bootstrap",
                "20");
        Map<String, JsonNode> fromPmf = attacks(CliTest.run(concat(concat(new String[] {"audit", "--target",
                pmf.toString(), "--out", dir.resolve("a").toString()}, common))));
        Map<String, JsonNode> fromOnnx = attacks(CliTest.run(concat(concat(new String[] {"audit", "--target",
                onnx.toString(), "--out", dir.resolve("b").toString()}, common))));
        for (String a : List.of("loss", "confidence", "entropy")) {
            // ORT's float32 arithmetic differs from Privet's by ~1e-6, which can swap near-tied records only
            assertThat(auc(fromOnnx, a)).as(a).isCloseTo(auc(fromPmf, a), org.assertj.core.data.Offset.offset(2e-3));
        }
        // the ONNX file carries the training seed: another seed is refused
        CliTest.Run wrongSeed = CliTest.run("audit", "--target", onnx.toString(), "--data", "gaussian", "--records",
                "800", "--features", "10", "--seed", "5", "--attacks", "loss", "--quiet", "--out",
                dir.resolve("c").toString());
        assertThat(wrongSeed.code()).isEqualTo(2);
        assertThat(wrongSeed.err()).contains("--seed 4");
    }

    @Test
    void badFilesAndMismatchesGiveClearErrors() throws Exception {
        // the PyTorch model takes 20 features; generated data with 12 does not fit
        CliTest.Run shape = run("audit", "--target", res("mlp_logits.onnx"), "--data", "gaussian", "--features", "12",
                "--classes", "4", "--records", "400", "--attacks", "loss");
        assertThat(shape.code()).isEqualTo(1);
        assertThat(shape.err()).contains("mlp_logits.onnx").contains("12 features").contains("[?, 20]");
        byte[] model = Files.readAllBytes(RES.resolve("mlp_logits.onnx"));
        Path cut = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(model, model.length / 2));
        CliTest.Run truncated = run("audit", "--target", cut.toString(), "--data", res("data.csv"), "--label", "label",
                "--member-column", "member", "--attacks", "loss");
        assertThat(truncated.code()).isEqualTo(1);
        assertThat(truncated.err()).contains("cut.onnx").contains("truncated");
        // a Fortran-ordered NPY array
        String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
        byte[] h = (header + " ".repeat(128 - 10 - header.length() - 1) + "\n").getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + h.length + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        Path fortran = Files.write(dir.resolve("f.npy"), b.array());
        CliTest.Run f = run("audit", "--scores", fortran.toString());
        assertThat(f.code()).isEqualTo(1);
        assertThat(f.err()).contains("f.npy").contains("Fortran");
        CliTest.Run both = run("audit", "--scores", res("scores.csv"), "--target", res("mlp_logits.onnx"));
        assertThat(both.code()).isEqualTo(2);
        Path noMember = Files.write(dir.resolve("nm.csv"), List.of("label,logit_0,logit_1", "0,1.0,2.0", "1,0.5,0.1"));
        CliTest.Run nm = run("audit", "--scores", noMember.toString());
        assertThat(nm.code()).isEqualTo(1);
        assertThat(nm.err()).contains("nm.csv").contains("membership is needed");
    }

    @Test
    void dpTrainedModelExportsExactlyAndTreesAreRefused() throws Exception {
        Path pmf = dir.resolve("dp.pmf");
        CliTest.Run t = CliTest.run("train", "--dp", "--epsilon", "3", "--data", "gaussian", "--records", "400",
                "--features", "8", "--hidden", "8", "--epochs", "2", "--out", pmf.toString(), "--no-report", "--quiet");
        assertThat(t.code()).as(t.err()).isZero();
        Path onnx = dir.resolve("dp.onnx");
        CliTest.Run e = CliTest.run("model", "export", pmf.toString(), "--out", onnx.toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(new ObjectMapper().readTree(e.out()).get("opset").asInt()).isEqualTo(13);
        org.privet.core.model.WhiteBoxClassifier m = (org.privet.core.model.WhiteBoxClassifier)
                org.privet.core.model.io.Models.load(pmf).model();
        org.privet.core.tensor.Tensor x = org.privet.core.tensor.Tensor.uniform(org.privet.core.rng.Rng.of(1), -2f, 2f,
                50, 8);
        try (org.privet.onnx.OnnxClassifier c = org.privet.onnx.OnnxClassifier.load(onnx, new int[] {8},
                m.numClasses(), org.privet.onnx.OnnxClassifier.Options.defaults())) {
            assertThat(c.outputKind()).isEqualTo(org.privet.onnx.OnnxClassifier.OutputKind.LOGITS);
            assertThat(c.info().metadata()).containsEntry("privet.seed", "1").containsKey("privet.datasetHash");
            float[] a = c.logits(x).data();
            float[] b = m.logits(x).data();
            for (int i = 0; i < a.length; i++) {
                assertThat((double) a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        Path tree = dir.resolve("tree.pmf");
        assertThat(CliTest.run("train", "--model", "tree", "--data", "gaussian", "--records", "400", "--out",
                tree.toString(), "--no-report", "--quiet").code()).isZero();
        CliTest.Run refused = CliTest.run("model", "export", tree.toString(), "--out", dir.resolve("t.onnx").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("tree.pmf").contains("cannot be exported");
        assertThat(dir.resolve("t.onnx")).doesNotExist();
    }
}

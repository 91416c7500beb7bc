package org.privet.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.model.io.ModelFileException;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.onnx.scores.Npy;

/**
 * The PyTorch-exported test models (made by src/test/python/make_models.py) through ONNX Runtime, and
 * every way a model file can be wrong.
 */
class OnnxClassifierTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws Exception {
        return Path.of(OnnxClassifierTest.class.getResource(name).toURI());
    }

    /** The first {@code rows} feature rows of data.csv (20 features). */
    static Tensor features(int rows) throws Exception {
        var lines = Files.readAllLines(resource("data.csv"));
        float[] x = new float[rows * 20];
        for (int i = 0; i < rows; i++) {
            String[] cells = lines.get(i + 1).split(",");
            for (int j = 0; j < 20; j++) {
                x[i * 20 + j] = Float.parseFloat(cells[j]);
            }
        }
        return Tensor.wrap(x, rows, 20);
    }

    private static OnnxClassifier load(String name) throws Exception {
        return OnnxClassifier.load(resource(name), new int[] {20}, 4, OnnxClassifier.Options.defaults());
    }

    @Test
    void pytorchModelGivesPytorchsProbabilities() throws Exception {
        Npy.Array want = Npy.read(resource("expected_proba.npy"));
        Tensor x = features(1200);
        for (String name : new String[] {"mlp_logits.onnx", "mlp_softmax.onnx"}) {
            try (OnnxClassifier c = load(name)) {
                float[] got = c.predictProba(x).data();
                assertThat(got).hasSize(want.values().length);
                double worst = 0;
                for (int i = 0; i < got.length; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - want.values()[i]));
                }
                assertThat(worst).as(name).isLessThan(1e-5);
                assertThat(c.info().producer()).startsWith("pytorch");
            }
        }
    }

    @Test
    void outputKindIsDetected() throws Exception {
        try (OnnxClassifier c = load("mlp_logits.onnx")) {
            assertThat(c.outputKind()).isEqualTo(OnnxClassifier.OutputKind.LOGITS);
            assertThat(c.outputKindReason()).startsWith("probe");
        }
        try (OnnxClassifier c = load("mlp_softmax.onnx")) {
            assertThat(c.outputKind()).isEqualTo(OnnxClassifier.OutputKind.PROBABILITIES);
            assertThat(c.outputKindReason()).contains("Softmax");
            // logits() of a probability model are log-probabilities: their softmax is the same
            Tensor x = features(5);
            float[] p = c.predictProba(x).data();
            float[] q = c.logits(x).softmax().data();
            for (int i = 0; i < p.length; i++) {
                assertThat((double) q[i]).isCloseTo(p[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void wrongOutputKindIsCaught() throws Exception {
        assertThatThrownBy(() -> OnnxClassifier.load(resource("mlp_softmax.onnx"), new int[] {20}, 4,
                OnnxClassifier.Options.defaults().withOutputKind(OnnxClassifier.OutputKind.LOGITS)))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("Softmax").hasMessageContaining("logits");
        try (OnnxClassifier c = OnnxClassifier.load(resource("mlp_logits.onnx"), new int[] {20}, 4,
                OnnxClassifier.Options.defaults().withOutputKind(OnnxClassifier.OutputKind.PROBABILITIES))) {
            assertThatThrownBy(() -> c.predictProba(features(3))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not a probability vector").hasMessageContaining("'logits'");
        }
    }

    @Test
    void shapeMismatchesNameTheFileAndBothShapes() throws Exception {
        Path f = resource("mlp_logits.onnx");
        assertThatThrownBy(() -> OnnxClassifier.load(f, new int[] {30}, 4, OnnxClassifier.Options.defaults()))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("mlp_logits.onnx")
                .hasMessageContaining("input 'features' takes [?, 20]").hasMessageContaining("30 features");
        assertThatThrownBy(() -> OnnxClassifier.load(f, new int[] {20}, 10, OnnxClassifier.Options.defaults()))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("10 classes")
                .hasMessageContaining("[?, 4]");
        assertThatThrownBy(() -> OnnxClassifier.load(f, new int[] {20}, 4,
                OnnxClassifier.Options.defaults().withInputName("pixels")))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("no input named 'pixels'")
                .hasMessageContaining("'features' float[?, 20]");
        // a flat model fed 20 features as [1, 4, 5] examples is reshaped
        try (OnnxClassifier c = OnnxClassifier.load(f, new int[] {1, 4, 5}, 4, OnnxClassifier.Options.defaults())) {
            Tensor x = features(7);
            try (OnnxClassifier flat = OnnxClassifier.load(f, new int[] {20}, 4, OnnxClassifier.Options.defaults())) {
                assertThat(c.predictProba(x.reshape(7, 1, 4, 5)).data()).containsExactly(flat.predictProba(x).data());
            }
            assertThatThrownBy(() -> c.predictProba(x)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[n, 1, 4, 5]");
        }
    }

    @Test
    void truncatedFilesGiveClearErrorsAtEveryCut() throws Exception {
        byte[] bytes = Files.readAllBytes(resource("mlp_logits.onnx"));
        // every cut point through the header and a spread of cuts through the weights; never a crash
        for (int cut = 0; cut < bytes.length; cut += cut < 200 ? 1 : 97) {
            byte[] part = Arrays.copyOf(bytes, cut);
            Path p = dir.resolve("cut" + cut + ".onnx");
            assertThatThrownBy(() -> OnnxClassifier.load(part, p, new int[] {20}, 4, OnnxClassifier.Options.defaults()))
                    .as("cut at %d", cut).isInstanceOf(ModelFileException.class).hasMessageContaining("cut" + cut);
        }
    }

    @Test
    void randomAndForeignBytesAreRefused() throws Exception {
        Rng r = Rng.of(42);
        for (int t = 0; t < 200; t++) {
            byte[] junk = new byte[1 + r.nextInt(400)];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) r.nextInt();
            }
            Path p = dir.resolve("junk" + t + ".onnx");
            assertThatThrownBy(() -> OnnxClassifier.load(junk, p, new int[] {20}, 4, OnnxClassifier.Options.defaults()))
                    .isInstanceOf(ModelFileException.class);
        }
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertThatThrownBy(() -> OnnxClassifier.load(empty, new int[] {20}, 4, OnnxClassifier.Options.defaults()))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("empty");
        Path text = Files.writeString(dir.resolve("model.onnx"), "{\"kind\": \"network\", \"weights\": []}\n");
        assertThatThrownBy(() -> OnnxClassifier.load(text, new int[] {20}, 4, OnnxClassifier.Options.defaults()))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("model.onnx");
        assertThatThrownBy(() -> OnnxClassifier.load(dir.resolve("missing.onnx"), new int[] {20}, 4,
                OnnxClassifier.Options.defaults())).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("missing.onnx");
    }

    @Test
    void corruptedBytesNeverCrashTheJvm() throws Exception {
        // flip single bytes all over a valid model: each load either fails cleanly or still runs
        byte[] bytes = Files.readAllBytes(resource("mlp_logits.onnx"));
        Rng r = Rng.of(7);
        Tensor x = features(4);
        for (int t = 0; t < 60; t++) {
            byte[] b = bytes.clone();
            int at = r.nextInt(Math.min(b.length, 1200));
            b[at] = (byte) r.nextInt();
            try (OnnxClassifier c = OnnxClassifier.load(b, dir.resolve("flip.onnx"), new int[] {20}, 4,
                    OnnxClassifier.Options.defaults())) {
                c.predictProba(x);
            } catch (ModelFileException | IllegalStateException expected) {
                assertThat(expected.getMessage()).contains("flip.onnx");
            }
        }
    }

    @Test
    void structuralProblemsAreAllListed() {
        // a graph whose node reads an undefined value and that imports no default opset
        ProtoWriter node = new ProtoWriter().string(1, "nowhere").string(2, "y").string(4, "Relu");
        ProtoWriter graph = new ProtoWriter().message(1, node);
        byte[] model = new ProtoWriter().varint(1, 7).message(7, graph).toByteArray();
        assertThatThrownBy(() -> OnnxModelInfo.parse(model, Path.of("bad.onnx")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("bad.onnx")
                .hasMessageContaining("no operator set imported")
                .hasMessageContaining("reads 'nowhere'")
                .hasMessageContaining("no inputs")
                .hasMessageContaining("no outputs");
    }

    @Test
    void externalDataAndBadInitializersAreRefused() {
        ProtoWriter ext = new ProtoWriter().varint(1, 3).varint(2, 1).string(8, "w").varint(14, 1);
        ProtoWriter shortRaw = new ProtoWriter().varint(1, 4).varint(2, 1).string(8, "v").bytes(9, new byte[12]);
        ProtoWriter graph = new ProtoWriter().message(5, ext).message(5, shortRaw);
        byte[] model = new ProtoWriter().varint(1, 7).message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, 13)).toByteArray();
        assertThatThrownBy(() -> OnnxModelInfo.parse(model, Path.of("ext.onnx")))
                .hasMessageContaining("'w' stores its data in an external file")
                .hasMessageContaining("'v' (float [4]) needs 16 bytes of raw_data but has 12");
    }

    @Test
    void closedClassifierRefusesQueries() throws Exception {
        OnnxClassifier c = load("mlp_logits.onnx");
        c.close();
        c.close();
        assertThatThrownBy(() -> c.predictProba(features(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void concurrentQueriesAgree() throws Exception {
        try (OnnxClassifier c = load("mlp_logits.onnx")) {
            Tensor x = features(300);
            float[] want = c.predictProba(x).data();
            java.util.List<java.util.concurrent.Future<float[]>> fs = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                for (int i = 0; i < 6; i++) {
                    fs.add(ex.submit(() -> c.predictProba(x).data()));
                }
                for (var f : fs) {
                    assertThat(f.get()).containsExactly(want);
                }
            } finally {
                ex.shutdownNow();
            }
        }
    }

    /** ValueInfoProto of a float tensor with fixed dims. */
    private static ProtoWriter tensorInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            shape.message(1, new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, 1).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }

    @Test
    void fixedBatchDimensionIsFedInPaddedChunks() throws Exception {
        // a hand-written model: x [3, 4] -> Softmax(axis=1) -> y [3, 4]; batch fixed at 3
        ProtoWriter node = new ProtoWriter().string(1, "x").string(2, "y").string(4, "Softmax")
                .message(5, new ProtoWriter().string(1, "axis").varint(3, 1).varint(20, 2));
        ProtoWriter graph = new ProtoWriter().message(1, node).string(2, "g").message(11, tensorInfo("x", 3, 4))
                .message(12, tensorInfo("y", 3, 4));
        byte[] model = new ProtoWriter().varint(1, 7).message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, 13)).toByteArray();
        Tensor x = Tensor.uniform(Rng.of(3), -2f, 2f, 7, 4);
        try (OnnxClassifier c = OnnxClassifier.load(model, Path.of("fixed.onnx"), new int[] {4}, 4,
                OnnxClassifier.Options.defaults())) {
            assertThat(c.outputKind()).isEqualTo(OnnxClassifier.OutputKind.PROBABILITIES);
            float[] got = c.predictProba(x).data();
            float[] want = x.softmax().data();
            assertThat(got).hasSize(28);
            for (int i = 0; i < got.length; i++) {
                assertThat((double) got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }
}

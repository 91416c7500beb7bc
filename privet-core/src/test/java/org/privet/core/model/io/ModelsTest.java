package org.privet.core.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.model.DecisionTree;
import org.privet.core.model.LogisticRegression;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class ModelsTest {
    @TempDir
    Path dir;

    private static final Tensor X = Tensor.randn(Rng.of(42).child("x"), 1f, 120, 4);
    private static final int[] Y = labels();

    private static int[] labels() {
        int[] y = new int[120];
        for (int i = 0; i < y.length; i++) {
            float s = X.get(i, 0) + 0.5f * X.get(i, 1) - X.get(i, 3);
            y[i] = s < -0.5f ? 0 : s < 0.5f ? 1 : 2;
        }
        return y;
    }

    private static Provenance provenance() {
        return Provenance.of("ModelsTest").withParameter("l2", 1e-3).withParameter("maxDepth", 4).withSeed(42)
                .withDatasetHash(Provenance.datasetHash(X, Y)).withCreatedAt(Instant.parse("2026-01-02T03:04:05Z"));
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void logisticRegressionRoundTripGivesIdenticalPredictions() throws IOException {
        LogisticRegression m = LogisticRegression.fit(X, Y, 3, LogisticRegression.Options.defaults().withL2(1e-3));
        Path p = dir.resolve("lr.pmf");
        Models.save(m, p, provenance());
        Models.Loaded loaded = Models.load(p);
        assertThat(loaded.kind()).isEqualTo("logistic-regression");
        assertThat(loaded.provenance()).isEqualTo(provenance());
        assertThat(loaded.savedAt()).isNotNull();
        LogisticRegression back = (LogisticRegression) loaded.model();
        Tensor q = Tensor.randn(Rng.of(9), 2f, 50, 4);
        assertThat(back.predictProba(q).data()).containsExactly(m.predictProba(q).data());
        assertThat(back.logits(q).data()).containsExactly(m.logits(q).data());
        assertThat(back.inputGradient(q, new int[50]).data()).containsExactly(m.inputGradient(q, new int[50]).data());
        assertThat(ModelFile.read(p).header().path("training").path("l2").asDouble()).isEqualTo(1e-3);
        assertNoTempFiles();
    }

    @Test
    void decisionTreeRoundTripGivesIdenticalPredictionsAndStructure() throws IOException {
        DecisionTree t = DecisionTree.fit(X, Y, 3, DecisionTree.Options.defaults().withMaxDepth(4).withLaplace(0.5));
        Path p = dir.resolve("tree.pmf");
        Models.save(t, p, provenance());
        DecisionTree back = Models.load(p, DecisionTree.class);
        Tensor q = Tensor.randn(Rng.of(10), 2f, 80, 4);
        assertThat(back.predictProba(q).data()).containsExactly(t.predictProba(q).data());
        assertThat(back.apply(q)).containsExactly(t.apply(q));
        assertThat(back.featureArray()).containsExactly(t.featureArray());
        assertThat(back.classCountArray()).containsExactly(t.classCountArray());
        assertThat(back.laplace()).isEqualTo(0.5);
        assertNoTempFiles();
    }

    @Test
    void unknownKindAndWrongTypeAreReportedWithThePath() throws IOException {
        Path p = dir.resolve("alien.pmf");
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.zeros(2));
        ModelFile.write(p, new ModelFile.Contents("quantum-forest", ModelFile.newHeader(), t));
        assertThatThrownBy(() -> Models.load(p)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(p + ": unknown kind 'quantum-forest'; this build reads [")
                .hasMessageContaining("decision-tree").hasMessageContaining("logistic-regression");
        Path lr = dir.resolve("lr.pmf");
        Models.save(new LogisticRegression(Tensor.zeros(2, 2), Tensor.zeros(2)), lr, provenance());
        assertThatThrownBy(() -> Models.load(lr, DecisionTree.class)).isInstanceOf(ModelFileException.class)
                .hasMessage(lr + ": holds a logistic-regression (LogisticRegression), not a DecisionTree");
    }

    @Test
    void inconsistentContentsAreAModelFileError() throws IOException {
        // Valid container and checksum, but a tree whose node 0 points at itself.
        DecisionTreeCodec codec = new DecisionTreeCodec();
        DecisionTree t = DecisionTree.fit(X, Y, 3, DecisionTree.Options.defaults().withMaxDepth(2));
        ModelFile.Contents c = codec.encode(t);
        c.intArrays().get("left")[0] = 0;
        Path p = dir.resolve("cyclic.pmf");
        ModelFile.write(p, c);
        assertThatThrownBy(() -> Models.load(p)).isInstanceOf(ModelFileException.class)
                .hasMessage(p + ": invalid decision-tree: node 0: child id must be in (0, " + t.nodeCount()
                        + "). Provided value: 0");
        ModelFile.Contents noBias = new LogisticRegressionCodec().encode(
                new LogisticRegression(Tensor.zeros(2, 2), Tensor.zeros(2)));
        noBias.tensors().remove("bias");
        ModelFile.write(p, noBias);
        assertThatThrownBy(() -> Models.load(p))
                .hasMessage(p + ": invalid logistic-regression: logistic-regression: missing tensor 'bias'; present: [weights]");
    }

    /** A model kind defined outside the io package. */
    record Constant(float value) {
    }

    @Test
    void otherPackagesCanRegisterCodecs() throws IOException {
        ModelCodec<Constant> codec = new ModelCodec<>() {
            @Override
            public String kind() {
                return "test-constant";
            }

            @Override
            public Class<Constant> type() {
                return Constant.class;
            }

            @Override
            public ModelFile.Contents encode(Constant model) {
                LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
                t.put("value", Tensor.scalar(model.value()));
                return new ModelFile.Contents(kind(), ModelFile.newHeader(), t);
            }

            @Override
            public Constant decode(ModelFile.Contents contents) {
                return new Constant(contents.tensor("value").item());
            }
        };
        Models.register(codec);
        assertThat(Models.kinds()).contains("test-constant");
        Path p = dir.resolve("c.pmf");
        Models.save(new Constant(2.5f), p, Provenance.of("test"));
        assertThat(Models.load(p, Constant.class)).isEqualTo(new Constant(2.5f));
        assertThatThrownBy(() -> Models.register(codec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a codec for kind 'test-constant' is already registered");
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> Models.save("a string", dir.resolve("s.pmf"), Provenance.of("t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no model codec handles java.lang.String; registered kinds: [");
        assertThatThrownBy(() -> Models.register(new LogisticRegressionCodec()))
                .hasMessageStartingWith("a codec for kind 'logistic-regression' is already registered");
        assertThatThrownBy(() -> Provenance.of(" ")).hasMessageContaining("creator must be a non-blank string");
    }

    @Test
    void datasetHashIsStableAndSensitive() {
        String h = Provenance.datasetHash(X, Y);
        assertThat(h).startsWith("sha256:").hasSize(7 + 64);
        assertThat(Provenance.datasetHash(X.copy(), Y.clone())).isEqualTo(h);
        int[] y2 = Y.clone();
        y2[7] ^= 1;
        assertThat(Provenance.datasetHash(X, y2)).isNotEqualTo(h);
        assertThat(Provenance.datasetHash(X.reshape(4, 120), Y)).isNotEqualTo(h);
    }
}

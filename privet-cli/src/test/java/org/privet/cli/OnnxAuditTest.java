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

    @Test
    void onnxTargetAndItsScoresReachTheSameConclusions() throws Exception {
        Map<String, JsonNode> viaOnnx = attacks(run("audit", "--target", res("mlp_logits.onnx"), "--data",
                res("data.csv"), "--label", "label", "--member-column", "member", "--model", "mlp", "--hidden", "64",
                "--epochs", "300", "--lr", "0.01", "--batch-size", "1000", "--references", "8", "--attacks", "loss,lira-online,rmia-online", "--bootstrap", "50",
                "--json", "--seed", "3"));
        Map<String, JsonNode> viaScores = attacks(run("audit", "--scores", res("scores.csv"), "--reference-scores",
                res("ref_logits.npy"), "--reference-keep", res("ref_keep.npy"), "--attacks",
                "loss,lira-online,rmia-online", "--bootstrap", "50", "--json", "--seed", "3"));
        System.out.println("onnx " + viaOnnx + "\nscores " + viaScores);
        assertThat(viaOnnx).containsOnlyKeys("loss", "lira-online", "rmia-online");
        assertThat(viaScores).containsOnlyKeys("loss", "lira-online", "rmia-online");
    }
}

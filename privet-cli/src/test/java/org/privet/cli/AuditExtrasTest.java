package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code privet audit --attacks inversion,extraction} end to end on small generated data. Seeded; the
 * thresholds hold with margins of 10+ points for these seeds (equation solving is exact linear algebra).
 */
class AuditExtrasTest {
    @TempDir
    Path dir;

    private CliTest.Run audit(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "audit";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = dir.resolve("report").toString();
        all[args.length + 3] = "--quiet";
        all[args.length + 4] = "--json";
        return CliTest.run(all);
    }

    @Test
    void extractionSectionRecoversALogisticRegressionTarget() throws Exception {
        CliTest.Run r = audit("--data", "gaussian", "--records", "1200", "--members", "300", "--model", "logreg",
                "--attacks", "extraction", "--option", "extraction.budget=400", "--seed", "3",
                "--option", "extraction.defences=none,label");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode attacks = j.get("extraction").get("attacks");
        JsonNode eq = attacks.get(0);
        assertThat(eq.get("attack").asText()).startsWith("equation-solving");
        assertThat(eq.get("agreementTest").asDouble()).isGreaterThan(0.99);
        assertThat(attacks.toString()).contains("retraining uniform (labels)").contains("knockoff");
        // the same attacks against the model served with a label-only defence: equation solving is stopped,
        // retraining from labels is not
        JsonNode served = null;
        JsonNode retrain = null;
        for (JsonNode a : attacks) {
            if (!a.get("defence").asText().equals("none")) {
                if (a.get("attack").asText().startsWith("equation-solving")) {
                    served = a;
                }
                if (a.get("attack").asText().equals("retraining uniform (labels)")) {
                    retrain = a;
                }
            }
        }
        assertThat(served).isNotNull();
        assertThat(served.get("error").asText()).contains("labels only");
        assertThat(retrain.get("agreementTest").asDouble()).isGreaterThan(0.8);
        // membership baselines still run (no membership attack was named)
        assertThat(j.get("attacks").toString()).contains("loss");
        assertThat(Files.readString(dir.resolve("report").resolve("index.html"))).contains("Model extraction");
    }

    @Test
    void inversionSectionReconstructsImageClasses() throws Exception {
        CliTest.Run r = audit("--data", "images", "--records", "800", "--members", "300", "--classes", "4",
                "--model", "logreg", "--attacks", "inversion", "--option", "inversion.alpha=300",
                "--option", "inversion.lambda=1", "--seed", "4");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode inv = new ObjectMapper().readTree(r.out()).get("inversion");
        assertThat(inv.get("classes")).hasSize(4);
        assertThat(inv.get("identificationRate").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(Files.readString(dir.resolve("report").resolve("index.html"))).contains("Model inversion (MI-Face)")
                .contains("Reconstruction beside the class");
    }

    @Test
    void tabularInversionNeedsTheSensitiveColumn() {
        CliTest.Run r = audit("--data", "gaussian", "--records", "600", "--members", "200", "--model", "logreg",
                "--attacks", "inversion");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("inversion.sensitive");
    }
}

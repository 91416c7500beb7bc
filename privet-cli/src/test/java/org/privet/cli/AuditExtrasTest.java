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
                "--option", "defences=none,label");
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

    @Test
    void attributeInferenceOnACsvColumnWithAndWithoutDefences() throws Exception {
        // s in {a, b} (prior 0.75 / 0.25); y = 1 iff z + 2.5 [s = b] + noise > 1.2: the model reveals s
        java.util.SplittableRandom g = new java.util.SplittableRandom(7);
        StringBuilder csv = new StringBuilder("z,s,w,y\n");
        for (int i = 0; i < 2000; i++) {
            double z = g.nextDouble() * 4 - 2;
            boolean b = g.nextDouble() < 0.25;
            double w = g.nextDouble();
            int y = z + (b ? 2.5 : 0) + 0.3 * (g.nextDouble() - 0.5) > 1.2 ? 1 : 0;
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%s,%.4f,%d%n", z, b ? "b" : "a", w, y));
        }
        Path data = dir.resolve("leaky.csv");
        Files.writeString(data, csv);
        CliTest.Run r = audit("--data", data.toString(), "--label", "y", "--members", "600", "--model", "logreg",
                "--attacks", "inversion", "--option", "inversion.sensitive=s", "--option", "defences=none,label",
                "--seed", "2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode est = new ObjectMapper().readTree(r.out()).get("attributeInference").get("estimates");
        double prior = Double.NaN;
        double map = Double.NaN;
        double labelOnlyServed = Double.NaN;
        boolean confidenceUnderLabelDefence = false;
        for (JsonNode e : est) {
            String m = e.get("method").asText();
            boolean open = e.get("defence").asText().equals("none");
            if (open && m.equals("prior")) {
                prior = e.get("balancedAccuracyMembers").asDouble();
            }
            if (open && m.equals("map-confidence")) {
                map = e.get("balancedAccuracyMembers").asDouble();
            }
            if (!open && m.equals("map-label-only")) {
                labelOnlyServed = e.get("balancedAccuracyMembers").asDouble();
            }
            confidenceUnderLabelDefence |= !open && m.equals("map-confidence");
        }
        assertThat(prior).isEqualTo(0.5);
        assertThat(map).isGreaterThan(0.7);
        assertThat(labelOnlyServed).isGreaterThan(0.6);
        assertThat(confidenceUnderLabelDefence).as("a label-only endpoint gives no confidences").isFalse();
    }
}

package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privet audit} end to end on small generated data. */
class AuditCommandTest {
    @TempDir
    Path dir;

    private static final String[] SMALL = {"--data", "purchase", "--records", "1600", "--members", "300",
        "--references", "8", "--epochs", "30", "--bootstrap", "50", "--quiet", "--seed", "5"};

    private CliTest.Run audit(String... extra) {
        String[] args = new String[1 + SMALL.length + extra.length + 2];
        args[0] = "audit";
        System.arraycopy(SMALL, 0, args, 1, SMALL.length);
        System.arraycopy(extra, 0, args, 1 + SMALL.length, extra.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = dir.resolve("report").toString();
        return CliTest.run(args);
    }

    @Test
    void overfitTargetLeaksAndTheReportIsWritten() throws Exception {
        CliTest.Run r = audit("--json", "--attacks", "loss,lira,rmia");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        Map<String, JsonNode> byName = new HashMap<>();
        j.get("attacks").forEach(a -> byName.put(a.get("attack").asText(), a));
        assertThat(byName).containsOnlyKeys("loss", "lira-online", "rmia-online");
        // a 300-record training set learned to 100% train accuracy: the leak is large. Bands hold
        // for this seed with wide margins (LiRA AUC about 0.7, loss about 0.6).
        assertThat(byName.get("lira-online").get("auc").asDouble()).isGreaterThan(0.6);
        assertThat(byName.get("rmia-online").get("auc").asDouble()).isGreaterThan(0.6);
        assertThat(byName.get("lira-online").get("tprAt1%Fpr").asDouble())
                .isGreaterThan(byName.get("loss").get("tprAt1%Fpr").asDouble());
        assertThat(j.get("targetTrainAccuracy").asDouble()).isGreaterThan(j.get("targetTestAccuracy").asDouble());
        Path report = dir.resolve("report");
        assertThat(Files.readString(report.resolve("index.html"))).contains("Most exposed records")
                .contains("Leakage per class").contains("lira-online");
        JsonNode rep = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(rep.toString()).contains("lira-online: TPR at 0.1% FPR");
    }

    @Test
    void dpTrainedTargetDoesNotLeak() throws Exception {
        // DP-SGD at epsilon 1 (secure noise, so this run is not seeded). Two checks:
        // (1) theory: an epsilon-DP training algorithm bounds every membership test by
        //     TPR <= e^eps FPR + delta, whose ROC has area at most e^eps / (1 + e^eps) = 0.731;
        // (2) practice: the attacks' mean AUC stays near 0.5. With 300 members and 300 non-members
        //     one AUC has a standard error of about 0.024 and the mean of three about 0.02, so 0.62
        //     is over 4 standard errors above a leak-free 0.53 (false failure below 1e-4).
        CliTest.Run r = audit("--json", "--dp", "--epsilon", "1", "--batch-size", "64",
                "--attacks", "loss,lira-offline,rmia-offline", "--option", "reference-mode=offline");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        double bound = Math.E / (1 + Math.E);
        double sum = 0;
        int n = 0;
        for (JsonNode a : j.get("attacks")) {
            double auc = a.get("auc").asDouble();
            assertThat(auc).as(a.get("attack").asText()).isLessThan(bound);
            sum += auc;
            n++;
        }
        assertThat(sum / n).isLessThan(0.62);
        assertThat(j.get("settings").get("target").asText()).contains("DP-SGD eps=1");
    }

    @Test
    void failIfGateExitsThree() {
        CliTest.Run tripped = audit("--attacks", "loss,lira", "--fail-if", "auc>0.55");
        assertThat(tripped.code()).as(tripped.err()).isEqualTo(3);
        assertThat(tripped.out()).contains("GATE FAILED");
        CliTest.Run passes = audit("--attacks", "loss", "--fail-if", "loss:auc>0.99");
        assertThat(passes.code()).as(passes.err()).isZero();
    }

    @Test
    void auditsAModelWrittenByTrainAndRefusesForeignData() throws Exception {
        Path model = dir.resolve("t.pmf");
        CliTest.Run t = CliTest.run("train", "--data", "purchase", "--records", "1600", "--epochs", "20", "--seed", "6",
                "--quiet", "--no-report", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        String[] common = {"audit", "--target", model.toString(), "--data", "purchase", "--records", "1600",
            "--members", "200", "--references", "4", "--attacks", "loss,rmia-offline", "--option",
            "reference-mode=offline", "--bootstrap", "50", "--quiet", "--json", "--out", dir.resolve("r").toString()};
        CliTest.Run ok = CliTest.run(concat(common, "--seed", "6"));
        assertThat(ok.code()).as(ok.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(ok.out());
        assertThat(j.get("settings").get("target").asText()).startsWith("model file");
        // the file's model, 100% on its training records: members are recognised above chance
        assertThat(j.get("targetTrainAccuracy").asDouble()).isGreaterThan(j.get("targetTestAccuracy").asDouble());
        CliTest.Run wrongSeed = CliTest.run(concat(common, "--seed", "7"));
        assertThat(wrongSeed.code()).isEqualTo(2);
        assertThat(wrongSeed.err()).contains("--seed 6");
        String[] otherData = common.clone();
        otherData[6] = "1500";
        CliTest.Run wrongData = CliTest.run(concat(otherData, "--seed", "6"));
        assertThat(wrongData.code()).isEqualTo(2);
        assertThat(wrongData.err()).contains("does not reproduce the model's training set");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void badRequestsFailBeforeTraining() {
        CliTest.Run gate = audit("--fail-if", "tpr>0.1");
        assertThat(gate.code()).isEqualTo(2);
        assertThat(gate.err()).contains("--fail-if must look like");
        CliTest.Run tooMany = audit("--non-members", "5000");
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.err()).contains("has 1600 records");
        CliTest.Run cnn = audit("--model", "cnn");
        assertThat(cnn.code()).isEqualTo(2);
        assertThat(cnn.err()).contains("needs image data");
        CliTest.Run attack = audit("--attacks", "lira,nosuch");
        assertThat(attack.code()).isEqualTo(2);
        assertThat(attack.err()).contains("nosuch");
        assertThat(Files.exists(dir.resolve("report"))).isFalse();
    }
}

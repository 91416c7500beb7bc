package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.serve.ApiKeys;
import org.privet.serve.PredictionServer;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    private static PredictionServer start(String... args) throws Exception {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.start();
    }

    @Test
    void generatesAKeyAndPrintsOnlyItsHashForTheKeysFile() {
        CliTest.Run r = CliTest.run("serve", "--generate-key", "alice");
        assertThat(r.code()).as(r.err()).isZero();
        String key = r.out().trim();
        assertThat(key).startsWith("pk_").hasSize(46);
        assertThat(r.err()).contains("\"id\": \"alice\"").contains(ApiKeys.sha256Hex(key)).doesNotContain(key);
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        CliTest.Run noKey = CliTest.run("serve", "--port", "0", "--model", dir.resolve("m.pmf").toString());
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).contains("at least one API key is required");
        Path k = dir.resolve("k");
        Files.writeString(k, "pk_0123456789abcdef0123\n");
        CliTest.Run both = CliTest.run("serve", "--api-key-file", k.toString(), "--top-k", "2", "--label-only");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--top-k or --label-only");
        CliTest.Run eps = CliTest.run("serve", "--api-key-file", k.toString(), "--laplace", "-1");
        assertThat(eps.code()).isEqualTo(2);
        assertThat(eps.err()).contains("epsilon");
        CliTest.Run remote = CliTest.run("audit", "--endpoint", "http://127.0.0.1:1/", "--data", "purchase",
                "--records", "400", "--quiet");
        assertThat(remote.code()).isEqualTo(2);
        assertThat(remote.err()).contains("--endpoint needs --api-key-file");
    }

    @Test
    void helpAndDeploymentFileWithFlagOverrides() throws Exception {
        CliTest.Run help = CliTest.run("serve", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage:").contains("--deployment").contains("--reverse-sigmoid");

        // a model file: any privet model works; a small network saved the way 'privet train' saves it
        Path model = dir.resolve("m.pmf");
        org.privet.core.nn.NetworkClassifier net = new org.privet.core.nn.NetworkClassifier(
                org.privet.core.nn.Networks.mlp(org.privet.core.rng.Rng.of(1), 5, new int[] {8}, 3), new int[] {5}, 3);
        org.privet.core.model.io.Models.save(net, model, org.privet.core.model.io.Provenance.of("test"));
        String key = ApiKeys.generate(new java.security.SecureRandom());
        Files.writeString(dir.resolve("keys.json"), "{\"keys\": [{\"id\": \"alice\", \"sha256\": \""
                + ApiKeys.sha256Hex(key) + "\"}]}");
        Path deploy = dir.resolve("deploy.json");
        Files.writeString(deploy, "{\"model\": \"m.pmf\", \"port\": 1, \"keysFile\": \"keys.json\", "
                + "\"defences\": {\"reverseSigmoid\": {\"beta\": 0.5, \"gamma\": 0.2}, \"topK\": 2}}");
        // --port overrides the file's port; defence flags, when given, replace the file's defences
        try (PredictionServer server = start("--deployment", deploy.toString(), "--port", "0", "--quiet")) {
            org.privet.serve.client.RemoteClassifier r = org.privet.serve.client.RemoteClassifier.connect(server.uri(),
                    key, org.privet.serve.client.RemoteOptions.defaults());
            assertThat(r.defences()).isEqualTo("reverse-sigmoid(beta=0.5, gamma=0.2), top-2");
            org.privet.core.tensor.Tensor x = org.privet.core.tensor.Tensor.randn(org.privet.core.rng.Rng.of(3), 1f, 4, 5);
            assertThat(r.predict(x)).containsExactly(net.predict(x));
        }
        try (PredictionServer server = start("--deployment", deploy.toString(), "--port", "0", "--label-only",
                "--quiet")) {
            assertThat(org.privet.serve.client.RemoteClassifier.connect(server.uri(), key,
                    org.privet.serve.client.RemoteOptions.defaults()).defences()).isEqualTo("label-only");
        }
    }

    /**
     * The end-to-end check: a model trained by privet, served on an ephemeral port with no
     * defence, audited remotely, gives the same attack results as the local audit of the same file.
     */
    @Test
    void remoteAuditEqualsLocalAudit() throws Exception {
        Path model = dir.resolve("t.pmf");
        CliTest.Run t = CliTest.run("train", "--data", "purchase", "--records", "800", "--epochs", "10", "--seed", "6",
                "--quiet", "--no-report", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path keyFile = dir.resolve("alice.key");
        Files.writeString(keyFile, ApiKeys.generate(new java.security.SecureRandom()) + "\n");
        Path log = dir.resolve("q.jsonl");
        String[] common = {"--data", "purchase", "--records", "800", "--seed", "6", "--members", "100", "--references",
            "2", "--epochs", "5", "--hidden", "64", "--attacks", "loss,confidence,rmia-offline", "--option",
            "reference-mode=offline", "--bootstrap", "50",
            "--quiet", "--json"};
        CliTest.Run local = CliTest.run(concat(new String[] {"audit", "--target", model.toString(), "--out",
            dir.resolve("local").toString()}, common));
        assertThat(local.code()).as(local.err()).isZero();
        JsonNode l = new ObjectMapper().readTree(local.out());
        JsonNode r;
        try (PredictionServer server = start("--model", model.toString(), "--port", "0", "--api-key-file",
                keyFile.toString(), "--query-log", log.toString(), "--publish-provenance", "--quiet")) {
            CliTest.Run remote = CliTest.run(concat(new String[] {"audit", "--endpoint", server.uri().toString(),
                "--api-key-file", keyFile.toString(), "--out", dir.resolve("remote").toString()}, common));
            assertThat(remote.code()).as(remote.err()).isZero();
            r = new ObjectMapper().readTree(remote.out());
            assertThat(server.used("default")).isPositive();
            // the endpoint publishes its provenance: a wrong seed is caught before any work, as with --target
            String[] wrongSeed = common.clone();
            wrongSeed[5] = "7";
            CliTest.Run wrong = CliTest.run(concat(new String[] {"audit", "--endpoint", server.uri().toString(),
                "--api-key-file", keyFile.toString(), "--out", dir.resolve("wrong").toString()}, wrongSeed));
            assertThat(wrong.code()).isEqualTo(2);
            assertThat(wrong.err()).contains("serves a model trained with --seed 6");
        }
        assertThat(r.get("settings").get("target").asText()).startsWith("endpoint http://127.0.0.1:")
                .endsWith("(defences: none)");
        assertThat(r.get("targetTrainAccuracy").asDouble()).isEqualTo(l.get("targetTrainAccuracy").asDouble());
        assertThat(r.get("targetTestAccuracy").asDouble()).isEqualTo(l.get("targetTestAccuracy").asDouble());
        assertThat(r.get("attacks")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode a = r.get("attacks").get(i);
            JsonNode b = l.get("attacks").get(i);
            assertThat(a.get("attack").asText()).isEqualTo(b.get("attack").asText());
            for (String metric : new String[] {"auc", "tprAt0.1%Fpr", "tprAt1%Fpr", "advantage"}) {
                assertThat(a.get(metric).asDouble()).as(a.get("attack").asText() + " " + metric)
                        .isEqualTo(b.get(metric).asDouble());
            }
        }
        assertThat(Files.readAllLines(log)).isNotEmpty().allSatisfy(line -> assertThat(line).contains("\"key\":\"default\""));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

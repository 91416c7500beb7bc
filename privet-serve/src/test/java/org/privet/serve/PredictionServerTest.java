package org.privet.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.serve.client.RemoteClassifier;
import org.privet.serve.client.RemoteClassifierException;
import org.privet.serve.client.RemoteOptions;
import org.privet.serve.defence.OutputDefence;
import org.privet.serve.monitor.PradaMonitor;

/** One server with no defence shared by the protocol tests; defence and limit tests start their own. */
class PredictionServerTest {
    static final int DIM = 8;
    static final int CLASSES = 4;
    static final String KEY = "pk_test_key_for_alice_0123456789";
    static final String OTHER = "pk_test_key_for_bob___0123456789";

    static NetworkClassifier model;
    static PredictionServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        model = new NetworkClassifier(Networks.mlp(Rng.of(1), DIM, new int[] {16}, CLASSES), new int[] {DIM}, CLASSES);
        ApiKeys keys = ApiKeys.of(List.of(
                new ApiKeys.Entry("alice", ApiKeys.sha256(KEY), KeyPolicy.defaults()),
                new ApiKeys.Entry("bob", ApiKeys.sha256(OTHER), new KeyPolicy(25, 1000, 1000))));
        server = PredictionServer.start(model, ServeConfig.builder().port(0).keys(keys).maxBatch(64)
                .maxBodyBytes(64 * 1024).queryLog(dir.resolve("log/queries.jsonl")).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Tensor data(int n, long seed) {
        return Tensor.randn(Rng.of(seed), 1f, n, DIM);
    }

    static HttpResponse<String> post(String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve("v1/predict"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void remoteProbabilitiesAreExactlyTheModels() {
        RemoteClassifier remote = RemoteClassifier.connect(server.uri(), KEY, RemoteOptions.defaults().withBatchSize(7));
        assertThat(remote.numClasses()).isEqualTo(CLASSES);
        assertThat(remote.inputShape()).containsExactly(DIM);
        assertThat(remote.release()).isEqualTo(RemoteClassifier.Release.PROBABILITIES);
        assertThat(remote.defences()).isEqualTo("none");
        Tensor x = data(50, 2);
        // batches of 7 (50 = 7 * 7 + 1) stitch together in order, bit for bit equal to the model's
        // answers on the same batches (a kernel's float rounding may depend on the batch size)
        Tensor[] parts = new Tensor[8];
        for (int b = 0; b < 8; b++) {
            parts[b] = model.predictProba(x.sliceRows(7 * b, Math.min(50, 7 * b + 7)));
        }
        assertThat(remote.predictProba(x).data()).containsExactly(Tensor.concat(parts).data());
        assertThat(remote.predict(x)).containsExactly(model.predict(x));
        assertThat(remote.instancesSent()).isEqualTo(100);
    }

    @Test
    void badRequestsGet4xxWithAClearMessage() throws Exception {
        HttpResponse<String> r = post("{\"instances\": [[1, 2,", KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode j = new ObjectMapper().readTree(r.body());
        assertThat(j.get("error").asText()).isEqualTo("bad_request");
        assertThat(j.get("message").asText()).startsWith("malformed JSON");

        r = post("{\"instances\": [[1, 2, 3]]}", KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("instance 0 has 3 features; the model takes 8");

        r = post("{\"instances\": [[1, 2, 3, 4, 5, 6, 7, \"x\"]]}", KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("instance 0, feature 7: expected a number");

        r = post("{\"rows\": []}", KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("unknown field 'rows'");

        r = post("{\"instances\": [[1,2,3,4,5,6,7,8]]}", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("missing API key");

        r = post("{\"instances\": [[1,2,3,4,5,6,7,8]]}", "pk_not_a_key_we_know_0000000000");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("unknown API key");

        // oversized body (limit 64 KiB)
        String big = "{\"instances\": [" + "[1,2,3,4,5,6,7,8],".repeat(5000) + "[1,2,3,4,5,6,7,8]]}";
        r = post(big, KEY);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("exceeds the limit of 65536 bytes");

        // too many instances (limit 64)
        String many = "{\"instances\": [" + "[1,2,3,4,5,6,7,8],".repeat(64) + "[1,2,3,4,5,6,7,8]]}";
        r = post(many, KEY);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("at most 64 instances");

        // none of that disturbed a well-behaved client
        RemoteClassifier ok = RemoteClassifier.connect(server.uri(), KEY, RemoteOptions.defaults());
        Tensor x = data(5, 3);
        assertThat(ok.predictProba(x).data()).containsExactly(model.predictProba(x).data());
    }

    @Test
    void abusiveClientsDoNotDisturbConcurrentGoodOnes() throws Exception {
        Tensor x = data(16, 21);
        float[] expected = model.predictProba(x).data();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> bad = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                bad.add(pool.submit(() -> {
                    int refused = 0;
                    String[] bodies = {"{\"instances\": [[1,2,", "{\"instances\": [[1]]}", "[]", "{}"};
                    for (int i = 0; i < 24; i++) {
                        refused += post(bodies[i % bodies.length], i % 5 == 0 ? null : KEY).statusCode() / 100 == 4 ? 1 : 0;
                    }
                    return refused;
                }));
            }
            List<java.util.concurrent.Future<Boolean>> good = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                good.add(pool.submit(() -> {
                    RemoteClassifier c = RemoteClassifier.connect(server.uri(), KEY, RemoteOptions.defaults());
                    for (int i = 0; i < 6; i++) {
                        if (!java.util.Arrays.equals(c.predictProba(x).data(), expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : bad) {
                assertThat(f.get()).isEqualTo(24);
            }
            for (java.util.concurrent.Future<Boolean> f : good) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientMapsStatusesToExceptions() {
        assertThatThrownBy(() -> RemoteClassifier.connect(server.uri(), "pk_wrong_key_0000000000000000", RemoteOptions.defaults()))
                .isInstanceOf(RemoteClassifierException.Unauthorized.class)
                .hasMessageContaining("401: unknown API key");
        RemoteClassifier remote = RemoteClassifier.connect(server.uri(), KEY, RemoteOptions.defaults());
        assertThatThrownBy(() -> remote.predictProba(Tensor.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[n, 8]");
        assertThatThrownBy(() -> RemoteClassifier.connect(URI.create("http://127.0.0.1:1/"), KEY,
                RemoteOptions.defaults())).isInstanceOf(RemoteClassifierException.Unreachable.class)
                .hasMessageContaining("cannot connect");
        assertThatThrownBy(() -> RemoteClassifier.connect(URI.create("ftp://x/"), KEY, RemoteOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void budgetIsSpentPerInstanceAndThenRefused() {
        RemoteClassifier bob = RemoteClassifier.connect(server.uri(), OTHER, RemoteOptions.defaults());
        bob.predict(data(20, 4));
        assertThat(server.used("bob")).isEqualTo(20);
        assertThatThrownBy(() -> bob.predict(data(10, 5)))
                .isInstanceOf(RemoteClassifierException.BudgetExhausted.class)
                .hasMessageContaining("query budget exhausted for key 'bob': 20 of 25 instances used; this batch needs 10");
        // a refused batch costs nothing
        assertThat(server.used("bob")).isEqualTo(20);
        bob.predict(data(5, 6));
        assertThat(server.used("bob")).isEqualTo(25);
    }

    @Test
    void queryLogHasOneLinePerRequestAndNoSecrets() throws Exception {
        RemoteClassifier remote = RemoteClassifier.connect(server.uri(), KEY, RemoteOptions.defaults());
        remote.predict(data(3, 9));
        post("{\"instances\": [[1]]}", KEY);
        server.close();
        try {
            List<String> lines = Files.readAllLines(dir.resolve("log/queries.jsonl"), StandardCharsets.UTF_8);
            assertThat(lines).isNotEmpty();
            ObjectMapper om = new ObjectMapper();
            boolean sawOk = false;
            boolean sawBad = false;
            for (String l : lines) {
                assertThat(l).doesNotContain(KEY).doesNotContain(OTHER);
                JsonNode j = om.readTree(l);
                assertThat(j.has("time") && j.has("status") && j.has("micros") && j.has("remote")).isTrue();
                sawOk |= j.get("status").asInt() == 200 && "alice".equals(j.get("key").asText())
                        && j.get("instances").asInt() == 3;
                sawBad |= j.get("status").asInt() == 400 && j.get("error").asText().contains("features");
            }
            assertThat(sawOk).isTrue();
            assertThat(sawBad).isTrue();
        } finally {
            start();
        }
    }

    @Test
    void rateLimitAnswers429AndTheClientRetries() throws Exception {
        // "slow" refills 10 tokens in 20 s, so its second batch is refused however slow this machine is;
        // "fast" refills in 0.5 s, so a retry after Retry-After (1 s) always succeeds
        ApiKeys keys = ApiKeys.of(List.of(
                new ApiKeys.Entry("slow", ApiKeys.sha256(KEY), new KeyPolicy(KeyPolicy.UNLIMITED, 0.5, 10)),
                new ApiKeys.Entry("fast", ApiKeys.sha256(OTHER), new KeyPolicy(KeyPolicy.UNLIMITED, 20, 10))));
        try (PredictionServer s = PredictionServer.start(model, ServeConfig.builder().port(0).keys(keys).build())) {
            RemoteClassifier noRetry = RemoteClassifier.connect(s.uri(), KEY, RemoteOptions.defaults()
                    .withBatchSize(10).withRateLimitRetries(0));
            noRetry.predict(data(10, 1));
            assertThatThrownBy(() -> noRetry.predict(data(10, 2)))
                    .isInstanceOf(RemoteClassifierException.RateLimited.class)
                    .hasMessageContaining("rate limit of 0.5 instances/s exceeded for key 'slow'")
                    .satisfies(e -> assertThat(((RemoteClassifierException.RateLimited) e).retryAfterSeconds())
                            .isBetween(1L, 20L));
            RemoteClassifier patient = RemoteClassifier.connect(s.uri(), OTHER, RemoteOptions.defaults().withBatchSize(10));
            assertThat(patient.predict(data(10, 3))).hasSize(10);
            assertThat(patient.predict(data(10, 4))).hasSize(10);
            // a batch larger than the burst can never pass: 413, not 429
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.uri().resolve("v1/predict"))
                    .header("X-API-Key", OTHER)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + "[0,0,0,0,0,0,0,0],".repeat(10)
                            + "[0,0,0,0,0,0,0,0]]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("burst limit of 10");
        }
    }

    @Test
    void tokenBucketAndBudgetOnAnExplicitClock() {
        KeyState k = new KeyState(new ApiKeys.Entry("k", ApiKeys.sha256(KEY), new KeyPolicy(100, 10, 20)), null, 0);
        assertThat(k.admit(20, 0)).isEqualTo(KeyState.Admission.OK);
        assertThat(k.admit(1, 0)).isEqualTo(KeyState.Admission.RATE);
        assertThat(k.retryAfterSeconds(15, 0)).isEqualTo(2);
        // 1 s later: 10 tokens back
        assertThat(k.admit(11, 1_000_000_000L)).isEqualTo(KeyState.Admission.RATE);
        assertThat(k.admit(10, 1_000_000_000L)).isEqualTo(KeyState.Admission.OK);
        // the bucket never holds more than the burst
        assertThat(k.admit(20, 100_000_000_000L)).isEqualTo(KeyState.Admission.OK);
        assertThat(k.admit(1, 100_000_000_000L)).isEqualTo(KeyState.Admission.RATE);
        assertThat(k.used()).isEqualTo(50);
        assertThat(k.admit(20, 200_000_000_000L)).isEqualTo(KeyState.Admission.OK);
        assertThat(k.admit(20, 300_000_000_000L)).isEqualTo(KeyState.Admission.OK);
        assertThat(k.admit(20, 400_000_000_000L)).isEqualTo(KeyState.Admission.BUDGET);
        assertThat(k.used()).isEqualTo(90);
    }

    @Test
    void defencesReachTheClient() throws Exception {
        ApiKeys keys = ApiKeys.single("k", KEY, KeyPolicy.defaults());
        Tensor x = data(20, 7);
        float[] exact = model.predictProba(x).data();
        int[] labels = model.predict(x);
        try (PredictionServer s = PredictionServer.start(model, ServeConfig.builder().port(0).keys(keys)
                .defence(OutputDefence.builder().labelOnly().build()).build())) {
            RemoteClassifier r = RemoteClassifier.connect(s.uri(), KEY, RemoteOptions.defaults());
            assertThat(r.release()).isEqualTo(RemoteClassifier.Release.LABEL);
            assertThat(r.predict(x)).containsExactly(labels);
            assertThatThrownBy(() -> r.predictProba(x)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("labels only");
            RemoteClassifier oneHot = RemoteClassifier.connect(s.uri(), KEY, RemoteOptions.defaults().withOneHotLabels(true));
            float[] p = oneHot.predictProba(x).data();
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < CLASSES; j++) {
                    assertThat(p[i * CLASSES + j]).isEqualTo(j == labels[i] ? 1f : 0f);
                }
            }
        }
        try (PredictionServer s = PredictionServer.start(model, ServeConfig.builder().port(0).keys(keys)
                .defence(OutputDefence.builder().topK(2).round(2).build()).build())) {
            RemoteClassifier r = RemoteClassifier.connect(s.uri(), KEY, RemoteOptions.defaults());
            float[] p = r.predictProba(x).data();
            for (int i = 0; i < 20; i++) {
                double sum = 0;
                float top = 0;
                for (int j = 0; j < CLASSES; j++) {
                    sum += p[i * CLASSES + j];
                    top = Math.max(top, exact[i * CLASSES + j]);
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
                // the top class's probability was rounded to 2 decimals (then renormalised: within 0.02)
                assertThat((double) p[i * CLASSES + labels[i]]).isCloseTo(top, within(0.02));
            }
            HttpResponse<String> raw = http.send(HttpRequest.newBuilder(s.uri().resolve("v1/predict"))
                    .header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[0,0,0,0,0,0,0,0]]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode j = new ObjectMapper().readTree(raw.body());
            assertThat(j.get("topClasses").get(0)).hasSize(2);
            for (JsonNode v : j.get("topProbabilities").get(0)) {
                assertThat(v.asText()).matches("[01](\\.\\d{1,2})?");
            }
            assertThat(j.has("probabilities")).isFalse();
        }
    }

    @Test
    void monitorFlagsAnExtractionClientAndBlocksIt() throws Exception {
        ApiKeys keys = ApiKeys.of(List.of(new ApiKeys.Entry("thief", ApiKeys.sha256(KEY), KeyPolicy.defaults()),
                new ApiKeys.Entry("user", ApiKeys.sha256(OTHER), KeyPolicy.defaults())));
        try (PredictionServer s = PredictionServer.start(model, ServeConfig.builder().port(0).keys(keys)
                .monitor(new PradaMonitor.Config(0.9, 50, 1000, 5000)).blockFlagged(true).build())) {
            RemoteClassifier thief = RemoteClassifier.connect(s.uri(), KEY, RemoteOptions.defaults());
            RemoteClassifier user = RemoteClassifier.connect(s.uri(), OTHER, RemoteOptions.defaults());
            // the user sends natural (Gaussian) queries; the thief perturbs its earlier queries at a fixed step
            for (int b = 0; b < 5; b++) {
                user.predict(data(40, 100 + b));
            }
            Tensor pool = data(8, 50);
            thief.predict(pool);
            java.util.Random r = new java.util.Random(3);
            int answered = 0;
            try {
                for (int round = 0; round < 4; round++) {
                    float[] d = pool.data().clone();
                    for (int i = 0; i < d.length; i++) {
                        d[i] += r.nextBoolean() ? 0.1f : -0.1f;
                    }
                    Tensor next = Tensor.wrap(d, pool.dim(0), DIM);
                    thief.predict(next);
                    answered++;
                    pool = Tensor.concat(pool, next);
                }
            } catch (RemoteClassifierException.Forbidden blocked) {
                // expected once the monitor has seen enough
            }
            assertThat(answered).as("blocked before the last round").isLessThan(4);
            assertThat(s.monitorStatus("thief").flagged()).isTrue();
            assertThat(s.monitorStatus("user").flagged()).isFalse();
            assertThatThrownBy(() -> thief.predict(data(1, 1)))
                    .isInstanceOf(RemoteClassifierException.Forbidden.class)
                    .hasMessageContaining("model extraction attack");
            assertThat(user.predict(data(3, 9))).hasSize(3);
        }
    }

    @Test
    void provenanceIsPublishedOnlyWhenTheDeploymentSaysSo() throws Exception {
        org.privet.core.model.io.Provenance prov = org.privet.core.model.io.Provenance.of("test").withSeed(42)
                .withDatasetHash("abc123");
        ApiKeys keys = ApiKeys.single("k", KEY, KeyPolicy.defaults());
        try (PredictionServer s = PredictionServer.start(model, ServeConfig.builder().port(0).keys(keys).build(), prov)) {
            RemoteClassifier r = RemoteClassifier.connect(s.uri(), KEY, RemoteOptions.defaults());
            assertThat(r.trainingSeed()).isEmpty();
            assertThat(r.datasetHash()).isEmpty();
        }
        try (PredictionServer s = PredictionServer.start(model, ServeConfig.builder().port(0).keys(keys)
                .publishProvenance(true).build(), prov)) {
            RemoteClassifier r = RemoteClassifier.connect(s.uri(), KEY, RemoteOptions.defaults());
            assertThat(r.trainingSeed()).hasValue(42);
            assertThat(r.datasetHash()).hasValue("abc123");
        }
    }

    @Test
    void timeoutsAreReportedAsSuch() {
        // a server that never answers: a bound socket whose connections are never accepted
        assertThatThrownBy(() -> {
            try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                RemoteClassifier.connect(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), KEY,
                        RemoteOptions.defaults().withRequestTimeout(Duration.ofMillis(300)));
            }
        }).isInstanceOf(RemoteClassifierException.Timeout.class).hasMessageContaining("no answer");
    }
}

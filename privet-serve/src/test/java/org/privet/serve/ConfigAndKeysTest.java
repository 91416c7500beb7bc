package org.privet.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.serve.defence.OutputDefence;

class ConfigAndKeysTest {
    @TempDir
    Path dir;

    @Test
    void keysAreStoredHashedAndFoundByTheirKey() {
        String key = ApiKeys.generate(new SecureRandom());
        assertThat(key).startsWith("pk_").hasSize(46);
        ApiKeys keys = ApiKeys.single("alice", key, KeyPolicy.defaults());
        assertThat(keys.find(key).id()).isEqualTo("alice");
        assertThat(keys.find(key + "x")).isNull();
        assertThat(keys.find(null)).isNull();
        assertThat(keys.entries().get(0).toString()).doesNotContain(key).doesNotContain(ApiKeys.sha256Hex(key));
        assertThatThrownBy(() -> ApiKeys.single("a", "short", KeyPolicy.defaults()))
                .hasMessageContaining("at least 16 characters");
    }

    @Test
    void keysFileErrorsNameFileEntryAndField() throws Exception {
        Path f = dir.resolve("keys.json");
        Files.writeString(f, "{\"keys\": [{\"id\": \"a\", \"sha256\": \"" + ApiKeys.sha256Hex("k".repeat(20))
                + "\", \"budget\": 10}, {\"id\": \"b\", \"sha256\": \"abc\"}]}");
        assertThatThrownBy(() -> ApiKeys.read(f, KeyPolicy.defaults()))
                .hasMessage("keys file " + f + ", entry 1 (b), field 'sha256': must be 64 lower-case hex digits");
        Files.writeString(f, "{\"keys\": [{\"id\": \"a\", \"key\": \"plaintext\", \"sha256\": \""
                + ApiKeys.sha256Hex("k".repeat(20)) + "\"}]}");
        assertThatThrownBy(() -> ApiKeys.read(f, KeyPolicy.defaults())).hasMessageContaining("plaintext 'key' field is not allowed");
        Files.writeString(f, "{\"keys\": [{\"id\": \"a\", \"sha256\": \"" + ApiKeys.sha256Hex("k".repeat(20))
                + "\", \"ratePerSecond\": -1}]}");
        assertThatThrownBy(() -> ApiKeys.read(f, KeyPolicy.defaults()))
                .hasMessageContaining("entry 0: ratePerSecond must be > 0 and finite. Provided value: -1.0");
        Files.writeString(f, "{\"keys\": [");
        assertThatThrownBy(() -> ApiKeys.read(f, KeyPolicy.defaults())).hasMessageContaining("not valid JSON");
        Files.writeString(f, "{\"keys\": [{\"id\": \"a\", \"sha256\": \"" + ApiKeys.sha256Hex("k".repeat(20))
                + "\", \"budget\": 10}]}");
        ApiKeys ok = ApiKeys.read(f, KeyPolicy.defaults());
        assertThat(ok.find("k".repeat(20)).policy().budget()).isEqualTo(10);
        assertThat(ok.find("k".repeat(20)).policy().ratePerSecond()).isEqualTo(KeyPolicy.defaults().ratePerSecond());
    }

    @Test
    void deploymentFileIsReadAndEveryMistakeReported() throws Exception {
        Files.writeString(dir.resolve("keys.json"), "{\"keys\": [{\"id\": \"a\", \"sha256\": \""
                + ApiKeys.sha256Hex("k".repeat(20)) + "\"}]}");
        Path d = dir.resolve("deploy.json");
        Files.writeString(d, """
                {"model": "m.pmf", "port": 0, "keysFile": "keys.json",
                 "defences": {"reverseSigmoid": {"beta": 0.5, "gamma": 0.2}, "noise": {"mechanism": "laplace", "epsilon": 2},
                              "round": 3, "topK": 2},
                 "defaultPolicy": {"budget": 1000, "ratePerSecond": 5, "burst": 50},
                 "limits": {"maxBodyBytes": 4096, "maxBatch": 16},
                 "queryLog": "q.jsonl",
                 "monitor": {"delta": 0.85, "minQueries": 50, "block": true}}
                """);
        ServeConfig c = ServeConfig.read(d, null);
        assertThat(c.model()).isEqualTo(dir.resolve("m.pmf").toAbsolutePath());
        assertThat(c.defence().describe())
                .isEqualTo("reverse-sigmoid(beta=0.5, gamma=0.2), laplace(epsilon=2.0 per query), round(3 decimals), top-2");
        assertThat(c.keys().entries().get(0).policy()).isEqualTo(new KeyPolicy(1000, 5, 50));
        assertThat(c.maxBatch()).isEqualTo(16);
        assertThat(c.maxBodyBytes()).isEqualTo(4096);
        assertThat(c.queryLog()).isEqualTo(dir.resolve("q.jsonl").toAbsolutePath());
        assertThat(c.monitor().delta()).isEqualTo(0.85);
        assertThat(c.blockFlagged()).isTrue();

        Files.writeString(d, """
                {"port": 70000, "defences": {"rounding": 2, "noise": {"mechanism": "cauchy"}}}
                """);
        assertThatThrownBy(() -> ServeConfig.read(d, null))
                .hasMessageContaining("unknown field 'defences.rounding'")
                .hasMessageContaining("mechanism must be 'laplace' or 'gaussian'. Provided value: cauchy")
                .hasMessageContaining("port must be in [0, 65535]. Provided value: 70000")
                .hasMessageContaining("at least one API key is required");
    }

    @Test
    void builderRefusesAnInconsistentDeployment() {
        assertThatThrownBy(() -> ServeConfig.builder().keys(ApiKeys.single("a", "k".repeat(20), KeyPolicy.defaults()))
                .blockFlagged(true).maxBatch(0).defence(OutputDefence.none()).build())
                .hasMessageContaining("maxBatch must be >= 1. Provided value: 0")
                .hasMessageContaining("blocking flagged keys needs the extraction monitor on");
    }
}

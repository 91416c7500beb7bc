package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code privet he bench}: a table or JSON with every operation, and usage errors with exit code 2. */
class HeCommandTest {
    @Test
    void benchPrintsEveryOperationAsJson() throws Exception {
        CliTest.Run r = CliTest.run("he", "bench", "--logn", "13", "--reps", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("threads").asInt()).isEqualTo(1);
        JsonNode timings = root.get("timings");
        assertThat(timings).hasSize(8);
        java.util.List<String> ops = new java.util.ArrayList<>();
        for (JsonNode t : timings) {
            ops.add(t.get("operation").asText());
            assertThat(t.get("scheme").asText()).isEqualTo("ckks");
            assertThat(t.get("parameters").asText()).startsWith("N13");
            assertThat(t.get("medianMs").asDouble()).isPositive();
        }
        assertThat(ops).contains("encode+encrypt", "multiply+relinearize", "rescale", "rotate", "decrypt", "decode");
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliTest.Run r = CliTest.run("he", "bench", "--logn", "12");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--logn must be among").contains("12");
        CliTest.Run s = CliTest.run("he", "bench", "--scheme", "rsa");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("unknown scheme 'rsa'").contains("ckks");
        CliTest.Run h = CliTest.run("he", "bench", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("Usage:").contains("--logn");
    }

    @Test
    void paillierSectionTimesEveryOperation() throws Exception {
        CliTest.Run r = CliTest.run("he", "bench", "--scheme", "paillier", "--paillier-bits", "2048", "--reps", "1",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode timings = new ObjectMapper().readTree(r.out()).get("timings");
        java.util.List<String> ops = new java.util.ArrayList<>();
        timings.forEach(t -> {
            assertThat(t.get("scheme").asText()).isEqualTo("paillier");
            assertThat(t.get("medianMs").asDouble()).isPositive();
            ops.add(t.get("operation").asText());
        });
        assertThat(ops).contains("keygen", "encrypt (public key)", "encrypt (private key, CRT)", "decrypt (CRT)",
                "add", "multiply by a 63-bit plaintext");
        CliTest.Run small = CliTest.run("he", "bench", "--scheme", "paillier", "--paillier-bits", "1024");
        assertThat(small.code()).isEqualTo(2);
        assertThat(small.err()).contains("--paillier-bits must be >= 2048");
    }
}

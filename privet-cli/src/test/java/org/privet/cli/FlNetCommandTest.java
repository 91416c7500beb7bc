package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.mpc.net.TlsKeys;

/** {@code privet fl server} and {@code privet fl client}: one server and three clients in this JVM over TLS. */
class FlNetCommandTest {
    @TempDir
    Path dir;

    @Test
    void serverAndThreeClientsReachTheSimulationsAccuracy() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TlsKeys.generate(4, dir.resolve("keys"), "127.0.0.1", port, Duration.ofDays(1), 10_000);
        Path cfg = dir.resolve("fl.json");
        Files.writeString(cfg, """
                {"parties": "keys/parties.json", "data": "images", "records": 600, "rounds": 2,
                 "clientsPerRound": 3, "minUpdates": 2, "localEpochs": 1, "batchSize": 10, "lr": 0.3,
                 "hidden": [16], "seed": 4, "roundTimeoutMs": 60000, "joinTimeoutMs": 60000}
                """);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> clients = new ArrayList<>();
        List<ByteArrayOutputStream> outs = new ArrayList<>();
        try {
            for (int k = 0; k < 3; k++) {
                String id = String.valueOf(k);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                outs.add(o);
                PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                clients.add(pool.submit(() -> Main.run(new String[] {"fl", "client", "--id", id, "--config",
                        cfg.toString(), "-q", "--json"}, po, po)));
            }
            CliTest.Run server = CliTest.run("fl", "server", "--config", cfg.toString(), "--json", "-q", "--out",
                    dir.resolve("net").toString());
            assertThat(server.code()).as(server.err()).isZero();
            for (int k = 0; k < 3; k++) {
                // each client's exit code; its own printout is not checked here: three commands share this JVM's
                // picocli and System streams (in real use each client is its own process)
                assertThat(clients.get(k).get(60, TimeUnit.SECONDS)).as(outs.get(k).toString()).isZero();
            }
            JsonNode net = new ObjectMapper().readTree(server.out());
            assertThat(net.get("rounds")).hasSize(2);
            for (JsonNode round : net.get("rounds")) {
                assertThat(round.get("accepted").asInt()).isEqualTo(3); // every client trained in every round
            }
            assertThat(net.get("rejected").asInt()).isZero();
            CliTest.Run sim = CliTest.run("fl", "simulate", "--data", "images", "--records", "600", "--clients", "3",
                    "--clients-per-round", "3", "--rounds", "2", "--local-epochs", "1", "--batch-size", "10", "--hidden",
                    "16", "--seed", "4", "--json", "-q", "--out", dir.resolve("sim").toString());
            assertThat(sim.code()).as(sim.err()).isZero();
            // same seed, same settings, no one dropped: the same model, so the same accuracy
            assertThat(net.get("cleanAccuracy").asDouble())
                    .isEqualTo(new ObjectMapper().readTree(sim.out()).get("cleanAccuracy").asDouble());
            assertThat(Files.readString(dir.resolve("net/index.html"))).contains("Networked federated learning");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badConfigFilesExitTwoNamingTheFileAndField() throws Exception {
        Path cfg = dir.resolve("fl.json");
        Files.writeString(cfg, "{\"parties\": \"p.json\", \"rouds\": 3}");
        CliTest.Run r = CliTest.run("fl", "server", "--config", cfg.toString(), "-q");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("fl.json: unknown field 'rouds'");
        Files.writeString(cfg, "{\"parties\": \"p.json\", \"rounds\": \"three\"}");
        assertThat(CliTest.run("fl", "client", "--id", "0", "--config", cfg.toString(), "-q").err())
                .contains("fl.json: field 'rounds' must be an integer");
        Files.writeString(cfg, "{\"parties\": \"p.json\", \"distributedDp\": true}");
        assertThat(CliTest.run("fl", "server", "--config", cfg.toString(), "-q").err())
                .contains("'distributedDp' needs the field 'noiseMultiplier'");
        Files.writeString(cfg, "{\"rounds\": 3}");
        assertThat(CliTest.run("fl", "server", "--config", cfg.toString(), "-q").err())
                .contains("field 'parties' is required");
        Files.writeString(cfg, "{\"parties\": \"missing.json\"}");
        CliTest.Run m = CliTest.run("fl", "server", "--config", cfg.toString(), "-q");
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("missing.json");
    }
}

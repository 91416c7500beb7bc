package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.mpc.net.PartiesConfig;

/** {@code privet mpc}: keys, then a secure-aggregation round between a server and clients over TLS. */
class MpcCommandTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** One command run with its own output streams (runs in parallel, unlike CliTest.run). */
    private static CliTest.Run runOwn(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliTest.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Rewrites parties.json with free loopback ports. */
    private Path onFreePorts(Path keysDir) throws Exception {
        Path json = keysDir.resolve("parties.json");
        PartiesConfig c = PartiesConfig.load(json);
        List<PartiesConfig.Party> ps = new ArrayList<>();
        for (PartiesConfig.Party p : c.parties()) {
            try (ServerSocket s = new ServerSocket(0)) {
                ps.add(new PartiesConfig.Party(p.id(), p.host(), s.getLocalPort(), p.certificate(), p.key()));
            }
        }
        Path free = keysDir.resolve("parties-free.json");
        Files.writeString(free, new PartiesConfig(ps, c.timeoutMillis()).toJson(keysDir));
        return free;
    }

    @Test
    void keysThenAServerAndThreeClientsSumRealVectors() throws Exception {
        Path keys = dir.resolve("run1");
        CliTest.Run k = runOwn("mpc", "keys", "--parties", "4", "--out", keys.toString(), "--timeout-ms", "20000");
        assertThat(k.code()).as(k.err()).isZero();
        assertThat(k.out()).contains("wrote keys and certificates of 4 parties");
        assertThat(keys.resolve("party-3.key")).exists();
        Path cfg = onFreePorts(keys);
        Path out = dir.resolve("sum.txt");
        Future<CliTest.Run> server = pool.submit(() -> runOwn("mpc", "secagg-server", "--config", cfg.toString(),
                "--dimension", "3", "--out", out.toString(), "--json", "--phase-ms", "10000"));
        List<Future<CliTest.Run>> clients = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            Path in = dir.resolve("u" + id + ".txt");
            Files.writeString(in, id + ", -0.5\n" + (id * 0.25) + "\n");
            String[] args = {"mpc", "secagg-client", "--config", cfg.toString(), "--id", Integer.toString(id),
                "--input", in.toString()};
            clients.add(pool.submit(() -> runOwn(args)));
        }
        for (Future<CliTest.Run> f : clients) {
            CliTest.Run r = f.get();
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("the server summed 3 clients' vectors");
        }
        CliTest.Run s = server.get();
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("6.0", "-1.5", "1.5");
        assertThat(s.out()).contains("\"included\" : [ 1, 2, 3 ]").contains("\"rounds\" : 4");
    }

    @Test
    void secAggPlusServerAndFourClientsSumOverTls() throws Exception {
        Path keys = dir.resolve("plus");
        assertThat(runOwn("mpc", "keys", "--parties", "5", "--out", keys.toString(), "--timeout-ms", "20000").code())
                .isZero();
        Path cfg = onFreePorts(keys);
        Path out = dir.resolve("plus-sum.txt");
        Future<CliTest.Run> server = pool.submit(() -> runOwn("mpc", "secagg-server", "--config", cfg.toString(),
                "--dimension", "2", "--out", out.toString(), "--json", "--phase-ms", "10000", "--secagg-plus"));
        List<Future<CliTest.Run>> clients = new ArrayList<>();
        for (int id = 1; id <= 4; id++) {
            Path in = dir.resolve("p" + id + ".txt");
            Files.writeString(in, id + " 0.5\n");
            String[] args = {"mpc", "secagg-client", "--config", cfg.toString(), "--id", Integer.toString(id),
                "--input", in.toString(), "--secagg-plus"};
            clients.add(pool.submit(() -> runOwn(args)));
        }
        for (Future<CliTest.Run> f : clients) {
            CliTest.Run r = f.get();
            assertThat(r.code()).as(r.err()).isZero();
        }
        CliTest.Run s = server.get();
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("10.0", "2.0");
        // 4 clients, at most 0 corrupt and 0 dropping by the default fractions: a 2-regular graph, threshold 2
        assertThat(s.out()).contains("\"degree\" : 2").contains("\"threshold\" : 2");
        CliTest.Run both = runOwn("mpc", "secagg-server", "--config", cfg.toString(), "--dimension", "2",
                "--secagg-plus", "--threshold", "3");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--threshold cannot be combined with --secagg-plus");
    }

    @Test
    void usageAndInputErrorsExitWithClearMessages() throws Exception {
        CliTest.Run few = runOwn("mpc", "keys", "--parties", "1", "--out", dir.resolve("k").toString());
        assertThat(few.code()).isEqualTo(2);
        assertThat(few.err()).contains("--parties must be >= 2. Provided value: 1");
        Path keys = dir.resolve("k2");
        assertThat(runOwn("mpc", "keys", "--parties", "3", "--out", keys.toString()).code()).isZero();
        CliTest.Run again = runOwn("mpc", "keys", "--parties", "3", "--out", keys.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        Path cfg = keys.resolve("parties.json");
        CliTest.Run badT = runOwn("mpc", "secagg-server", "--config", cfg.toString(), "--dimension", "3",
                "--threshold", "1");
        assertThat(badT.code()).isEqualTo(2);
        assertThat(badT.err()).contains("--threshold must be in (clients/2, clients]");
        Path in = dir.resolve("bad.txt");
        Files.writeString(in, "1, 2, x\n");
        CliTest.Run badIn = runOwn("mpc", "secagg-client", "--config", cfg.toString(), "--id", "1", "--input",
                in.toString());
        assertThat(badIn.code()).isEqualTo(1);
        assertThat(badIn.err()).contains(in + ": value 3 'x' is not a number");
        CliTest.Run badId = runOwn("mpc", "secagg-client", "--config", cfg.toString(), "--id", "0", "--input",
                in.toString());
        assertThat(badId.code()).isEqualTo(2);
        assertThat(badId.err()).contains("--id must be in 1..2");
    }

    @Test
    void aServerWithTooFewClientsFailsAndSaysItLearnedNothing() throws Exception {
        Path keys = dir.resolve("k3");
        assertThat(runOwn("mpc", "keys", "--parties", "3", "--out", keys.toString()).code()).isZero();
        Path cfg = onFreePorts(keys);
        CliTest.Run s = runOwn("mpc", "secagg-server", "--config", cfg.toString(), "--dimension", "2",
                "--timeout-ms", "300");
        assertThat(s.code()).isEqualTo(1);
        assertThat(s.err()).contains("did not connect");
        assertThat(s.err()).doesNotContain("\tat ");
    }
}

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
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.io.Models;
import org.privet.core.tensor.Tensor;
import org.privet.mpc.net.PartiesConfig;

/**
 * {@code privet mpc party}: a private inference between separate parties over TLS, with a dealer (3 parties)
 * and without (2 parties, oblivious-transfer triples); the data owner's labels equal the model's own.
 */
class MpcPartyCommandTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static CliTest.Run runOwn(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliTest.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path keys(int parties, String name) throws Exception {
        Path keys = dir.resolve(name);
        CliTest.Run k = runOwn("mpc", "keys", "--parties", Integer.toString(parties), "--out", keys.toString(),
                "--timeout-ms", "60000");
        assertThat(k.code()).as(k.err()).isZero();
        PartiesConfig c = PartiesConfig.load(keys.resolve("parties.json"));
        List<PartiesConfig.Party> ps = new ArrayList<>();
        for (PartiesConfig.Party p : c.parties()) {
            try (ServerSocket s = new ServerSocket(0)) {
                ps.add(new PartiesConfig.Party(p.id(), p.host(), s.getLocalPort(), p.certificate(), p.key()));
            }
        }
        Path free = keys.resolve("parties-free.json");
        Files.writeString(free, new PartiesConfig(ps, c.timeoutMillis()).toJson(keys));
        return free;
    }

    /** A 3-class logistic regression on 4 features, saved as a model file; returns its labels on the rows. */
    private int[] modelAndRows(Path model, Path rows) throws Exception {
        float[] w = {1f, -1f, 0.5f, -0.5f, 2f, 0f, 0f, 1f, -1f, 0.3f, 0.2f, 0.1f};
        LogisticRegression lr = new LogisticRegression(Tensor.wrap(w, 4, 3), Tensor.wrap(new float[] {0f, 0.1f, -0.1f}, 3));
        Models.save(lr, model, org.privet.core.model.io.Provenance.of("MpcPartyCommandTest"));
        float[][] x = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 2}, {-1, 2, 0.5f, 0}, {0.3f, -0.2f, 1, -1}};
        StringBuilder sb = new StringBuilder();
        for (float[] r : x) {
            sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append('\n');
        }
        Files.writeString(rows, sb.toString());
        return lr.predict(Tensor.of(x));
    }

    private void infer(int parties) throws Exception {
        Path cfg = keys(parties, "k" + parties);
        Path model = dir.resolve("m" + parties + ".pmf");
        Path rows = dir.resolve("rows" + parties + ".csv");
        int[] expected = modelAndRows(model, rows);
        Path out = dir.resolve("pred" + parties + ".csv");
        Future<CliTest.Run> owner = pool.submit(() -> runOwn("mpc", "party", "--id", "0", "--config", cfg.toString(),
                "--model", model.toString(), "--output", "label", "--json"));
        Future<CliTest.Run> dealer = parties == 3 ? pool.submit(() -> runOwn("mpc", "party", "--id", "2", "--config",
                cfg.toString())) : null;
        CliTest.Run data = runOwn("mpc", "party", "--id", "1", "--config", cfg.toString(), "--input", rows.toString(),
                "--out", out.toString(), "--json");
        assertThat(data.code()).as(data.err()).isZero();
        CliTest.Run o = owner.get();
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("\"role\" : \"model owner\"").contains("bytesSent");
        if (dealer != null) {
            CliTest.Run d = dealer.get();
            assertThat(d.code()).as(d.err()).isZero();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("row,label");
        for (int r = 0; r < expected.length; r++) {
            assertThat(lines.get(r + 1)).isEqualTo(r + "," + expected[r]);
        }
    }

    @Test
    void privateInferenceWithATrustedDealer() throws Exception {
        infer(3);
    }

    @Test
    void privateInferenceWithObliviousTransferTriples() throws Exception {
        infer(2);
    }

    @Test
    void rolesAreChecked() throws Exception {
        Path cfg = keys(2, "roles");
        CliTest.Run r = runOwn("mpc", "party", "--id", "1", "--config", cfg.toString(), "--model", "x.pmf");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("data owner");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2\n3,x\n");
        CliTest.Run b = runOwn("mpc", "party", "--id", "1", "--config", cfg.toString(), "--input", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("bad.csv:2: column 2 is not a number");
    }
}

package org.privet.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.mpc.net.PartiesConfig;
import org.privet.mpc.net.TlsKeys;
import org.privet.mpc.net.TlsNetwork;
import org.privet.mpc.net.TrafficCounters;
import org.privet.mpc.secagg.FixedPointCodec;
import org.privet.mpc.secagg.SecAggConfig;
import org.privet.mpc.secagg.SecAggPlusParameters;
import org.privet.mpc.secagg.SecAggNetwork;
import org.privet.mpc.secagg.SecAggResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code privet mpc}: parties over TLS, and secure aggregation between processes. */
@Command(name = "mpc", mixinStandardHelpOptions = true,
        description = "Secure multi-party computation between processes: keys for the parties, private inference, "
                + "secure aggregation.",
        subcommands = {MpcCommand.KeysCommand.class, MpcCommand.SecAggServerCommand.class,
            MpcCommand.SecAggClientCommand.class, MpcPartyCommand.class})
final class MpcCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code privet mpc keys}: a key, a self-signed certificate per party and parties.json. */
    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = {"Writes, for each party, an ECDSA P-256 private key (party-<id>.key, PKCS#8 PEM, owner-only)"
                    + " and a self-signed certificate (party-<id>.crt), plus parties.json listing id, host, port and"
                    + " certificate of every party. Parties pin each other's certificates (TLS 1.3, mutual"
                    + " authentication). Give each party every .crt, parties.json and only its own .key."},
            footer = {"", "Example:", "  privet mpc keys --parties 4 --out run1 --host 127.0.0.1 --base-port 9000"})
    static final class KeysCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--parties", required = true, paramLabel = "N", description = "Number of parties (>= 2).")
        int parties;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write to (created; existing keys are never overwritten).")
        Path out;

        @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
                description = "Host of every party in parties.json (edit the file for several machines; default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--base-port", defaultValue = "9000", paramLabel = "PORT",
                description = "Party i listens on PORT + i (default: ${DEFAULT-VALUE}).")
        int basePort;

        @Option(names = "--days", defaultValue = "365", paramLabel = "DAYS", description = "Certificate validity (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--timeout-ms", defaultValue = "30000", paramLabel = "MS",
                description = "Connect and receive timeout written to parties.json (default: ${DEFAULT-VALUE}).")
        long timeoutMs;

        @Option(names = "--json", description = "Print what was written as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (days < 1) {
                throw new UsageException("--days must be >= 1. Provided value: " + days);
            }
            PartiesConfig cfg;
            try {
                cfg = TlsKeys.generate(parties, out, host, basePort, Duration.ofDays(days), timeoutMs);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().contains("already exists")) {
                    throw e;
                }
                throw new UsageException(flagWords(e.getMessage()));
            }
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("config", out.resolve("parties.json").toString());
                m.put("parties", cfg.size());
                List<Map<String, Object>> ps = new ArrayList<>();
                for (PartiesConfig.Party p : cfg.parties()) {
                    ps.add(Map.of("id", p.id(), "host", p.host(), "port", p.port(), "certificate",
                            p.certificate().toString(), "key", p.key().toString()));
                }
                m.put("files", ps);
                w.println(Json.write(m));
            } else {
                w.println("wrote keys and certificates of " + cfg.size() + " parties and " + out.resolve("parties.json"));
                w.println("give party i: parties.json, every party-*.crt, and only its own party-i.key");
            }
            return Main.OK;
        }
    }

    /** Options shared by the server and the clients: they must agree. */
    static final class RoundOptions {
        @Option(names = "--config", required = true, paramLabel = "parties.json",
                description = "Parties (server = party 0, clients = parties 1..n), from 'privet mpc keys'.")
        Path config;

        @Option(names = "--threshold", paramLabel = "T",
                description = "Shamir threshold, in (n/2, n] (default: floor(2n/3) + 1). Same on every party.")
        Integer threshold;

        @Option(names = "--bits", defaultValue = "32", paramLabel = "K",
                description = "Elements live in Z_2^K, K in [2, 64] (default: ${DEFAULT-VALUE}). Same on every party.")
        int bits;

        @Option(names = "--fraction-bits", defaultValue = "16", paramLabel = "F",
                description = "Fixed-point encoding: a value x is sent as round(x * 2^F) (default: ${DEFAULT-VALUE})."
                        + " Same on every party.")
        int fractionBits;

        @Option(names = "--integers", description = "Inputs are integers in [0, 2^K) summed mod 2^K, not fixed-point reals.")
        boolean integers;

        @Option(names = "--secagg-plus", description = "SecAgg+ (Bell et al. 2020): each client masks and shares only with"
                + " k neighbours on a random k-regular graph the server draws; k and the threshold are chosen for"
                + " --corrupt-fraction and --dropout-fraction (40-bit statistical security). Same on every party.")
        boolean secAggPlus;

        @Option(names = "--corrupt-fraction", defaultValue = "0.1", paramLabel = "G",
                description = "With --secagg-plus: fraction of clients that may collude with the server, in [0, 0.5)"
                        + " (default: ${DEFAULT-VALUE}). Same on every party.")
        double corruptFraction;

        @Option(names = "--dropout-fraction", defaultValue = "0.1", paramLabel = "D",
                description = "With --secagg-plus: fraction of clients that may drop out, in [0, 1) (default:"
                        + " ${DEFAULT-VALUE}). Same on every party.")
        double dropoutFraction;

        @Option(names = "--timeout-ms", paramLabel = "MS",
                description = "Connect timeout and per-round wait (default: timeoutMillis of parties.json).")
        Long timeoutMs;

        PartiesConfig parties() {
            PartiesConfig p = PartiesConfig.load(config);
            if (timeoutMs != null) {
                if (timeoutMs <= 0) {
                    throw new UsageException("--timeout-ms must be > 0. Provided value: " + timeoutMs);
                }
                p = p.withTimeoutMillis(timeoutMs);
            }
            return p;
        }

        SecAggConfig round(PartiesConfig p, int dimension) {
            int n = p.size() - 1;
            try {
                if (!integers) {
                    codec(n);
                }
                if (secAggPlus) {
                    if (threshold != null) {
                        throw new UsageException("--threshold cannot be combined with --secagg-plus: the threshold"
                                + " follows from --corrupt-fraction and --dropout-fraction");
                    }
                    try {
                        return SecAggConfig.secAggPlus(SecAggPlusParameters.choose(n, corruptFraction, dropoutFraction),
                                dimension, bits);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--secagg-plus: " + e.getMessage());
                    }
                }
                return threshold == null ? SecAggConfig.withDefaultThreshold(n, dimension, bits)
                        : new SecAggConfig(n, threshold, dimension, bits);
            } catch (IllegalArgumentException e) {
                throw new UsageException(flagWords(e.getMessage()));
            }
        }

        FixedPointCodec codec(int clients) {
            try {
                return new FixedPointCodec(bits, fractionBits, clients);
            } catch (IllegalArgumentException e) {
                throw new UsageException(flagWords(e.getMessage()));
            }
        }
    }

    /** {@code privet mpc secagg-server}. */
    @Command(name = "secagg-server", mixinStandardHelpOptions = true,
            description = {"Runs the server (party 0) of one secure-aggregation round (Bonawitz et al. 2017) and writes"
                    + " the sum of the clients' vectors. The server learns the sum and nothing else; clients may drop"
                    + " out at any round while at least --threshold remain."},
            footer = {"", "Example (one terminal per party):",
                "  privet mpc keys --parties 4 --out run1",
                "  privet mpc secagg-server --config run1/parties.json --dimension 3 --out sum.txt",
                "  privet mpc secagg-client --config run1/parties.json --id 1 --input u1.txt   # ids 1..3"})
    static final class SecAggServerCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RoundOptions round;

        @Option(names = "--dimension", required = true, paramLabel = "D", description = "Vector length (>= 1).")
        int dimension;

        @Option(names = "--phase-ms", paramLabel = "MS",
                description = "How long each round waits for late clients before dropping them (default: the timeout).")
        Long phaseMs;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the sum here, one value per line (default: stdout).")
        Path out;

        @Option(names = "--json", description = "Print the round's summary as JSON (needs --out).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (json && out == null) {
                throw new UsageException("--json needs --out FILE (stdout would carry both the sum and the JSON)");
            }
            PartiesConfig parties = round.parties();
            SecAggConfig cfg = round.round(parties, dimension);
            long phase = phaseMs == null ? parties.timeoutMillis() : phaseMs;
            if (phase <= 0) {
                throw new UsageException("--phase-ms must be > 0. Provided value: " + phase);
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("secagg-server: waiting for " + cfg.clients() + " clients on port " + parties.party(0).port()
                    + " (" + (cfg.completeGraph() ? "" : cfg.neighbourhood() + ", ") + "threshold " + cfg.threshold()
                    + ", " + cfg.bits() + "-bit elements, dimension " + dimension + ")");
            long t0 = System.nanoTime();
            SecAggResult r;
            TrafficCounters traffic;
            try (TlsNetwork net = TlsNetwork.connectAvailable(parties, 0)) {
                traffic = net.counters();
                r = SecAggNetwork.runServer(net, cfg, phase);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> values = new ArrayList<>(dimension);
            if (round.integers) {
                for (long v : r.sum()) {
                    values.add(Long.toUnsignedString(v));
                }
            } else {
                for (double v : round.codec(cfg.clients()).decodeSum(r.sum())) {
                    values.add(Double.toString(v));
                }
            }
            if (out == null) {
                PrintWriter w = spec.commandLine().getOut();
                values.forEach(w::println);
                w.flush();
            } else {
                writeLines(out, values);
            }
            PrintWriter info = json ? spec.commandLine().getOut() : err;
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("output", out.toString());
                m.put("included", r.included());
                m.put("excluded", r.excluded());
                m.put("survivorsPerRound", r.survivors());
                m.put("threshold", cfg.threshold());
                m.put("degree", cfg.degree());
                m.put("bits", cfg.bits());
                m.put("bytesReceived", traffic.bytesReceived());
                m.put("bytesSent", traffic.bytesSent());
                m.put("rounds", traffic.rounds());
                m.put("seconds", seconds);
                info.println(Json.write(m));
            } else {
                info.println("sum of " + r.included().length + " of " + cfg.clients() + " clients " + Arrays.toString(r.included())
                        + (out == null ? "" : " written to " + out));
                r.excluded().forEach((id, why) -> info.println("  client " + id + " not included: " + why));
                info.println(String.format(Locale.ROOT, "traffic: %s; %.2f s", traffic, seconds));
            }
            info.flush();
            return Main.OK;
        }
    }

    /** {@code privet mpc secagg-client}. */
    @Command(name = "secagg-client", mixinStandardHelpOptions = true,
            description = {"Runs one client of a secure-aggregation round: sends its vector, masked, to the server"
                    + " (party 0). The input file holds numbers separated by commas, spaces or new lines."},
            footer = {"", "Example:", "  privet mpc secagg-client --config run1/parties.json --id 2 --input update.txt"})
    static final class SecAggClientCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RoundOptions round;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "This client's party id, in 1..n.")
        int id;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "The vector to contribute.")
        Path input;

        @Option(names = "--wait-ms", paramLabel = "MS",
                description = "How long to wait for each server message (default: 4 x the timeout, the server may wait"
                        + " for late clients and then unmask).")
        Long waitMs;

        @Override
        public Integer call() throws IOException {
            PartiesConfig parties = round.parties();
            if (id < 1 || id >= parties.size()) {
                throw new UsageException("--id must be in 1.." + (parties.size() - 1) + " (party 0 is the server). Provided value: " + id);
            }
            List<String> tokens = readNumbers(input);
            SecAggConfig cfg = round.round(parties, Math.max(1, tokens.size()));
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException(input + ": no numbers in the file");
            }
            long[] x = round.integers ? parseIntegers(tokens, cfg) : encodeReals(tokens, round.codec(cfg.clients()));
            long wait = waitMs == null ? 4 * parties.timeoutMillis() : waitMs;
            if (wait <= 0) {
                throw new UsageException("--wait-ms must be > 0. Provided value: " + wait);
            }
            int included;
            TrafficCounters traffic;
            try (TlsNetwork net = TlsNetwork.connect(parties, id, new int[] {0})) {
                traffic = net.counters();
                included = SecAggNetwork.runClient(net, cfg, x, new SecureRandom(), wait);
            }
            PrintWriter w = spec.commandLine().getOut();
            w.println("client " + id + ": the server summed " + included + " clients' vectors; traffic: " + traffic);
            w.flush();
            return Main.OK;
        }

        private long[] parseIntegers(List<String> tokens, SecAggConfig cfg) {
            long[] x = new long[tokens.size()];
            for (int i = 0; i < x.length; i++) {
                try {
                    x[i] = Long.parseUnsignedLong(tokens.get(i));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(input + ": value " + (i + 1) + " '" + tokens.get(i)
                            + "' is not a non-negative integer");
                }
                if ((x[i] & ~cfg.mask()) != 0) {
                    throw new IllegalArgumentException(input + ": value " + (i + 1) + " must be in [0, 2^" + cfg.bits()
                            + "). Provided value: " + tokens.get(i));
                }
            }
            return x;
        }

        private long[] encodeReals(List<String> tokens, FixedPointCodec codec) {
            double[] v = new double[tokens.size()];
            for (int i = 0; i < v.length; i++) {
                try {
                    v[i] = Double.parseDouble(tokens.get(i));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(input + ": value " + (i + 1) + " '" + tokens.get(i)
                            + "' is not a number");
                }
            }
            try {
                return codec.encode(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
            }
        }
    }

    static List<String> readNumbers(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                for (String t : line.split("[,\\s]+")) {
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    static void writeLines(Path target, List<String> lines) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String l : lines) {
                    w.write(l);
                    w.write('\n');
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Library messages name parameters; say them as the flags the user typed. */
    private static String flagWords(String message) {
        return message.replace("threshold must", "--threshold must").replace("bits must", "--bits must")
                .replace("fractionBits must", "--fraction-bits must").replace("parties must", "--parties must")
                .replace("timeoutMillis must", "--timeout-ms must").replace("dimension must", "--dimension must");
    }
}

package org.privet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.privet.core.data.Dataset;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.fl.FlHistory;
import org.privet.fl.FlModel;
import org.privet.fl.LocalTraining;
import org.privet.fl.Partitions;
import org.privet.fl.Rejection;
import org.privet.fl.RoundRecord;
import org.privet.fl.aggregate.Aggregator;
import org.privet.fl.net.FlClient;
import org.privet.fl.net.FlServer;
import org.privet.fl.net.FlServerSettings;
import org.privet.fl.net.FlTls;
import org.privet.mpc.net.PartiesConfig;
import org.privet.report.Metric;
import org.privet.report.Provenance;
import org.privet.report.Report;
import org.privet.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code privet fl server} and {@code privet fl client}: a federation whose server and clients are separate
 * processes over mutual TLS ({@link FlServer}, {@link FlClient}). Both read one {@code fl.json} (the shared
 * settings, {@link NetConfig}); keys come from {@code privet mpc keys --parties N+1} (party 0 = the server).
 */
final class FlNetCommand {
    private FlNetCommand() {
    }

    /**
     * The settings every party of a networked federation must share, from {@code fl.json}. Unknown fields are
     * refused (a typo would otherwise silently change the run); errors name the file and the field.
     */
    record NetConfig(Path file, Path parties, String data, Integer records, Integer classes, Integer features,
            double testFraction, String partition, double alpha, int shardsPerClient, String model, int[] hidden,
            int rounds, int clientsPerRound, int minUpdates, boolean fedSgd, int localEpochs, int batchSize, float lr,
            double serverLr, String aggregator, Integer byzantine, double trim, double clipBound, long seed,
            long roundTimeoutMs, long joinTimeoutMs, int readTimeoutMs, long connectTimeoutMs, int idleTimeoutMs,
            boolean secureAggregation, boolean distributedDp, Double noiseMultiplier, double clipNorm, int ddpBits,
            double delta) {

        static final Set<String> FIELDS = Set.of("parties", "data", "records", "classes", "features", "testFraction",
                "partition", "alpha", "shardsPerClient", "model", "hidden", "rounds", "clientsPerRound", "minUpdates",
                "fedsgd", "localEpochs", "batchSize", "lr", "serverLr", "aggregator", "byzantine", "trim", "clipBound",
                "seed", "roundTimeoutMs", "joinTimeoutMs", "readTimeoutMs", "connectTimeoutMs", "idleTimeoutMs",
                "secureAggregation", "distributedDp", "noiseMultiplier", "clipNorm", "ddpBits", "delta");

        static NetConfig load(Path file) {
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new UsageException(file + ": not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UsageException(file + ": cannot read: " + e.getMessage());
            }
            if (root == null || !root.isObject()) {
                throw new UsageException(file + ": must hold a JSON object of settings");
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw new UsageException(file + ": unknown field '" + f + "' (known: " + String.join(", ",
                            new java.util.TreeSet<>(FIELDS)) + ")");
                }
            }
            Reader r = new Reader(file, root);
            Path dir = file.toAbsolutePath().getParent();
            int[] hidden = {64};
            if (root.has("hidden")) {
                JsonNode h = root.get("hidden");
                if (!h.isArray() || h.isEmpty()) {
                    throw new UsageException(file + ": field 'hidden' must be a non-empty array of widths");
                }
                hidden = new int[h.size()];
                for (int i = 0; i < hidden.length; i++) {
                    if (!h.get(i).isInt() || h.get(i).asInt() < 1) {
                        throw new UsageException(file + ": field 'hidden'[" + i + "] must be an integer >= 1");
                    }
                    hidden[i] = h.get(i).asInt();
                }
            }
            NetConfig c = new NetConfig(file, dir.resolve(r.text("parties", null, true)), r.text("data", "images", false),
                    r.intOrNull("records"), r.intOrNull("classes"), r.intOrNull("features"),
                    r.number("testFraction", 0.25), r.text("partition", "iid", false), r.number("alpha", 0.5),
                    r.integer("shardsPerClient", 2), r.text("model", "mlp", false), hidden, r.integer("rounds", 10),
                    r.integer("clientsPerRound", 3), r.integer("minUpdates", 2), r.bool("fedsgd", false),
                    r.integer("localEpochs", 2), r.integer("batchSize", 10), (float) r.number("lr", 0.3),
                    r.number("serverLr", 1), r.text("aggregator", "mean", false), r.intOrNull("byzantine"),
                    r.number("trim", 0.1), r.number("clipBound", 1), r.longValue("seed", 1),
                    r.longValue("roundTimeoutMs", 60_000), r.longValue("joinTimeoutMs", 60_000),
                    r.integer("readTimeoutMs", 10_000), r.longValue("connectTimeoutMs", 60_000),
                    r.integer("idleTimeoutMs", 600_000), r.bool("secureAggregation", false),
                    r.bool("distributedDp", false), root.hasNonNull("noiseMultiplier") ? r.number("noiseMultiplier", 0)
                            : null, r.number("clipNorm", 1), r.integer("ddpBits", 18), r.number("delta", 1e-5));
            c.check();
            return c;
        }

        private void check() {
            if (!List.of("iid", "dirichlet", "shards").contains(partition)) {
                throw new UsageException(file + ": field 'partition' must be iid, dirichlet or shards. Provided value: "
                        + partition);
            }
            if (!FlCommand.AGGREGATORS.contains(aggregator)) {
                throw new UsageException(file + ": field 'aggregator' must be one of " + String.join(", ",
                        FlCommand.AGGREGATORS) + ". Provided value: " + aggregator);
            }
            if (distributedDp && noiseMultiplier == null) {
                throw new UsageException(file + ": 'distributedDp' needs the field 'noiseMultiplier'");
            }
            if (!distributedDp && noiseMultiplier != null) {
                throw new UsageException(file + ": field 'noiseMultiplier' needs \"distributedDp\": true");
            }
            if (localEpochs < 1 || batchSize < 1) {
                throw new UsageException(file + ": fields 'localEpochs' and 'batchSize' must be >= 1. Provided value: "
                        + localEpochs + ", " + batchSize);
            }
        }

        PartiesConfig partiesConfig() {
            try {
                PartiesConfig p = PartiesConfig.load(parties);
                if (FlTls.clients(p) < 1) {
                    throw new UsageException(parties + ": needs the server and >= 1 client");
                }
                return p;
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new UsageException(e.getMessage());
            }
        }

        LocalTraining local() {
            return FlCommand.SimulateCommand.usage(() -> fedSgd ? LocalTraining.fedSgd(lr)
                    : LocalTraining.fedAvg(localEpochs, batchSize, lr));
        }

        /** The distributed-DP mechanism every party derives from the settings, or null. */
        org.privet.fl.DistributedDiscreteGaussian ddp(FlModel m) {
            if (!distributedDp) {
                return null;
            }
            return FlCommand.SimulateCommand.usage(() -> org.privet.fl.DistributedDiscreteGaussian.calibrated(clipNorm,
                    noiseMultiplier, clientsPerRound, m.dimension(), ddpBits,
                    org.privet.fl.DistributedDiscreteGaussian.DEFAULT_BETA));
        }

        boolean flatten() {
            return !model.equals("cnn");
        }

        /** The data every party derives the same way as {@code privet fl simulate} does for the seed. */
        Federation federation(int clients, Progress progress) {
            Rng rng = Rng.of(seed);
            DataSources.Loaded loaded = DataSources.load(new DataSources.Request(data, null, null,
                    records == null ? 6000 : records, classes, features, testFraction), rng, progress);
            Dataset[] prepared = DataSources.prepare(loaded.train(), loaded.test());
            Dataset train = prepared[0];
            if (clients > train.size()) {
                throw new UsageException(parties + ": " + clients + " clients but only " + train.size()
                        + " training records");
            }
            int numClasses = train.numClasses();
            int[][] parts = FlCommand.SimulateCommand.usage(() -> switch (partition) {
                case "iid" -> Partitions.iid(train.size(), clients, rng.child("partition"));
                case "dirichlet" -> Partitions.dirichlet(train.labels(), numClasses, clients, alpha, rng.child("partition"));
                default -> Partitions.shards(train.labels(), clients, shardsPerClient, rng.child("partition"));
            });
            long modelSeed = rng.child("model").nextLong();
            FlModel m = FlCommand.SimulateCommand.model(model, train, hidden, modelSeed);
            return new Federation(loaded, train, prepared[1], parts, m, rng);
        }
    }

    record Federation(DataSources.Loaded loaded, Dataset train, Dataset test, int[][] parts, FlModel model, Rng rng) {
    }

    /** Typed field access with defaults; errors name the file and field. */
    private record Reader(Path file, JsonNode root) {
        String text(String name, String def, boolean required) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                if (required) {
                    throw new UsageException(file + ": field '" + name + "' is required");
                }
                return def;
            }
            if (!n.isTextual()) {
                throw new UsageException(file + ": field '" + name + "' must be a string");
            }
            return n.asText();
        }

        Integer intOrNull(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isInt()) {
                throw new UsageException(file + ": field '" + name + "' must be an integer");
            }
            return n.asInt();
        }

        int integer(String name, int def) {
            Integer v = intOrNull(name);
            return v == null ? def : v;
        }

        long longValue(String name, long def) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return def;
            }
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw new UsageException(file + ": field '" + name + "' must be an integer");
            }
            return n.asLong();
        }

        double number(String name, double def) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return def;
            }
            if (!n.isNumber()) {
                throw new UsageException(file + ": field '" + name + "' must be a number");
            }
            return n.asDouble();
        }

        boolean bool(String name, boolean def) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return def;
            }
            if (!n.isBoolean()) {
                throw new UsageException(file + ": field '" + name + "' must be true or false");
            }
            return n.asBoolean();
        }
    }

    /** {@code privet fl server}: runs the rounds, aggregates, reports. */
    @Command(name = "server", mixinStandardHelpOptions = true,
            description = {"The server of a networked federation: waits for the clients of parties.json to connect"
                    + " (mutual TLS 1.3, pinned certificates), then each round sends the global model to the sampled"
                    + " clients, closes the round at its deadline with the updates that arrived (at least minUpdates),"
                    + " rejects and logs bad ones, aggregates and evaluates.",
                "Settings come from fl.json (see docs/fl.md); keys from 'privet mpc keys --parties N+1' (party 0 is the"
                    + " server, party k+1 client k)."},
            footer = {"", "Example:", "  privet mpc keys --parties 4 --out keys",
                "  privet fl server --config fl.json --out fl-net &",
                "  for k in 0 1 2; do privet fl client --id $k --config fl.json & done; wait",
                "", "Exit codes: 0 done, 1 failure (e.g. too few clients joined), 2 bad usage."})
    static final class ServerCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--config", required = true, paramLabel = "fl.json", description = "The federation's settings.")
        Path config;

        @Option(names = "--port", paramLabel = "PORT", description = "Listen here instead of party 0's port in parties.json.")
        Integer port;

        @Option(names = "--out", defaultValue = "privet-out/fl-net", paramLabel = "DIR",
                description = "Report folder: index.html + report.json (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws IOException {
            Instant started = Instant.now();
            Progress progress = common.apply();
            NetConfig c = NetConfig.load(config);
            PartiesConfig parties = c.partiesConfig();
            int clients = FlTls.clients(parties);
            Federation fed = c.federation(clients, progress);
            LocalTraining local = c.local();
            int f = c.byzantine() != null ? c.byzantine() : 0;
            Aggregator agg = FlCommand.SimulateCommand.aggregator(c.aggregator(), f, c.clientsPerRound(), c.trim(),
                    c.clipBound(), () -> FlCommand.SimulateCommand.fltrust(fed.model(), fed.train(), local, fed.rng(),
                            c.flatten()));
            FlServerSettings settings = FlCommand.SimulateCommand.usage(() -> new FlServerSettings(c.rounds(),
                    c.clientsPerRound(), c.serverLr(), c.seed(), c.roundTimeoutMs(), c.minUpdates(), c.joinTimeoutMs(),
                    c.readTimeoutMs()));
            FlServer.Builder b = FlServer.builder().parties(parties).model(fed.model()).aggregator(agg)
                    .settings(settings).test(fed.test()).flattenInputs(c.flatten())
                    .secureAggregation(c.secureAggregation()).distributedDp(c.ddp(fed.model()), c.delta());
            if (port != null) {
                b.port(port);
            }
            FlServer server = FlCommand.SimulateCommand.usage(b::build);
            System.err.println("listening on port " + (port != null ? port : parties.party(0).port()) + " for "
                    + clients + " clients");
            FlHistory h = server.run(progress);

            Map<String, Object> s = new LinkedHashMap<>();
            s.put("config", config.toString());
            s.put("data", fed.loaded().name());
            s.put("clients", clients);
            s.put("clients per round", c.clientsPerRound());
            s.put("min updates", c.minUpdates());
            s.put("rounds", c.rounds());
            s.put("partition", c.partition());
            s.put("algorithm", c.fedSgd() ? "FedSGD" : "FedAvg");
            s.put("model", c.model() + ": " + fed.model().spec());
            s.put("aggregator", agg.name());
            s.put("round deadline ms", c.roundTimeoutMs());
            s.put("secure aggregation", c.secureAggregation() || c.distributedDp());
            if (c.distributedDp()) {
                s.put("distributed DP", c.ddp(fed.model()) + ", noise multiplier " + c.noiseMultiplier() + ", delta "
                        + c.delta());
            }
            s.put("seed", c.seed());
            Provenance prov = Provenance.builder().command("privet fl server").parameters(s).seed(c.seed())
                    .dataset(fed.loaded().name(), fed.train().contentHash()).started(started).finished(Instant.now())
                    .build();
            Report.Builder rb = Report.builder("Networked federated learning: " + agg.name()).provenance(prov)
                    .summary(fed.loaded().description() + ". " + h.description() + ".")
                    .headline(Metric.of("clean accuracy", h.last().cleanAccuracy(),
                            "fraction of held-out records the final global model classifies correctly"));
            rb.section("Per round");
            rb.lineChart("Accuracy per round", "round", "accuracy", Map.of("clean accuracy", h.cleanAccuracy()));
            Table.Builder t = Table.builder("Rounds", "round", "sampled", "dropped or late", "accepted", "rejected",
                    "clean accuracy", "model update");
            for (RoundRecord r : h.rounds()) {
                t.row(r.round() + 1, r.sampled(), r.dropped(), r.accepted(), r.rejected(),
                        String.format(Locale.ROOT, "%.4f", r.cleanAccuracy()),
                        r.skipped().isEmpty() ? "applied" : "skipped: " + r.skipped());
            }
            rb.table(t.build());
            if (!h.rejections().isEmpty()) {
                rb.section("Rejected updates and connections");
                Table.Builder rj = Table.builder("Rejected (first 50 of " + h.rejections().size() + ")", "round",
                        "client", "reason");
                for (Rejection r : h.rejections().subList(0, Math.min(50, h.rejections().size()))) {
                    rj.row(r.round() + 1, r.clientId(), r.reason());
                }
                rb.table(rj.build());
            }
            rb.build().writeTo(out);
            if (common.json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("settings", s);
                j.put("cleanAccuracy", h.last().cleanAccuracy());
                j.put("rejected", h.rejections().size());
                if (!Double.isNaN(h.last().epsilon())) {
                    j.put("epsilon", h.last().epsilon());
                }
                j.put("rounds", FlCommand.roundsJson(h.rounds(), false));
                j.put("report", out.resolve(Report.HTML_FILE).toString());
                Json.print(j);
            } else {
                System.out.println(h.description());
                System.out.println("round  sampled  dropped  accepted  rejected  clean-acc");
                for (RoundRecord r : h.rounds()) {
                    System.out.println(String.format(Locale.ROOT, "%5d  %7d  %7d  %8d  %8d  %9.4f%s", r.round() + 1,
                            r.sampled(), r.dropped(), r.accepted(), r.rejected(), r.cleanAccuracy(),
                            (Double.isNaN(r.epsilon()) ? "" : String.format(Locale.ROOT, "  epsilon %.4f", r.epsilon()))
                            + (r.skipped().isEmpty() ? "" : "  (model unchanged: " + r.skipped() + ")")));
                }
                for (Rejection r : h.rejections()) {
                    System.out.println("rejected (round " + (r.round() + 1) + ", client " + r.clientId() + "): "
                            + r.reason());
                }
                System.out.println("report          " + out.resolve(Report.HTML_FILE));
            }
            return Main.OK;
        }
    }

    /** {@code privet fl client}: one client of a networked federation. */
    @Command(name = "client", mixinStandardHelpOptions = true,
            description = {"One client of a networked federation: connects to the server of parties.json (mutual"
                    + " TLS 1.3 with its own key party-<id+1>.key), trains locally on its partition of the data each"
                    + " round it is sampled in, and returns the update, until the server sends the final model."},
            footer = {"", "Example:", "  privet fl client --id 0 --config fl.json",
                "", "Exit codes: 0 done, 1 failure (server unreachable, refused, silent), 2 bad usage."})
    static final class ClientCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Option(names = "--config", required = true, paramLabel = "fl.json", description = "The federation's settings.")
        Path config;

        @Option(names = "--id", required = true, paramLabel = "K", description = "This client's id, 0..N-1 (party K+1).")
        int id;

        @Option(names = "--host", paramLabel = "HOST", description = "The server's host instead of party 0's in parties.json.")
        String host;

        @Option(names = "--port", paramLabel = "PORT", description = "The server's port instead of party 0's in parties.json.")
        Integer port;

        @Override
        public Integer call() {
            Progress progress = common.apply();
            NetConfig c = NetConfig.load(config);
            PartiesConfig parties = c.partiesConfig();
            int clients = FlTls.clients(parties);
            if (id < 0 || id >= clients) {
                throw new UsageException("--id must be in [0, " + clients + ") (" + c.parties() + " has " + clients
                        + " clients). Provided value: " + id);
            }
            Federation fed = c.federation(clients, progress);
            FlClient client = FlCommand.SimulateCommand.usage(() -> new FlClient(parties, id,
                    host != null ? host : parties.party(0).host(), port != null ? port : parties.party(0).port(),
                    fed.model(), fed.train().subset(fed.parts()[id]), c.flatten(), c.local(), c.seed(),
                    c.connectTimeoutMs(), c.idleTimeoutMs()).distributedDp(c.ddp(fed.model())));
            float[] fin = client.run();
            java.io.PrintWriter w = spec.commandLine().getOut();
            if (common.json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("client", id);
                j.put("examples", fed.parts()[id].length);
                j.put("roundsTrained", client.roundsTrained());
                j.put("parameters", fin.length);
                w.println(Json.write(j));
            } else {
                w.println("client " + id + ": trained in " + client.roundsTrained() + " rounds on "
                        + fed.parts()[id].length + " examples; received the final model (" + fin.length + " parameters)");
            }
            return Main.OK;
        }
    }
}

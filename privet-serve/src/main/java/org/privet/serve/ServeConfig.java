package org.privet.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.privet.serve.defence.OutputDefence;
import org.privet.serve.monitor.PradaMonitor;

/**
 * A deployment: where to listen, which output defences, which keys, which limits, where to log, and
 * whether to watch for extraction.
 *
 * <p>Built with {@link #builder()} or read from a deployment file with {@link #read}. The file's
 * fields (all optional except the keys) are:
 * <pre>{@code
 * {
 *   "model": "target.pmf",                  // resolved against the file's folder
 *   "host": "127.0.0.1", "port": 8080,      // port 0: any free port
 *   "defences": {"reverseSigmoid": {"beta": 0.5, "gamma": 0.2},
 *                "noise": {"mechanism": "laplace" | "gaussian", "epsilon": 1.0, "delta": 1e-6},
 *                "round": 2, "topK": 3, "labelOnly": false},
 *   "keysFile": "keys.json",                // see ApiKeys
 *   "defaultPolicy": {"budget": 100000, "ratePerSecond": 100, "burst": 1000},
 *   "limits": {"maxBodyBytes": 1048576, "maxBatch": 1024},
 *   "queryLog": "queries.jsonl",
 *   "monitor": {"enabled": true, "delta": 0.9, "minQueries": 100, "window": 1000, "block": false},
 *   "publishProvenance": false              // training seed and dataset hash in /v1/model
 * }
 * }</pre>
 * Unknown fields are errors (a misspelt defence must not silently switch a defence off). Immutable.
 */
public final class ServeConfig {
    /** Default body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default largest batch: 1024 instances. */
    public static final int DEFAULT_MAX_BATCH = 1024;

    private final String host;
    private final int port;
    private final OutputDefence defence;
    private final ApiKeys keys;
    private final int maxBodyBytes;
    private final int maxBatch;
    private final Path queryLog;
    private final PradaMonitor.Config monitor;
    private final boolean blockFlagged;
    private final Path model;
    private final boolean publishProvenance;

    private ServeConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.defence = b.defence;
        this.keys = b.keys;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxBatch = b.maxBatch;
        this.queryLog = b.queryLog;
        this.monitor = b.monitor;
        this.blockFlagged = b.blockFlagged;
        this.model = b.model;
        this.publishProvenance = b.publishProvenance;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Interface to bind, e.g. 127.0.0.1 (default) or 0.0.0.0. */
    public String host() {
        return host;
    }

    /** TCP port, 0 for any free one. */
    public int port() {
        return port;
    }

    public OutputDefence defence() {
        return defence;
    }

    public ApiKeys keys() {
        return keys;
    }

    /** Largest accepted request body, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Largest accepted batch, in instances. */
    public int maxBatch() {
        return maxBatch;
    }

    /** JSON-lines query log, or null for none. */
    public Path queryLog() {
        return queryLog;
    }

    /** PRADA parameters, or null when the monitor is off. */
    public PradaMonitor.Config monitor() {
        return monitor;
    }

    /** Whether a flagged key is refused (403) from then on; otherwise it is only logged. */
    public boolean blockFlagged() {
        return blockFlagged;
    }

    /**
     * Whether {@code GET /v1/model} includes the model's training seed and dataset hash (so that
     * {@code privet audit --endpoint} can check it rebuilt the right membership split). Off by default:
     * a dataset hash lets whoever holds a candidate dataset confirm it was the training set.
     */
    public boolean publishProvenance() {
        return publishProvenance;
    }

    /** The model file named by the deployment file, or null. */
    public Path model() {
        return model;
    }

    /**
     * Reads a deployment file. Paths in it are resolved against its folder.
     *
     * @param overrides applied after the file (e.g. command-line flags); may be null
     * @throws IllegalArgumentException naming the file and every invalid field
     */
    public static ServeConfig read(Path file, java.util.function.Consumer<Builder> overrides) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("deployment file " + file + ": not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("deployment file " + file + ": must be a JSON object");
        }
        Path dir = file.toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        unknown(root, Set.of("model", "host", "port", "defences", "keysFile", "defaultPolicy", "limits", "queryLog",
                "monitor", "publishProvenance"), "", problems);
        Builder b = builder();
        if (root.has("model")) {
            b.model(dir.resolve(root.get("model").asText()));
        }
        if (root.has("publishProvenance")) {
            b.publishProvenance(root.get("publishProvenance").asBoolean(false));
        }
        if (root.has("host")) {
            b.host(root.get("host").asText());
        }
        if (root.has("port")) {
            b.port(root.get("port").asInt(-1));
        }
        OutputDefence.Builder d = OutputDefence.builder();
        JsonNode def = root.path("defences");
        if (def.isObject()) {
            unknown(def, Set.of("reverseSigmoid", "noise", "round", "topK", "labelOnly"), "defences.", problems);
            if (def.has("reverseSigmoid")) {
                JsonNode rs = def.get("reverseSigmoid");
                unknown(rs, Set.of("beta", "gamma"), "defences.reverseSigmoid.", problems);
                d.reverseSigmoid(rs.path("beta").asDouble(Double.NaN), rs.path("gamma").asDouble(Double.NaN));
            }
            if (def.has("noise")) {
                JsonNode n = def.get("noise");
                unknown(n, Set.of("mechanism", "epsilon", "delta"), "defences.noise.", problems);
                String mech = n.path("mechanism").asText("");
                double eps = n.path("epsilon").asDouble(Double.NaN);
                if (mech.equals("laplace")) {
                    d.laplace(eps);
                } else if (mech.equals("gaussian")) {
                    d.gaussian(eps, n.path("delta").asDouble(1e-6));
                } else {
                    problems.add("defences.noise.mechanism must be 'laplace' or 'gaussian'. Provided value: " + mech);
                }
            }
            if (def.has("round")) {
                d.round(def.get("round").asInt(-2));
            }
            if (def.has("topK")) {
                d.topK(def.get("topK").asInt(0));
            }
            if (def.path("labelOnly").asBoolean(false)) {
                d.labelOnly();
            }
        }
        try {
            b.defence(d.build());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        KeyPolicy policy = KeyPolicy.defaults();
        JsonNode dp = root.path("defaultPolicy");
        if (dp.isObject()) {
            unknown(dp, Set.of("budget", "ratePerSecond", "burst"), "defaultPolicy.", problems);
            try {
                policy = new KeyPolicy(dp.path("budget").asLong(KeyPolicy.UNLIMITED),
                        dp.path("ratePerSecond").asDouble(policy.ratePerSecond()), dp.path("burst").asInt(policy.burst()));
            } catch (IllegalArgumentException e) {
                problems.add("defaultPolicy: " + e.getMessage());
            }
        }
        b.defaultPolicy(policy);
        if (root.has("keysFile")) {
            try {
                b.keys(ApiKeys.read(dir.resolve(root.get("keysFile").asText()), policy));
            } catch (IllegalArgumentException | IOException e) {
                problems.add(e.getMessage());
            }
        }
        JsonNode lim = root.path("limits");
        if (lim.isObject()) {
            unknown(lim, Set.of("maxBodyBytes", "maxBatch"), "limits.", problems);
            b.maxBodyBytes(lim.path("maxBodyBytes").asInt(DEFAULT_MAX_BODY_BYTES));
            b.maxBatch(lim.path("maxBatch").asInt(DEFAULT_MAX_BATCH));
        }
        if (root.has("queryLog")) {
            b.queryLog(dir.resolve(root.get("queryLog").asText()));
        }
        JsonNode mon = root.path("monitor");
        if (mon.isObject()) {
            unknown(mon, Set.of("enabled", "delta", "minQueries", "window", "block", "maxGrowingSet"), "monitor.", problems);
            if (mon.path("enabled").asBoolean(true)) {
                PradaMonitor.Config dc = PradaMonitor.Config.defaults();
                try {
                    b.monitor(new PradaMonitor.Config(mon.path("delta").asDouble(dc.delta()),
                            mon.path("minQueries").asInt(dc.minQueries()), mon.path("window").asInt(dc.window()),
                            mon.path("maxGrowingSet").asInt(dc.maxGrowingSet())));
                } catch (IllegalArgumentException e) {
                    problems.add("monitor: " + e.getMessage());
                }
                b.blockFlagged(mon.path("block").asBoolean(false));
            }
        }
        if (overrides != null) {
            overrides.accept(b);
        }
        try {
            ServeConfig built = b.build();
            if (problems.isEmpty()) {
                return built;
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().replaceFirst("^invalid deployment: ", ""));
        }
        throw new IllegalArgumentException("deployment file " + file + ": " + String.join("; ", problems));
    }

    private static void unknown(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        if (!node.isObject()) {
            problems.add(prefix.isEmpty() ? "must be an object" : prefix.substring(0, prefix.length() - 1)
                    + " must be an object");
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                problems.add("unknown field '" + prefix + f + "' (known: " + String.join(", ", new java.util.TreeSet<>(known))
                        + ")");
            }
        }
    }

    /** Collects a deployment; {@link #build()} validates it. Not thread safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private OutputDefence defence = OutputDefence.none();
        private ApiKeys keys;
        private KeyPolicy defaultPolicy = KeyPolicy.defaults();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Path queryLog;
        private PradaMonitor.Config monitor;
        private boolean blockFlagged;
        private Path model;
        private boolean publishProvenance;

        private Builder() {
        }

        public Builder host(String v) {
            this.host = v;
            return this;
        }

        /** Port in [0, 65535]; 0 picks a free one. */
        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public Builder defence(OutputDefence v) {
            this.defence = v;
            return this;
        }

        /** The accepted keys (required). */
        public Builder keys(ApiKeys v) {
            this.keys = v;
            return this;
        }

        /** The policy of keys read without their own (recorded for reference; keys carry their policy). */
        public Builder defaultPolicy(KeyPolicy v) {
            this.defaultPolicy = v;
            return this;
        }

        public KeyPolicy defaultPolicy() {
            return defaultPolicy;
        }

        /** Largest body in bytes, in [64, 1 GiB]. */
        public Builder maxBodyBytes(int v) {
            this.maxBodyBytes = v;
            return this;
        }

        /** Largest batch in instances, >= 1. */
        public Builder maxBatch(int v) {
            this.maxBatch = v;
            return this;
        }

        public Builder queryLog(Path v) {
            this.queryLog = v;
            return this;
        }

        /** PRADA parameters; null turns the monitor off. */
        public Builder monitor(PradaMonitor.Config v) {
            this.monitor = v;
            return this;
        }

        public Builder blockFlagged(boolean v) {
            this.blockFlagged = v;
            return this;
        }

        /** See {@link ServeConfig#publishProvenance()}. */
        public Builder publishProvenance(boolean v) {
            this.publishProvenance = v;
            return this;
        }

        public Builder model(Path v) {
            this.model = v;
            return this;
        }

        /**
         * The validated deployment.
         *
         * @throws IllegalArgumentException listing every problem
         */
        public ServeConfig build() {
            List<String> problems = new ArrayList<>();
            if (host == null || host.isBlank()) {
                problems.add("host must not be empty");
            }
            if (port < 0 || port > 65535) {
                problems.add("port must be in [0, 65535]. Provided value: " + port);
            }
            if (defence == null) {
                problems.add("defence must not be null (use OutputDefence.none())");
            }
            if (keys == null || keys.entries().isEmpty()) {
                problems.add("at least one API key is required (a keys file, or one key)");
            }
            if (maxBodyBytes < 64 || maxBodyBytes > (1 << 30)) {
                problems.add("maxBodyBytes must be in [64, 1073741824]. Provided value: " + maxBodyBytes);
            }
            if (maxBatch < 1) {
                problems.add("maxBatch must be >= 1. Provided value: " + maxBatch);
            }
            if (blockFlagged && monitor == null) {
                problems.add("blocking flagged keys needs the extraction monitor on");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid deployment: " + String.join("; ", problems));
            }
            return new ServeConfig(this);
        }
    }
}

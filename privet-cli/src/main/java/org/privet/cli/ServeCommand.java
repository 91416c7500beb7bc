package org.privet.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.io.Models;
import org.privet.serve.ApiKeys;
import org.privet.serve.KeyPolicy;
import org.privet.serve.PredictionServer;
import org.privet.serve.ServeConfig;
import org.privet.serve.client.RemoteClassifier;
import org.privet.serve.client.RemoteOptions;
import org.privet.serve.defence.OutputDefence;
import org.privet.serve.monitor.PradaMonitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code privet serve}: serves a model file over HTTP with output defences, API keys, budgets, rate
 * limits, a query log and the PRADA extraction monitor, until interrupted (Ctrl-C / SIGTERM).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over an HTTP JSON API with the output defences of the literature.",
            "POST /v1/predict {\"instances\": [[...], ...]} with 'Authorization: Bearer KEY' answers labels and "
                + "(as the defences allow) probabilities; GET /v1/model describes the model. Flags override a "
                + "--deployment file (any defence flag replaces the file's defences as a whole). Runs until interrupted."},
        footer = {"", "Exit codes: 0 stopped, 1 failure, 2 usage.", "",
            "Examples:",
            "  privet serve --generate-key alice > alice.key         (prints the key; its keys-file entry on stderr)",
            "  privet serve --model target.pmf --port 8080 --api-key-file alice.key",
            "  privet serve --model target.pmf --api-key-file alice.key --top-k 3 --round 2 --query-log q.jsonl",
            "  privet serve --model target.pmf --keys-file keys.json --laplace 2 --monitor --block-flagged",
            "  privet serve --deployment deploy.json",
            "  privet audit --endpoint http://127.0.0.1:8080/ --api-key-file alice.key --data ... --seed ..."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL_FILE", description = "A model written by 'privet train'.")
    Path model;

    @Option(names = "--deployment", paramLabel = "FILE",
            description = "JSON deployment file (defences, keys file, default key policy, limits, query log, monitor).")
    Path deployment;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: 127.0.0.1; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default: 8080; 0 = any free port).")
    Integer port;

    @Option(names = "--keys-file", paramLabel = "FILE",
            description = "JSON keys file: {\"keys\": [{\"id\", \"sha256\", \"budget\"?, \"ratePerSecond\"?, \"burst\"?}]}.")
    Path keysFile;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "A file whose first line is the one accepted key (id 'default'); hashed at start.")
    Path apiKeyFile;

    @Option(names = "--generate-key", paramLabel = "ID",
            description = "Print a new 256-bit key on stdout and its keys-file entry (hash only) on stderr, then exit.")
    String generateKey;

    @Option(names = "--top-k", paramLabel = "K", description = "Release only the K largest probabilities.")
    Integer topK;

    @Option(names = "--label-only", description = "Release only labels.")
    boolean labelOnly;

    @Option(names = "--round", paramLabel = "D", description = "Round probabilities to D decimals (0-8).")
    Integer round;

    @Option(names = "--laplace", paramLabel = "EPSILON",
            description = "Laplace noise on each probability row, epsilon per query (privet-dp secure mechanism).")
    Double laplace;

    @Option(names = "--gaussian", paramLabel = "EPSILON",
            description = "Gaussian noise on each probability row, (epsilon, --delta) per query.")
    Double gaussian;

    @Option(names = "--delta", paramLabel = "X", defaultValue = "1e-6",
            description = "Delta of --gaussian (default: ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--reverse-sigmoid", split = ",", paramLabel = "BETA,GAMMA",
            description = "Reverse-sigmoid perturbation (Lee et al. 2019), e.g. 0.5,0.2.")
    double[] reverseSigmoid;

    @Option(names = "--budget", paramLabel = "N", description = "Instances each key may query in total (default: unlimited).")
    Long budget;

    @Option(names = "--rate", paramLabel = "R", description = "Instances per second per key (default: 10000).")
    Double rate;

    @Option(names = "--burst", paramLabel = "N", description = "Largest burst per key, in instances (default: 10000).")
    Integer burst;

    @Option(names = "--max-batch", paramLabel = "N", description = "Largest batch per request (default: 1024).")
    Integer maxBatch;

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest request body (default: 1048576).")
    Integer maxBodyBytes;

    @Option(names = "--query-log", paramLabel = "FILE", description = "Append one JSON line per request here.")
    Path queryLog;

    @Option(names = "--monitor", description = "Watch each key for model extraction (PRADA).")
    boolean monitor;

    @Option(names = "--monitor-delta", paramLabel = "W",
            description = "PRADA flags a key when the Shapiro-Wilk W of its distances falls below W (default: 0.9).")
    Double monitorDelta;

    @Option(names = "--block-flagged", description = "Refuse (403) keys the monitor has flagged.")
    boolean blockFlagged;

    @Option(names = "--publish-provenance",
            description = "Include the model's training seed and dataset hash in GET /v1/model (lets 'privet audit "
                    + "--endpoint' check its membership split; also lets anyone holding a dataset confirm it trained the model).")
    boolean publishProvenance;

    @Option(names = {"-q", "--quiet"}, description = "No start-up message.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (generateKey != null) {
            String key = ApiKeys.generate(new SecureRandom());
            System.out.println(key);
            System.err.println("{\"id\": \"" + generateKey + "\", \"sha256\": \"" + ApiKeys.sha256Hex(key) + "\"}");
            return Main.OK;
        }
        PredictionServer server = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("privet serve: closing the query log failed: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "privet-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return Main.OK;
    }

    /** Validates the flags, loads the model, starts the server and returns it (tests stop it themselves). */
    PredictionServer start() throws IOException {
        ServeConfig config;
        try {
            config = deployment != null ? ServeConfig.read(deployment, this::apply) : build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path m = model != null ? model : config.model();
        if (m == null) {
            throw new UsageException("--model is required (or a \"model\" in the --deployment file)");
        }
        Models.Loaded lm = Models.load(m);
        if (!(lm.model() instanceof ProbabilisticClassifier pc)) {
            throw new UsageException("--model " + m + " holds a '" + lm.kind() + "' model, which does not give probabilities");
        }
        PredictionServer server;
        try {
            server = PredictionServer.start(pc, config, lm.provenance());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + Main.describe(e), e);
        }
        if (!quiet) {
            System.err.println("privet serve: " + m + " (" + lm.kind() + ", " + pc.numClasses() + " classes, input "
                    + Arrays.toString(pc.inputShape()) + ") at " + server.uri() + "; defences: "
                    + config.defence().describe() + "; " + config.keys().entries().size() + " key(s)"
                    + (config.monitor() != null ? "; PRADA monitor on" + (config.blockFlagged() ? " (blocking)" : "") : "")
                    + (config.queryLog() != null ? "; query log " + config.queryLog() : ""));
        }
        return server;
    }

    private ServeConfig build() throws IOException {
        ServeConfig.Builder b = ServeConfig.builder();
        apply(b);
        return b.build();
    }

    /** Applies the flags that were given on top of the builder (a deployment file's values, or defaults). */
    private void apply(ServeConfig.Builder b) {
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            b.port(port);
        }
        KeyPolicy d = b.defaultPolicy();
        KeyPolicy policy;
        try {
            policy = new KeyPolicy(budget != null ? budget : d.budget(), rate != null ? rate : d.ratePerSecond(),
                    burst != null ? burst : d.burst());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--budget/--rate/--burst: " + e.getMessage());
        }
        b.defaultPolicy(policy);
        if (keysFile != null && apiKeyFile != null) {
            throw new UsageException("give --keys-file or --api-key-file, not both");
        }
        try {
            if (keysFile != null) {
                b.keys(ApiKeys.read(keysFile, policy));
            } else if (apiKeyFile != null) {
                b.keys(ApiKeys.single("default", ApiKeys.readKeyFile(apiKeyFile), policy));
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + (keysFile != null ? keysFile : apiKeyFile) + ": " + Main.describe(e));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (topK != null || labelOnly || round != null || laplace != null || gaussian != null || reverseSigmoid != null) {
            OutputDefence.Builder db = OutputDefence.builder();
            if (reverseSigmoid != null) {
                if (reverseSigmoid.length != 2) {
                    throw new UsageException("--reverse-sigmoid takes BETA,GAMMA. Provided values: "
                            + Arrays.toString(reverseSigmoid));
                }
                db.reverseSigmoid(reverseSigmoid[0], reverseSigmoid[1]);
            }
            if (laplace != null && gaussian != null) {
                throw new UsageException("give --laplace or --gaussian, not both");
            }
            if (laplace != null) {
                db.laplace(laplace);
            }
            if (gaussian != null) {
                db.gaussian(gaussian, delta);
            }
            if (round != null) {
                db.round(round);
            }
            if (topK != null && labelOnly) {
                throw new UsageException("give --top-k or --label-only, not both");
            }
            if (topK != null) {
                db.topK(topK);
            }
            if (labelOnly) {
                db.labelOnly();
            }
            try {
                b.defence(db.build());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (maxBatch != null) {
            b.maxBatch(maxBatch);
        }
        if (maxBodyBytes != null) {
            b.maxBodyBytes(maxBodyBytes);
        }
        if (queryLog != null) {
            b.queryLog(queryLog);
        }
        if (monitor || monitorDelta != null) {
            PradaMonitor.Config dc = PradaMonitor.Config.defaults();
            try {
                b.monitor(new PradaMonitor.Config(monitorDelta != null ? monitorDelta : dc.delta(), dc.minQueries(),
                        dc.window(), dc.maxGrowingSet()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--monitor-delta: " + e.getMessage());
            }
        }
        if (blockFlagged) {
            b.blockFlagged(true);
        }
        if (publishProvenance) {
            b.publishProvenance(true);
        }
    }

    /**
     * For {@code privet audit --endpoint}: connects to the endpoint with the key in {@code keyFile} and
     * checks that it serves a model of the data's example shape and class count, and, when the
     * endpoint publishes its provenance, that the audit's seed and training split are the model's
     * (as {@code --target FILE} does with the file's provenance). A label-only endpoint's labels reach
     * probability-based attacks as one-hot rows (they become gap attacks).
     */
    static RemoteClassifier connectForAudit(URI endpoint, Path keyFile, int[] exampleShape, int numClasses, long seed,
            String trainHash) {
        if (keyFile == null) {
            throw new UsageException("--endpoint needs --api-key-file FILE (a file whose first line is the API key)");
        }
        String key;
        try {
            key = ApiKeys.readKeyFile(keyFile);
        } catch (IOException e) {
            throw new UsageException("--api-key-file: cannot read " + keyFile + ": " + Main.describe(e));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--api-key-file: " + e.getMessage());
        }
        RemoteClassifier remote;
        try {
            remote = RemoteClassifier.connect(endpoint, key, RemoteOptions.defaults().withBatchSize(1024).withOneHotLabels(true));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint: " + e.getMessage());
        }
        if (!Arrays.equals(remote.inputShape(), exampleShape) || remote.numClasses() != numClasses) {
            throw new UsageException("--endpoint " + endpoint + " serves a model of input shape "
                    + Arrays.toString(remote.inputShape()) + " and " + remote.numClasses() + " classes, but the data has "
                    + Arrays.toString(exampleShape) + " and " + numClasses);
        }
        if (remote.trainingSeed().isPresent() && remote.trainingSeed().getAsLong() != seed) {
            throw new UsageException("--endpoint " + endpoint + " serves a model trained with --seed "
                    + remote.trainingSeed().getAsLong() + "; pass --seed " + remote.trainingSeed().getAsLong()
                    + " (and the same --data flags) so the audit rebuilds its training split");
        }
        if (remote.datasetHash().isPresent() && !remote.datasetHash().get().equals(trainHash)) {
            throw new UsageException("--endpoint " + endpoint + ": the data given does not reproduce the served model's "
                    + "training set (dataset hash " + remote.datasetHash().get() + " at the endpoint, " + trainHash
                    + " here); pass the same --data, --records, --classes, --features, --test-fraction and --seed as "
                    + "for 'privet train'");
        }
        return remote;
    }
}

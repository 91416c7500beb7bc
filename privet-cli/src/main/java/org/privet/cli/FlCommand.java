package org.privet.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.attacks.poison.AlieAttack;
import org.privet.attacks.poison.Backdoor;
import org.privet.attacks.poison.BadNetsPatch;
import org.privet.attacks.poison.BlendedTrigger;
import org.privet.attacks.poison.DataPoison;
import org.privet.attacks.poison.GaussianAttack;
import org.privet.attacks.poison.IpmAttack;
import org.privet.attacks.poison.LabelFlip;
import org.privet.attacks.poison.ModelReplacementAttack;
import org.privet.attacks.poison.SignFlipAttack;
import org.privet.attacks.poison.UpdateAttack;
import org.privet.core.data.Dataset;
import org.privet.core.nn.Networks;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.dp.accounting.NoiseCalibration;
import org.privet.dp.sgd.AdaptiveClipping;
import org.privet.fl.Adversary;
import org.privet.fl.DistributedDiscreteGaussian;
import org.privet.fl.DpFedAvg;
import org.privet.fl.FederatedSimulation;
import org.privet.fl.FlConfig;
import org.privet.fl.FlHistory;
import org.privet.fl.FlModel;
import org.privet.fl.LocalTraining;
import org.privet.fl.Partitions;
import org.privet.fl.Rejection;
import org.privet.fl.RootDatasetUpdate;
import org.privet.fl.RoundRecord;
import org.privet.fl.aggregate.Aggregator;
import org.privet.fl.aggregate.Bulyan;
import org.privet.fl.aggregate.CenteredClipping;
import org.privet.fl.aggregate.CoordinateMedian;
import org.privet.fl.aggregate.FlTrust;
import org.privet.fl.aggregate.GeometricMedian;
import org.privet.fl.aggregate.Krum;
import org.privet.fl.aggregate.NormClipping;
import org.privet.fl.aggregate.TrimmedMean;
import org.privet.fl.aggregate.WeightedMean;
import org.privet.report.Metric;
import org.privet.report.Provenance;
import org.privet.report.Report;
import org.privet.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code privet fl}: federated learning simulations with poisoning attacks and defences. */
@Command(name = "fl", mixinStandardHelpOptions = true,
        description = "Federated learning: simulate FedAvg/FedSGD with attackers, robust aggregation, DP-FedAvg and"
                + " secure aggregation in one process, or run a server and clients as separate processes over TLS.",
        subcommands = {FlCommand.SimulateCommand.class, FlNetCommand.ServerCommand.class,
            FlNetCommand.ClientCommand.class})
final class FlCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The per-round rows of a federation's JSON output, in round order. With {@code simulation} (attackers are
     * simulated): stragglers, attackers and the attack success rate too, and epsilon always (null when not
     * tracked); otherwise (a networked server) epsilon only when tracked.
     */
    static List<Map<String, Object>> roundsJson(List<RoundRecord> rounds, boolean simulation) {
        List<Map<String, Object>> rs = new ArrayList<>();
        for (RoundRecord r : rounds) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.round());
            m.put("sampled", r.sampled());
            m.put("dropped", r.dropped());
            if (simulation) {
                m.put("stragglers", r.stragglers());
                m.put("attackers", r.attackers());
            }
            m.put("accepted", r.accepted());
            m.put("rejected", r.rejected());
            m.put("cleanAccuracy", r.cleanAccuracy());
            if (simulation) {
                m.put("attackSuccessRate", SimulateCommand.nullIfNaN(r.attackSuccess()));
                m.put("epsilon", SimulateCommand.nullIfNaN(r.epsilon()));
            } else if (!Double.isNaN(r.epsilon())) {
                m.put("epsilon", r.epsilon());
            }
            if (!r.skipped().isEmpty()) {
                m.put("skipped", r.skipped());
            }
            rs.add(m);
        }
        return rs;
    }

    static final List<String> ATTACKS = List.of("none", "backdoor", "blended", "label-flip", "model-replacement",
            "sign-flip", "gaussian", "alie", "ipm");
    static final List<String> AGGREGATORS = List.of("mean", "median", "trimmed-mean", "geomed", "krum", "multi-krum",
            "bulyan", "centred-clipping", "norm-clipping", "fltrust");

    /** {@code privet fl simulate}: one in-process federation, per-round accuracy and attack success, a report. */
    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Simulate a federation in this process: clients train an MLP locally (FedAvg, or FedSGD with"
                    + " --fedsgd) on their partition of the data; a fraction of them attack; the server aggregates.",
                "Prints clean accuracy and attack success per round and writes a report (index.html + report.json)."},
            footer = {"", "Examples:",
                "  privet fl simulate --data images --clients 100 --rounds 10 --attack backdoor --attackers 0.1",
                "  privet fl simulate --data purchase --attack sign-flip --attackers 0.2 --aggregator krum",
                "  privet fl simulate --data images --attack model-replacement --attack-start 5 --aggregator norm-clipping",
                "  privet fl simulate --data images --attack model-replacement --anomaly-mu 1 --replacement-bound 2",
                "  privet fl simulate --data mnist --clients 100 --rounds 20 --dp --epsilon 8 --secagg",
                "", "Exit codes: 0 done, 1 failure, 2 bad usage."})
    static final class SimulateCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        DataOptions dataOptions;

        @Option(names = "--clients", defaultValue = "100", paramLabel = "N",
                description = "Clients in the federation (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--clients-per-round", defaultValue = "10", paramLabel = "K",
                description = "Clients sampled each round (expected number under --dp) (default: ${DEFAULT-VALUE}).")
        int perRound;

        @Option(names = "--rounds", defaultValue = "10", paramLabel = "R", description = "Rounds (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--partition", defaultValue = "iid", paramLabel = "KIND",
                description = "iid, dirichlet or shards (default: ${DEFAULT-VALUE}).")
        String partition;

        @Option(names = "--alpha", defaultValue = "0.5", paramLabel = "X",
                description = "Dirichlet concentration for --partition dirichlet (default: ${DEFAULT-VALUE}).")
        double alpha;

        @Option(names = "--shards-per-client", defaultValue = "2", paramLabel = "N",
                description = "Label-sorted shards per client for --partition shards (default: ${DEFAULT-VALUE}).")
        int shardsPerClient;

        @Option(names = "--fedsgd", description = "FedSGD: one full-batch gradient step per client and round.")
        boolean fedSgd;

        @Option(names = "--local-epochs", defaultValue = "2", paramLabel = "E",
                description = "FedAvg local epochs (default: ${DEFAULT-VALUE}).")
        int localEpochs;

        @Option(names = "--batch-size", defaultValue = "10", paramLabel = "B",
                description = "FedAvg local batch size (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--lr", defaultValue = "0.3", paramLabel = "X", description = "Client learning rate (default: ${DEFAULT-VALUE}).")
        float lr;

        @Option(names = "--server-lr", defaultValue = "1", paramLabel = "X",
                description = "Server learning rate eta: global += eta * aggregate (default: ${DEFAULT-VALUE}).")
        double serverLr;

        @Option(names = "--hidden", split = ",", defaultValue = "64", paramLabel = "N[,N...]",
                description = "Hidden widths of the MLP (default: ${DEFAULT-VALUE}).")
        int[] hidden;

        @Option(names = "--model", defaultValue = "mlp", paramLabel = "KIND",
                description = "mlp, or cnn (image data: conv5x5(8)-pool-conv5x5(16)-pool-dense(32); the clients train"
                        + " on [C, H, W] images) (default: ${DEFAULT-VALUE}).")
        String modelKind;

        @Option(names = "--dropout", defaultValue = "0", paramLabel = "P",
                description = "Probability that a sampled client drops out before sending (default: ${DEFAULT-VALUE}).")
        double dropout;

        @Option(names = "--stragglers", defaultValue = "0", paramLabel = "P",
                description = "Probability that a sampled client's update arrives after the round (default: ${DEFAULT-VALUE}).")
        double stragglers;

        @Option(names = "--attack", defaultValue = "none", paramLabel = "KIND",
                description = "none, backdoor (BadNets patch), blended, label-flip, model-replacement (backdoor + scaling),"
                        + " sign-flip, gaussian, alie or ipm (default: ${DEFAULT-VALUE}).")
        String attack;

        @Option(names = "--attackers", defaultValue = "0.1", paramLabel = "F",
                description = "Fraction of clients the attacker controls, in [0, 1) (default: ${DEFAULT-VALUE}).")
        double attackers;

        @Option(names = "--attack-start", defaultValue = "0", paramLabel = "ROUND",
                description = "First round in which attackers act (default: ${DEFAULT-VALUE}).")
        int attackStart;

        @Option(names = "--prox-mu", defaultValue = "0", paramLabel = "MU",
                description = "FedProx proximal coefficient of the honest clients, mu * lr < 1 (default: ${DEFAULT-VALUE}).")
        float proxMu;

        @Option(names = "--anomaly-mu", defaultValue = "0", paramLabel = "MU",
                description = "Constrain-and-scale: the attackers' L2 distance-to-global term, mu * lr < 1"
                        + " (default: ${DEFAULT-VALUE}).")
        float anomalyMu;

        @Option(names = "--replacement-bound", defaultValue = "0", paramLabel = "S",
                description = "Constrain-and-scale: cap on the norm of a model-replacement update, 0 = none"
                        + " (default: ${DEFAULT-VALUE}).")
        double replacementBound;

        @Option(names = "--target-label", defaultValue = "0", paramLabel = "C",
                description = "Backdoor target class (default: ${DEFAULT-VALUE}).")
        int targetLabel;

        @Option(names = "--aggregator", defaultValue = "mean", paramLabel = "RULE",
                description = "mean, median, trimmed-mean, geomed, krum, multi-krum, bulyan, centred-clipping,"
                        + " norm-clipping or fltrust (default: ${DEFAULT-VALUE}).")
        String aggregator;

        @Option(names = "--byzantine", paramLabel = "F",
                description = "f for Krum/Bulyan (default: the expected attackers per round, rounded up).")
        Integer byzantine;

        @Option(names = "--trim", defaultValue = "0.1", paramLabel = "BETA",
                description = "Trimmed fraction per side for trimmed-mean (default: ${DEFAULT-VALUE}).")
        double trim;

        @Option(names = "--clip-bound", defaultValue = "1", paramLabel = "X",
                description = "Norm bound of norm-clipping / radius of centred-clipping (default: ${DEFAULT-VALUE}).")
        double clipBound;

        @Option(names = "--dp", description = "DP-FedAvg: user-level clipping and Gaussian noise on the sum.")
        boolean dp;

        @Option(names = "--epsilon", paramLabel = "E",
                description = "Target user-level epsilon over all rounds (sets the noise multiplier; with --dp).")
        Double epsilon;

        @Option(names = "--noise-multiplier", paramLabel = "Z", description = "Noise multiplier z instead of --epsilon.")
        Double noiseMultiplier;

        @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D", description = "DP delta (default: ${DEFAULT-VALUE}).")
        double delta;

        @Option(names = "--clip-norm", defaultValue = "1", paramLabel = "S",
                description = "DP-FedAvg per-client clip norm (initial value with --adaptive-clip) (default: ${DEFAULT-VALUE}).")
        double clipNorm;

        @Option(names = "--adaptive-clip", description = "Adaptive clipping to the median update norm (Andrew et al. 2021).")
        boolean adaptiveClip;

        @Option(names = "--reconstruct", defaultValue = "0", paramLabel = "N",
                description = {"Also play the server against N clients of round 1 (image data), on the model's initial "
                    + "weights: honest-but-curious, recover each client's first example from its FedSGD gradient "
                    + "(analytic attack on the first Dense layer, MLP only; Inverting Gradients) and from the sum of "
                    + "the N gradients, all it sees under --secagg; malicious, an imprint module (Robbing the Fed) "
                    + "reads examples off the summed update (default: ${DEFAULT-VALUE}: off)."})
        int reconstruct;

        @Option(names = "--reconstruct-iterations", defaultValue = "200", paramLabel = "N",
                description = "Inverting Gradients iterations per restart (default: ${DEFAULT-VALUE}; 500-2000 for CNNs).")
        int reconstructIterations;

        @Option(names = "--reconstruct-restarts", defaultValue = "1", paramLabel = "N",
                description = "Inverting Gradients restarts (default: ${DEFAULT-VALUE}).")
        int reconstructRestarts;

        @Option(names = "--imprint-bins", defaultValue = "256", paramLabel = "K",
                description = "Bins of the malicious server's imprint module (default: ${DEFAULT-VALUE}).")
        int imprintBins;

        @Option(names = "--imprint-batch", defaultValue = "16", paramLabel = "B",
                description = "Local examples per client in the imprint attack's FedSGD update (default: ${DEFAULT-VALUE}).")
        int imprintBatch;

        @Option(names = "--secagg", description = "Aggregate with secure aggregation (mean or --dp only).")
        boolean secagg;

        @Option(names = "--ddp", description = {"Distributed DP (DDGauss, Kairouz et al. 2021): each client clips to"
                + " --clip-norm, rotates, rounds and adds its discrete Gaussian noise share; secure aggregation sums the"
                + " shares modulo 2^--ddp-bits. Needs --noise-multiplier z (the summed noise is z * clip-norm, as"
                + " central DP-FedAvg's) and the mean aggregator."})
        boolean ddp;

        @Option(names = "--ddp-bits", defaultValue = "18", paramLabel = "B",
                description = "Bits of the modular sum under --ddp, in [8, 62] (default: ${DEFAULT-VALUE}).")
        int ddpBits;

        @Option(names = "--out", defaultValue = "privet-out/fl-report", paramLabel = "DIR",
                description = "Report folder: index.html + report.json (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            Instant started = Instant.now();
            Progress progress = common.apply();
            checkOptions();
            Rng rng = Rng.of(common.seed);
            DataSources.Loaded loaded = DataSources.load(dataOptions.request(), rng, progress);
            Dataset[] prepared = DataSources.prepare(loaded.train(), loaded.test());
            Dataset train = prepared[0];
            Dataset test = prepared[1];
            if (reconstruct < 0) {
                throw new UsageException("--reconstruct must be >= 0. Provided value: " + reconstruct);
            }
            if (reconstructIterations < 1 || reconstructRestarts < 1 || imprintBins < 2 || imprintBatch < 1) {
                throw new UsageException("--reconstruct-iterations, --reconstruct-restarts and --imprint-batch must be"
                        + " >= 1 and --imprint-bins >= 2. Provided values: " + reconstructIterations + ", "
                        + reconstructRestarts + ", " + imprintBatch + ", " + imprintBins);
            }
            if (reconstruct > 0 && train.features().rank() != 4) {
                throw new UsageException("--reconstruct needs image data (e.g. --data images); '" + loaded.name()
                        + "' has feature shape " + train.features().shapeString());
            }
            if (clients > train.size()) {
                throw new UsageException("--clients must be <= training records (" + train.size() + "). Provided value: "
                        + clients);
            }
            int classes = train.numClasses();
            int features = train.features().size() / train.size();
            int[][] parts = switch (partition) {
                case "iid" -> Partitions.iid(train.size(), clients, rng.child("partition"));
                case "dirichlet" -> usage(() -> Partitions.dirichlet(train.labels(), classes, clients, alpha,
                        rng.child("partition")));
                default -> usage(() -> Partitions.shards(train.labels(), clients, shardsPerClient, rng.child("partition")));
            };
            long modelSeed = rng.child("model").nextLong();
            FlModel model = model(modelKind, train, hidden, modelSeed);
            LocalTraining local = usage(() -> (fedSgd ? LocalTraining.fedSgd(lr)
                    : LocalTraining.fedAvg(localEpochs, batchSize, lr)).withProximal(proxMu));
            int threads = common.threads != null ? common.threads
                    : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            FlConfig cfg = new FlConfig(rounds, perRound, local, serverLr, dropout, stragglers, threads, common.seed);
            Adversary adv = adversary(train, features, classes, loaded.isImage(), local);
            DpFedAvg dpCfg = null;
            double z = Double.NaN;
            if (dp) {
                double q = (double) perRound / clients;
                z = noiseMultiplier != null ? noiseMultiplier
                        : NoiseCalibration.noiseMultiplier(epsilon, delta, q, rounds);
                AdaptiveClipping ac = adaptiveClip ? AdaptiveClipping.paperDefaults(perRound, (float) clipNorm) : null;
                dpCfg = new DpFedAvg(z, clipNorm, delta, ac);
            }
            Aggregator agg = aggregator(aggregator, byzantine != null ? byzantine : (int) Math.ceil(attackers * perRound),
                    perRound, trim, clipBound, () -> fltrust(model, train, local, rng, !modelKind.equals("cnn")));
            FederatedSimulation sim;
            DistributedDiscreteGaussian ddpMechanism = null;
            try {
                if (ddp) {
                    ddpMechanism = DistributedDiscreteGaussian.calibrated(clipNorm, noiseMultiplier, perRound,
                            model.dimension(), ddpBits, DistributedDiscreteGaussian.DEFAULT_BETA);
                }
                sim = FederatedSimulation.builder().model(model).flattenInputs(!modelKind.equals("cnn"))
                        .distributedDp(ddpMechanism, delta)
                        .clients(train, parts).test(test).config(cfg)
                        .aggregator(agg).adversary(adv).dp(dpCfg).secureAggregation(secagg).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            FlHistory h = sim.run(progress);
            FlReconstruction recon = reconstruct > 0 ? FlReconstruction.run(train, test, parts, model,
                    !modelKind.equals("cnn"), new FlReconstruction.Settings(reconstruct, reconstructIterations,
                            reconstructRestarts, imprintBins, imprintBatch, common.seed), progress) : null;

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("data", loaded.name());
            settings.put("clients", clients);
            settings.put("clients per round", perRound);
            settings.put("rounds", rounds);
            settings.put("partition", partition.equals("dirichlet") ? "dirichlet(alpha=" + alpha + ")"
                    : partition.equals("shards") ? "shards(" + shardsPerClient + " per client)" : "iid");
            settings.put("algorithm", fedSgd ? "FedSGD" : "FedAvg");
            settings.put("model", modelKind + ": " + model.spec());
            settings.put("aggregator", dp ? "DP-FedAvg" : agg.name());
            settings.put("attack", adv.name());
            if (dp) {
                settings.put("noise multiplier", z);
                settings.put("clip norm", clipNorm + (adaptiveClip ? " (adaptive)" : ""));
                settings.put("delta", delta);
            }
            settings.put("secure aggregation", secagg || ddp);
            if (ddpMechanism != null) {
                settings.put("distributed DP", ddpMechanism.toString() + ", noise multiplier " + noiseMultiplier
                        + " for " + perRound + " clients, delta " + delta);
            }
            settings.put("seed", common.seed);
            Report report = report(loaded, train, settings, h, started, recon);
            report.writeTo(out);

            RoundRecord last = h.last();
            if (common.json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("settings", settings);
                j.put("cleanAccuracy", last.cleanAccuracy());
                j.put("attackSuccessRate", nullIfNaN(last.attackSuccess()));
                j.put("epsilon", nullIfNaN(last.epsilon()));
                if (recon != null) {
                    j.put("reconstruction", recon.json());
                }
                j.put("rejectedUpdates", h.rejections().size());
                j.put("rounds", roundsJson(h.rounds(), true));
                j.put("report", out.resolve(Report.HTML_FILE).toString());
                Json.print(j);
            } else {
                System.out.println(h.description());
                System.out.println("round  accepted  rejected  clean-acc  attack-success  epsilon");
                for (RoundRecord r : h.rounds()) {
                    System.out.println(String.format(Locale.ROOT, "%5d  %8d  %8d  %9.4f  %14s  %7s%s", r.round() + 1,
                            r.accepted(), r.rejected(), r.cleanAccuracy(), fmt(r.attackSuccess()), fmt(r.epsilon()),
                            r.skipped().isEmpty() ? "" : "  (model unchanged: " + r.skipped() + ")"));
                }
                System.out.println("report          " + out.resolve(Report.HTML_FILE));
            }
            return Main.OK;
        }

        private void checkOptions() {
            if (clients < 2) {
                throw new UsageException("--clients must be >= 2. Provided value: " + clients);
            }
            if (perRound < 1 || perRound > clients) {
                throw new UsageException("--clients-per-round must be in [1, --clients = " + clients + "]. Provided value: "
                        + perRound);
            }
            if (rounds < 1) {
                throw new UsageException("--rounds must be >= 1. Provided value: " + rounds);
            }
            if (!List.of("iid", "dirichlet", "shards").contains(partition)) {
                throw new UsageException("--partition must be iid, dirichlet or shards. Provided value: " + partition);
            }
            if (!ATTACKS.contains(attack)) {
                throw new UsageException("--attack must be one of " + String.join(", ", ATTACKS) + ". Provided value: "
                        + attack);
            }
            if (!AGGREGATORS.contains(aggregator)) {
                throw new UsageException("--aggregator must be one of " + String.join(", ", AGGREGATORS)
                        + ". Provided value: " + aggregator);
            }
            if (!(attackers >= 0 && attackers < 1)) {
                throw new UsageException("--attackers must be in [0, 1). Provided value: " + attackers);
            }
            if (ddp && (dp || noiseMultiplier == null || epsilon != null || adaptiveClip)) {
                throw new UsageException("--ddp needs --noise-multiplier (not --epsilon, --adaptive-clip or --dp)");
            }
            if (ddp && !aggregator.equals("mean")) {
                throw new UsageException("--ddp releases only the noisy sum: use --aggregator mean. Provided value: "
                        + aggregator);
            }
            if (dp && (epsilon == null) == (noiseMultiplier == null)) {
                throw new UsageException("--dp needs exactly one of --epsilon and --noise-multiplier");
            }
            if (!dp && !ddp && (epsilon != null || noiseMultiplier != null || adaptiveClip)) {
                throw new UsageException("--epsilon, --noise-multiplier and --adaptive-clip need --dp");
            }
            if (dp && !aggregator.equals("mean")) {
                throw new UsageException("--dp aggregates a clipped, noised sum; it cannot be combined with --aggregator "
                        + aggregator);
            }
            if (secagg && !dp && !aggregator.equals("mean")) {
                throw new UsageException("--secagg reveals only the sum: use --aggregator mean or --dp. Provided value: "
                        + aggregator);
            }
            checkRange("--lr", lr, false);
            checkRange("--server-lr", serverLr, false);
            checkRange("--clip-bound", clipBound, false);
            checkRange("--clip-norm", clipNorm, false);
            checkRange("--alpha", alpha, false);
            if (localEpochs < 1 || batchSize < 1) {
                throw new UsageException("--local-epochs and --batch-size must be >= 1. Provided value: " + localEpochs
                        + ", " + batchSize);
            }
            if (!(dropout >= 0 && dropout < 1) || !(stragglers >= 0 && stragglers < 1)) {
                throw new UsageException("--dropout and --stragglers must be in [0, 1). Provided value: " + dropout
                        + ", " + stragglers);
            }
            if (attackStart < 0) {
                throw new UsageException("--attack-start must be >= 0. Provided value: " + attackStart);
            }
            if (byzantine != null && byzantine < 0) {
                throw new UsageException("--byzantine must be >= 0. Provided value: " + byzantine);
            }
        }

        private static void checkRange(String name, double v, boolean zeroOk) {
            if (!(v > 0 || (zeroOk && v == 0)) || Double.isInfinite(v)) {
                throw new UsageException(name + " must be > 0 and finite. Provided value: " + v);
            }
        }

        private Adversary adversary(Dataset train, int features, int classes, boolean image, LocalTraining local) {
            if (attack.equals("none") || attackers == 0) {
                return Adversary.none();
            }
            if (targetLabel < 0 || targetLabel >= classes) {
                throw new UsageException("--target-label must be in [0, " + classes + "). Provided value: " + targetLabel);
            }
            // tabular data is standardised: the patch sets the last features to a large z-score
            Backdoor badnets = new Backdoor(new BadNetsPatch(image ? 3 : Math.max(3, features / 50), image ? 1f : 5f),
                    targetLabel, 0.5);
            DataPoison data = switch (attack) {
                case "backdoor", "model-replacement" -> badnets;
                case "blended" -> new Backdoor(new BlendedTrigger(features, 0.2, common.seed), targetLabel, 0.5);
                case "label-flip" -> LabelFlip.reverse(classes);
                default -> null;
            };
            UpdateAttack update = switch (attack) {
                case "model-replacement" -> usage(() -> new ModelReplacementAttack(Double.NaN, replacementBound));
                case "sign-flip" -> new SignFlipAttack(10);
                case "gaussian" -> new GaussianAttack(1);
                case "alie" -> new AlieAttack();
                case "ipm" -> new IpmAttack(10);
                default -> null;
            };
            LocalTraining attackerTraining = anomalyMu > 0 ? usage(() -> local.withProximal(anomalyMu)) : null;
            return new Adversary(attackers, data, update, attackStart, attackerTraining);
        }

        /** The aggregation rule {@code name} ({@link #AGGREGATORS}); {@code fltrust} builds FLTrust's root update. */
        static Aggregator aggregator(String name, int f, int perRound, double trim, double clipBound,
                java.util.function.Supplier<Aggregator> fltrust) {
            return switch (name) {
                case "mean" -> new WeightedMean(true);
                case "median" -> new CoordinateMedian();
                case "trimmed-mean" -> usage(() -> new TrimmedMean(trim));
                case "geomed" -> new GeometricMedian();
                case "krum" -> new Krum(f, 1);
                case "multi-krum" -> new Krum(f, Math.max(1, perRound - f));
                case "bulyan" -> new Bulyan(f);
                case "centred-clipping" -> new CenteredClipping(clipBound, 3);
                case "norm-clipping" -> new NormClipping(clipBound);
                default -> fltrust.get();
            };
        }

        /**
         * The federation's model: an MLP on flattened inputs, or (image data only) a small CNN on [C, H, W]
         * images; {@code modelSeed} fixes the initial weights.
         */
        static FlModel model(String kind, Dataset train, int[] hidden, long modelSeed) {
            int classes = train.numClasses();
            int features = train.features().size() / train.size();
            if (kind.equals("cnn")) {
                if (train.features().rank() != 4) {
                    throw new UsageException("--model cnn needs image data (e.g. --data images); '" + train.name()
                            + "' has feature shape " + train.features().shapeString());
                }
                int[] s = train.features().shape();
                return new FlModel(() -> Networks.cnn(Rng.of(modelSeed), s[1], s[2], s[3], classes, 8, 16, 32));
            }
            if (!kind.equals("mlp")) {
                throw new UsageException("--model must be mlp or cnn. Provided value: " + kind);
            }
            return new FlModel(() -> Networks.mlp(Rng.of(modelSeed), features, hidden, classes));
        }

        /** FLTrust's server trains on a clean root set of 100 training records (Cao et al. use 100). */
        static Aggregator fltrust(FlModel model, Dataset train, LocalTraining local, Rng rng, boolean flatten) {
            int[] idx = Arrays.copyOf(rng.child("fltrust-root").permutation(train.size()), Math.min(100, train.size()));
            return new FlTrust(new RootDatasetUpdate(model, train.subset(idx), local, rng.child("fltrust").nextLong(),
                    flatten));
        }

        private Report report(DataSources.Loaded loaded, Dataset train, Map<String, Object> settings, FlHistory h,
                Instant started, FlReconstruction recon) {
            Provenance prov = Provenance.builder().command("privet fl simulate").parameters(settings).seed(common.seed)
                    .dataset(loaded.name(), train.contentHash()).started(started).finished(Instant.now()).build();
            RoundRecord last = h.last();
            boolean backdoor = !Double.isNaN(last.attackSuccess());
            Report.Builder b = Report.builder("Federated learning: " + settings.get("aggregator") + " against "
                    + settings.get("attack")).provenance(prov)
                    .summary(loaded.description() + ". " + h.description() + ".")
                    .headline(Metric.of("clean accuracy", last.cleanAccuracy(),
                            "fraction of held-out records the final global model classifies correctly"));
            if (backdoor) {
                b.headline(Metric.of("attack success rate", last.attackSuccess(),
                        "fraction of triggered held-out records of other classes classified as the target"));
            }
            if (!Double.isNaN(last.epsilon())) {
                b.headline(Metric.of("epsilon", last.epsilon(), ddp
                        ? "user-level, distributed discrete Gaussian (Kairouz et al. 2021, Theorem 1) as RDP composed over"
                                + " rounds, no subsampling amplification, at delta " + delta
                        : "user-level, RDP accountant of the subsampled Gaussian at delta " + delta));
            }
            b.section("Per round");
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put("clean accuracy", h.cleanAccuracy());
            if (backdoor) {
                curves.put("attack success rate", h.attackSuccess());
            }
            b.lineChart("Accuracy and attack success per round", "round", "rate", curves);
            Table.Builder t = Table.builder("Rounds", "round", "sampled", "dropped", "stragglers", "attackers",
                    "accepted", "rejected", "clean accuracy", "attack success", "epsilon", "model update");
            for (RoundRecord r : h.rounds()) {
                t.row(r.round() + 1, r.sampled(), r.dropped(), r.stragglers(), r.attackers(), r.accepted(), r.rejected(),
                        round4(r.cleanAccuracy()), fmt(r.attackSuccess()), fmt(r.epsilon()),
                        r.skipped().isEmpty() ? "applied" : "skipped: " + r.skipped());
            }
            b.table(t.build());
            b.section("Settings");
            Table.Builder s = Table.builder("Settings", "setting", "value");
            settings.forEach((k, v) -> s.row(k, String.valueOf(v)));
            b.table(s.build());
            if (!h.rejections().isEmpty()) {
                b.section("Rejected updates");
                Table.Builder rj = Table.builder("Rejected updates (first 50 of " + h.rejections().size() + ")", "round",
                        "client", "reason");
                for (Rejection r : h.rejections().subList(0, Math.min(50, h.rejections().size()))) {
                    rj.row(r.round() + 1, r.clientId(), r.reason());
                }
                b.table(rj.build());
            }
            if (recon != null) {
                recon.addTo(b);
            }
            return b.build();
        }

        static <T> T usage(java.util.function.Supplier<T> s) {
            try {
                return s.get();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }

        private static Object nullIfNaN(double v) {
            return Double.isNaN(v) ? null : v;
        }

        private static String fmt(double v) {
            return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
        }

        private static String round4(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
    }
}

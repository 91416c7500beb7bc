package org.privet.cli;

import static org.privet.cli.AuditOutput.f4;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.attacks.infer.membership.AttackResult;
import org.privet.attacks.infer.membership.AuditRequest;
import org.privet.attacks.infer.membership.AuditResult;
import org.privet.attacks.infer.membership.MembershipAudit;
import org.privet.attacks.reference.ModelRecipe;
import org.privet.attacks.reference.ModelRecipes;
import org.privet.attacks.reference.QueryAugmentations;
import org.privet.core.data.Dataset;
import org.privet.core.data.split.AttackSplits;
import org.privet.core.metrics.RocCurve;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.io.Models;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.report.Metric;
import org.privet.report.Provenance;
import org.privet.report.Report;
import org.privet.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code privet audit}: trains a target the way the user would (or audits one), runs the
 * membership-inference attacks against it and writes a report. Exit code 3 when a
 * {@code --fail-if} gate trips.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Measure how much a model leaks about its training set (membership inference).",
            "With no options: generated Purchase-like data, an MLP target trained to overfit, LiRA, RMIA, "
                + "Shokri shadow models, label-only and the loss/confidence/entropy baselines; about two "
                + "minutes on 2 cores. Writes report.json and a self-contained index.html."},
        footer = {"", "Exit codes: 0 done, 1 failure, 2 usage, 3 a --fail-if gate tripped.", "",
            "Examples:",
            "  privet audit",
            "  privet audit --attacks lira,rmia,loss --references 16",
            "  privet audit --data mnist --model mlp --members 2000",
            "  privet audit --fail-if 'tpr@0.001>0.02'      (CI gate on low-FPR leakage)",
            "  privet audit --dp --epsilon 1 --epochs 10 --batch-size 128   (does DP-SGD close the leak?)",
            "  privet audit --target model.onnx --data data.csv --label y --member-column member   (a PyTorch model)",
            "  privet audit --scores scores.csv --reference-scores ref.npy --reference-keep keep.npy"})
final class AuditCommand implements Callable<Integer> {
    static final int GATE_FAILED = 3;

    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    DpOptions dpOptions;

    @Mixin
    ExternalModelOptions external;

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "KIND",
            description = "Target (and reference) architecture: mlp, cnn or logreg (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--hidden", split = ",", defaultValue = "256", paramLabel = "N[,N...]",
            description = "MLP hidden widths (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--epochs", defaultValue = "30", paramLabel = "N",
            description = "Training epochs of target and references (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", paramLabel = "X", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "X",
            description = "Decoupled weight decay, a regularising defence (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--members", defaultValue = "1000", paramLabel = "N",
            description = "Target training records, all audited as members (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--non-members", paramLabel = "N", description = "Audited non-members (default: same as --members).")
    Integer nonMembers;

    @Option(names = "--population", paramLabel = "N",
            description = "Attacker's own records for reference models, RMIA and Shokri (default: the rest of the data).")
    Integer population;

    @Option(names = "--attacks", defaultValue = "all", paramLabel = "LIST",
            description = "Comma-separated: loss, confidence, entropy, mentr, lira-online, lira-offline, rmia-online, "
                    + "rmia-offline, shokri, label-only, lira, rmia, all (membership), and inversion, extraction "
                    + "(default: ${DEFAULT-VALUE}: all membership attacks).")
    String attacks;

    @Option(names = "--references", defaultValue = "32", paramLabel = "N",
            description = "Reference models for LiRA/RMIA (and shadow models for Shokri) (default: ${DEFAULT-VALUE}).")
    int references;

    @Option(names = "--augment", description = "Query augmentation for image data (flips and shifts, averaged; LiRA).")
    boolean augment;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "Attack options, e.g. rmia.gamma=2, lira.fixed-variance=true, shokri.model=mlp, thresholds=per-class.")
    Map<String, String> attackOptions = new LinkedHashMap<>();

    @Option(names = "--bootstrap", defaultValue = "200", paramLabel = "N",
            description = "Bootstrap resamples for confidence intervals (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--top", defaultValue = "20", paramLabel = "K", description = "Most exposed records listed (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--fail-if", paramLabel = "EXPR",
            description = "Gate: exit 3 when any attack's metric crosses the bound, e.g. 'tpr@0.001>0.02', 'auc>0.6', "
                    + "'advantage>=0.1', or one attack: 'lira-online:tpr@0.01>0.1'. Repeatable.")
    List<String> failIf = new ArrayList<>();

    @Option(names = "--target", paramLabel = "MODEL_FILE",
            description = {"Audit a model written by 'privet train' instead of training one. Pass the same --data "
                + "flags and --seed as for training: the audit rebuilds its train/test split, checks it against the "
                + "hash in the model file, audits training records as members and test records as non-members, and "
                + "trains references with --model/--hidden/--epochs on the rest of the test split."})
    Path targetFile;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = {"Audit a live endpoint ('privet serve') instead of training one: the attacks query it over "
                + "HTTP. As with --target, pass the --data flags and --seed the served model was trained with, so the "
                + "audit knows its members; needs --api-key-file."})
    java.net.URI endpoint;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "File whose first line is the endpoint's API key.")
    Path apiKeyFile;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train the reference models as Apache Spark tasks (local[*], spark://HOST:PORT); needs the "
                    + "privet-spark module (docs/spark.md).")
    String spark;

    @Option(names = "--out", defaultValue = "privet-out/report", paramLabel = "DIR",
            description = "Report folder: index.html + report.json (default: ${DEFAULT-VALUE}).")
    Path out;

    /** The ONNX target of this run, closed when the audit ends. */
    private OnnxTarget onnx;

    @Override
    public Integer call() throws Exception {
        if (external.scores != null) {
            return ScoresImport.run(this, Instant.now());
        }
        try {
            return audit();
        } finally {
            if (onnx != null) {
                onnx.close();
            }
        }
    }

    private Integer audit() throws Exception {
        Instant started = Instant.now();
        List<Gate> gates = new ArrayList<>();
        for (String g : failIf) {
            gates.add(Gate.parse(g));
        }
        if (bootstrap < 20) {
            throw new UsageException("--bootstrap must be >= 20. Provided value: " + bootstrap);
        }
        if (top < 1) {
            throw new UsageException("--top must be >= 1. Provided value: " + top);
        }
        Progress progress = common.apply();
        Rng rng = Rng.of(common.seed);
        String kind = model.toLowerCase(Locale.ROOT);
        if (!List.of("mlp", "cnn", "logreg").contains(kind)) {
            throw new UsageException("--model must be one of mlp, cnn, logreg. Provided value: " + model);
        }

        // one pool of data: the audit needs members, non-members and attacker-owned population
        onnx = OnnxTarget.isOnnx(targetFile) ? OnnxTarget.open(targetFile, dataOptions.request(), external, common.seed,
                rng, progress) : null;
        DataSources.Loaded loaded = onnx != null ? onnx.loaded() : DataSources.load(dataOptions.request(), rng, progress);
        Dataset all = Dataset.concat(loaded.name(), loaded.train(), loaded.test());
        if (kind.equals("cnn") && !loaded.isImage()) {
            throw new UsageException("--model cnn needs image data; '" + loaded.name() + "' has feature shape "
                    + all.features().shapeString());
        }
        if (endpoint != null && targetFile != null) {
            throw new UsageException("give --target or --endpoint, not both");
        }
        ProbabilisticClassifier given = onnx != null ? onnx.classifier() : targetFile != null ? loadTarget(loaded)
                : endpoint == null ? null
                : ServeCommand.connectForAudit(endpoint, apiKeyFile, java.util.Arrays.copyOfRange(
                        loaded.train().features().shape(), 1, loaded.train().features().rank()), all.numClasses(),
                        common.seed, loaded.train().contentHash());
        AuditData split = given == null ? splitForTraining(loaded, all, rng) : splitForGivenTarget(loaded);
        int nm = split.nonMembers().size();
        int pop = split.population() == null ? 0 : split.population().size();
        int members = split.members().size();
        log(loaded.description());
        log("audit split: " + members + " members (target training set), " + nm + " non-members, " + pop
                + " population records for the attacker");

        ModelRecipe recipe = recipe(kind, all);
        Dataset candidates = Dataset.concat("candidates", split.members(), split.nonMembers());
        boolean[] isMember = new boolean[candidates.size()];
        Arrays.fill(isMember, 0, members, true);

        // inversion and extraction are handled beside the membership audit (AuditExtras)
        List<String> extras = new ArrayList<>();
        List<String> membershipAttacks = new ArrayList<>();
        for (String a : attacks.split(",")) {
            String t = a.trim().toLowerCase(Locale.ROOT);
            if (AuditExtras.NAMES.contains(t)) {
                extras.add(t);
            } else if (!t.isEmpty()) {
                membershipAttacks.add(t);
            }
        }
        if (membershipAttacks.isEmpty()) {
            // membership is what the audit is built around: without a request, its reference-free baselines run
            membershipAttacks = List.of("loss", "confidence", "entropy", "mentr");
            log("membership: baselines only (no membership attack requested)");
        }
        AuditRequest.Builder rb = AuditRequest.builder()
                .candidates(candidates)
                .population(pop > 0 ? split.population() : null)
                .recipe(recipe)
                .attacks(String.join(",", membershipAttacks))
                .references(references)
                .seed(common.seed)
                .threads(common.threads == null ? Runtime.getRuntime().availableProcessors() : common.threads);
        if (augment) {
            if (!loaded.isImage()) {
                throw new UsageException("--augment applies to image data only");
            }
            rb.augmentations(QueryAugmentations.mirror());
        }
        attackOptions.forEach((k, v) -> {
            if (!AuditExtras.owns(k)) {
                rb.option(k, v);
            }
        });
        // validate the whole request before any training: a stand-in with the target's shape
        int[] inputShape = Arrays.copyOfRange(all.features().shape(), 1, all.features().rank());
        try {
            rb.target(new ShapeOnly(inputShape, all.numClasses())).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        long t0 = System.nanoTime();
        ProbabilisticClassifier target = given;
        if (target == null) {
            progress.start("training target: " + recipe.describe(), 0);
            target = recipe.train(split.members(), rng.child("target"));
            progress.finish();
        }
        double trainAcc = accuracy(target, split.members());
        double testAcc = accuracy(target, split.nonMembers());
        log(String.format(Locale.ROOT, "target: train accuracy %.4f, test accuracy %.4f", trainAcc, testAcc));
        AuditRequest request = rb.target(target).build();
        long t1 = System.nanoTime();
        AuditResult result = spark == null ? MembershipAudit.run(request, progress)
                : SparkDispatch.backend(spark).audit(spark, request, sparkRecipe(kind), progress);
        long t2 = System.nanoTime();
        double targetSeconds = (t1 - t0) / 1e9;
        double attackSeconds = (t2 - t1) / 1e9;
        AuditExtras.Outcome extra = extras.isEmpty() ? null : AuditExtras.run(extras, target,
                AuditExtras.familyOf(kind, target), split.members(), split.nonMembers(), pop > 0 ? split.population()
                        : null, attackOptions, rng.child("extras"), progress);

        // score every attack
        Rng boot = rng.child("bootstrap");
        AuditOutput.Scoring scoring = new AuditOutput.Scoring(isMember, bootstrap, boot);
        for (AttackResult a : result.attacks()) {
            scoring.add(a.attack(), a.scores(), a.references(), a.parameters());
        }
        List<Map<String, Object>> rows = scoring.rows;
        Map<String, RocCurve> rocs = scoring.rocs;
        Map<String, List<Metric>> metrics = scoring.metrics;
        String strongest = AuditOutput.strongest(rocs);
        List<String> tripped = AuditOutput.trippedGates(gates, rocs);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("target", targetFile != null ? "model file " + targetFile : endpoint != null ? "endpoint "
                + endpoint + " (defences: " + ((org.privet.serve.client.RemoteClassifier) given).defences() + ")"
                : recipe.describe());
        settings.put("references.recipe", recipe.describe());
        settings.put("data", loaded.source());
        settings.put("members", members);
        settings.put("nonMembers", nm);
        settings.put("population", pop);
        settings.put("references", references);
        settings.put("attacks", String.join(",", request.attacks()) + (extras.isEmpty() ? "" : ","
                + String.join(",", extras)));
        settings.put("augment", augment);
        if (spark != null) {
            settings.put("references.trainedOn", "Apache Spark, master " + spark);
        }
        settings.putAll(result.provenance());
        attackOptions.forEach((k, v) -> settings.put("option." + k, v));

        Report report = buildReport(loaded, split, candidates, isMember, result, scoring, strongest,
                trainAcc, testAcc, settings, tripped, started, extra);
        report.writeTo(out);

        if (common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("data", DataSources.describe(loaded));
            j.put("settings", settings);
            j.put("seed", common.seed);
            j.put("targetTrainAccuracy", trainAcc);
            j.put("targetTestAccuracy", testAcc);
            j.put("attacks", rows);
            j.put("strongest", strongest);
            j.put("gatesTripped", tripped);
            if (extra != null) {
                j.putAll(extra.json());
            }
            Map<String, Object> timing = new LinkedHashMap<>();
            timing.put("targetTrainingSeconds", targetSeconds);
            timing.put("referenceTrainingAndAttacksSeconds", attackSeconds);
            timing.put("referenceModelsPerMinute", result.references().isPresent()
                    ? result.references().get().models() * 60.0 / attackSeconds : null);
            j.put("timing", timing);
            j.put("report", out.resolve(Report.HTML_FILE).toString());
            Json.print(j);
        } else {
            System.out.printf(Locale.ROOT, "target          train accuracy %.4f, test accuracy %.4f%n", trainAcc, testAcc);
            AuditOutput.printAttackTable(rows);
            if (result.references().isPresent()) {
                System.out.printf(Locale.ROOT, "time            target %.1fs; %d reference models + attacks %.1fs "
                        + "(%.0f models/min)%n", targetSeconds, result.references().get().models(), attackSeconds,
                        result.references().get().models() * 60.0 / attackSeconds);
            }
            System.out.println("report          " + out.resolve(Report.HTML_FILE));
            for (String t : tripped) {
                System.out.println("GATE FAILED     " + t);
            }
        }
        return tripped.isEmpty() ? Main.OK : GATE_FAILED;
    }

    /** Members, non-members and population, with the members' and non-members' row ids in the audited data. */
    record AuditData(Dataset members, Dataset nonMembers, Dataset population, int[] memberIds, int[] nonMemberIds,
            String sourceHash) {
    }

    private AuditData splitForTraining(DataSources.Loaded loaded, Dataset all, Rng rng) {
        int nm = nonMembers == null ? members : nonMembers;
        int pop = population == null ? all.size() - members - nm : population;
        if (members < 10 || nm < 10 || pop < 0 || members + nm + pop > all.size()) {
            throw new UsageException("data '" + loaded.name() + "' has " + all.size() + " records; --members "
                    + members + ", --non-members " + nm + " and --population " + pop
                    + " must each be >= 10 (population >= 0) and fit in it together");
        }
        AttackSplits s = AttackSplits.create(all, members, nm, pop, rng.child("audit-split"));
        return new AuditData(s.members(), s.nonMembers(), pop > 0 ? s.reference() : null, s.memberIndices(),
                s.nonMemberIndices(), s.source().contentHash());
    }

    /** The given model's own split: its training records are members; the test split is shared out. */
    private AuditData splitForGivenTarget(DataSources.Loaded loaded) {
        Dataset train = loaded.train();
        Dataset test = loaded.test();
        int nm = nonMembers == null ? Math.min(test.size() / 2, Math.min(members, train.size())) : nonMembers;
        int m = Math.min(members, train.size());
        if (m < 10 || nm < 10 || nm > test.size()) {
            throw new UsageException("the model's training split has " + train.size() + " records and its test split "
                    + test.size() + "; --members " + m + " and --non-members " + nm + " must be >= 10 and fit");
        }
        Rng r = Rng.of(common.seed).child("audit-target-split");
        int[] mi = java.util.Arrays.copyOf(r.permutation(train.size()), m);
        int[] perm = r.permutation(test.size());
        int[] ni = java.util.Arrays.copyOf(perm, nm);
        int[] pi = java.util.Arrays.copyOfRange(perm, nm, test.size());
        int[] nonIds = new int[nm];
        for (int i = 0; i < nm; i++) {
            nonIds[i] = train.size() + ni[i];
        }
        return new AuditData(train.subset(mi), test.subset(ni), pi.length > 0 ? test.subset(pi) : null, mi, nonIds,
                Dataset.concat(loaded.name(), train, test).contentHash());
    }

    private ProbabilisticClassifier loadTarget(DataSources.Loaded loaded) throws java.io.IOException {
        Models.Loaded lm = Models.load(targetFile);
        if (!(lm.model() instanceof ProbabilisticClassifier pc)) {
            throw new UsageException("--target " + targetFile + " holds a '" + lm.kind()
                    + "' model, which does not give probabilities");
        }
        org.privet.core.model.io.Provenance p = lm.provenance();
        if (p != null && p.seed() != null && p.seed() != common.seed) {
            throw new UsageException("--target " + targetFile + " was trained with --seed " + p.seed()
                    + "; pass --seed " + p.seed() + " (and the same --data flags) so the audit rebuilds its training split");
        }
        String hash = loaded.train().contentHash();
        if (p != null && p.datasetHash() != null && !p.datasetHash().equals(hash)) {
            throw new UsageException("--target " + targetFile + ": the data given does not reproduce the model's "
                    + "training set (dataset hash " + p.datasetHash() + " in the file, " + hash + " here); pass the "
                    + "same --data, --records, --classes, --features, --test-fraction and --seed as for 'privet train'");
        }
        int[] exampleShape = java.util.Arrays.copyOfRange(loaded.train().features().shape(), 1,
                loaded.train().features().rank());
        if (!java.util.Arrays.equals(pc.inputShape(), exampleShape)) {
            if (pc instanceof org.privet.core.model.WhiteBoxClassifier wb && pc.inputShape().length == 1) {
                return new org.privet.attacks.reference.FlatteningClassifier(wb, loaded.train().features().shape());
            }
            if (pc.inputShape().length == 1) {
                int flat = 1;
                for (int d : exampleShape) {
                    flat *= d;
                }
                if (flat == pc.inputShape()[0]) {
                    throw new UsageException("--target " + targetFile + " takes flat inputs; only networks and "
                            + "logistic regression can be audited on image data");
                }
            }
            throw new UsageException("--target " + targetFile + " expects inputs of shape "
                    + java.util.Arrays.toString(pc.inputShape()) + " but the data has "
                    + java.util.Arrays.toString(exampleShape));
        }
        return pc;
    }

    private ModelRecipe recipe(String kind, Dataset all) {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new UsageException("--epochs and --batch-size must be >= 1 and --lr > 0. Provided values: "
                    + epochs + ", " + batchSize + ", " + learningRate);
        }
        if (dpOptions.dp) {
            if (kind.equals("logreg")) {
                throw new UsageException("--dp trains networks (mlp, cnn) with DP-SGD; --model logreg has no DP trainer");
            }
            return new DpRecipe(kind, hidden, dpOptions.config(epochs, batchSize), dpOptions.describe(epochs, batchSize));
        }
        TrainConfig cfg = new TrainConfig("adam", learningRate, epochs, batchSize, 0f, weightDecay, common.seed);
        return switch (kind) {
            case "mlp" -> ModelRecipes.mlp(hidden, cfg);
            case "cnn" -> ModelRecipes.cnn(32, 64, 128, cfg);
            case "logreg" -> ModelRecipes.logisticRegression(LogisticRegression.Options.defaults());
            default -> throw new AssertionError("internal invariant: unknown model " + kind);
        };
    }

    /** The recipe as text for the Spark backend (its executors rebuild it from this). */
    private Map<String, String> sparkRecipe(String kind) {
        if (dpOptions.dp) {
            throw new UsageException("--spark does not train DP-SGD reference models yet; drop --dp or --spark");
        }
        return Map.of("model", kind, "hidden", Arrays.toString(hidden).replaceAll("[\\[\\] ]", ""), "optimizer", "adam",
                "lr", Float.toString(learningRate), "epochs", Integer.toString(epochs), "batch-size",
                Integer.toString(batchSize), "momentum", "0", "weight-decay", Float.toString(weightDecay), "seed",
                Long.toString(common.seed));
    }

    private static double accuracy(ProbabilisticClassifier c, Dataset d) {
        int[] p = c.predict(d.features());
        int[] y = d.labels();
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += p[i] == y[i] ? 1 : 0;
        }
        return (double) ok / y.length;
    }

    private Report buildReport(DataSources.Loaded loaded, AuditData split, Dataset candidates, boolean[] isMember,
            AuditResult result, AuditOutput.Scoring scoring, String strongest,
            double trainAcc, double testAcc, Map<String, Object> settings, List<String> tripped, Instant started,
            AuditExtras.Outcome extra) {
        Provenance prov = Provenance.builder()
                .command("privet audit")
                .parameters(settings)
                .seed(common.seed)
                .dataset(loaded.name(), split.sourceHash())
                .started(started)
                .finished(Instant.now())
                .build();
        RocCurve best = scoring.rocs.get(strongest);
        Report.Builder b = Report.builder("Membership inference audit: " + loaded.name())
                .provenance(prov)
                .summary(reading(strongest, best, trainAcc, testAcc, isMember))
                .headline(Metric.of(strongest + ": TPR at 0.1% FPR", best.tprAtFpr(1e-3),
                        "strongest attack; fraction of members found while wrongly flagging 0.1% of non-members"))
                .headline(Metric.of(strongest + ": AUC", best.auc(), "area under the ROC curve; 0.5 = no leak"))
                .headline(Metric.of("generalisation gap", trainAcc - testAcc, "target train accuracy minus test accuracy"));
        AuditOutput.gatesAndAttacks(b, tripped, scoring);

        AttackResult bestResult = result.attack(strongest);
        double[] s = bestResult.scores();
        AuditOutput.scoreHistogram(b, strongest, s, isMember);

        b.section("Target model");
        Table.Builder tm = Table.builder("Target", "property", "value");
        tm.row("architecture", settings.get("target"));
        tm.row("train accuracy (members)", f4(trainAcc));
        tm.row("test accuracy (non-members)", f4(testAcc));
        tm.row("generalisation gap", f4(trainAcc - testAcc));
        b.table(tm.build());

        b.section("Most exposed records");
        Integer[] order = AuditOutput.byScoreDescending(s);
        int[] memberIdx = split.memberIds();
        int[] nonIdx = split.nonMemberIds();
        List<String> names = candidates.classNames();
        Table.Builder ex = Table.builder("Top " + top + " records by " + strongest + " score (record id = row in the "
                + "audited data)", "rank", "record id", "class", "score", "actually a member");
        for (int k = 0; k < Math.min(top, order.length); k++) {
            int i = order[k];
            int id = i < memberIdx.length ? memberIdx[i] : nonIdx[i - memberIdx.length];
            int label = candidates.label(i);
            ex.row(k + 1, id, label < names.size() ? names.get(label) : String.valueOf(label), f4(s[i]),
                    isMember[i] ? "yes" : "no");
        }
        b.table(ex.build());

        b.section("Leakage per class");
        Table.Builder pc = Table.builder("AUC of " + strongest + " per class (95% bootstrap interval)", "class",
                "members", "non-members", "AUC", "interval");
        int classes = candidates.numClasses();
        Rng boot = Rng.of(common.seed).child("per-class");
        for (int c = 0; c < classes; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < s.length; i++) {
                if (candidates.label(i) == c) {
                    idx.add(i);
                }
            }
            String cname = c < names.size() ? names.get(c) : String.valueOf(c);
            AuditOutput.perClassRow(pc, cname, idx, s, isMember, bootstrap, boot.child("class", c));
        }
        b.table(pc.build());

        if (extra != null) {
            extra.sections().accept(b);
        }
        AuditOutput.metricsSection(b, scoring);
        return b.build();
    }

    /** Plain-language reading of the result for a non-expert. */
    static String reading(String strongest, RocCurve best, double trainAcc, double testAcc, boolean[] isMember) {
        double tpr = best.tprAtFpr(1e-3);
        double auc = best.auc();
        int m = 0;
        for (boolean b : isMember) {
            m += b ? 1 : 0;
        }
        String level;
        if (tpr >= 0.05 || auc >= 0.7) {
            level = "The model leaks strongly about its training set.";
        } else if (tpr >= 0.005 || auc >= 0.55) {
            level = "The model leaks measurably about its training set.";
        } else {
            level = "No attack here did clearly better than guessing.";
        }
        return String.format(Locale.ROOT, "%s The strongest attack (%s) identified %.1f%% of the %d training records "
                + "while wrongly accusing only 0.1%% of the records the model never saw (a guess would find 0.1%%); "
                + "its AUC is %.3f (0.5 = a coin flip). The target fits its training data with accuracy %.3f and "
                + "unseen data with %.3f: the larger that gap, the more it memorised. Defences that hold: "
                + "train with differential privacy (DP-SGD), regularise (weight decay, early stopping), or "
                + "release only labels.", level, strongest, 100 * tpr, m, auc, trainAcc, testAcc);
    }

    private void log(String line) {
        if (!common.quiet) {
            System.err.println(line);
        }
    }

    /** Stands in for the target while the request is validated; never queried. */
    private record ShapeOnly(int[] inputShape, int numClasses) implements ProbabilisticClassifier {
        @Override
        public Tensor predictProba(Tensor x) {
            throw new AssertionError("internal invariant: the stand-in target is never queried");
        }
    }

    /** A --fail-if expression: [attack:]metric op bound. */
    record Gate(String attack, String metric, double fpr, String op, double bound, String text) {
        static Gate parse(String expr) {
            String e = expr.replace(" ", "");
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(?:([a-z-]+):)?(auc|advantage|tpr@([0-9.eE-]+))(>=|<=|>|<)([0-9.eE-]+)")
                    .matcher(e.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new UsageException("--fail-if must look like 'tpr@0.001>0.02', 'auc>0.6', 'advantage>=0.1' or "
                        + "'ATTACK:METRIC>BOUND'. Provided value: " + expr);
            }
            double fpr = Double.NaN;
            String metric = m.group(2);
            if (metric.startsWith("tpr@")) {
                fpr = parse(m.group(3), expr);
                if (!(fpr > 0 && fpr < 1)) {
                    throw new UsageException("--fail-if: the FPR in tpr@FPR must be in (0, 1). Provided value: " + expr);
                }
            }
            return new Gate(m.group(1), metric, fpr, m.group(4), parse(m.group(5), expr), expr);
        }

        private static double parse(String s, String expr) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException ex) {
                throw new UsageException("--fail-if: '" + s + "' is not a number in " + expr);
            }
        }

        double value(RocCurve roc) {
            return switch (metric) {
                case "auc" -> roc.auc();
                case "advantage" -> roc.membershipAdvantage();
                default -> roc.tprAtFpr(fpr);
            };
        }

        boolean trips(double v) {
            return switch (op) {
                case ">" -> v > bound;
                case ">=" -> v >= bound;
                case "<" -> v < bound;
                default -> v <= bound;
            };
        }
    }
}

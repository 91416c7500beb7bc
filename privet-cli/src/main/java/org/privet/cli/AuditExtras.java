package org.privet.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.privet.attacks.extract.ExtractionAudit;
import org.privet.attacks.extract.InputDomain;
import org.privet.attacks.invert.AttributeInference;
import org.privet.attacks.invert.InversionAudit;
import org.privet.attacks.invert.MiFace;
import org.privet.attacks.invert.SensitiveAttribute;
import org.privet.core.data.Dataset;
import org.privet.core.model.LabelClassifier;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.report.GridImage;
import org.privet.report.ImageGrid;
import org.privet.report.Report;
import org.privet.report.Table;

/**
 * The inversion and extraction parts of {@code privet audit}: run on the same target and data as the
 * membership audit, each adds a report section and a JSON entry.
 *
 * <p>Options (through {@code --option}): {@code inversion.classes=N} (classes inverted, default 10),
 * {@code inversion.alpha}, {@code inversion.lambda}, {@code inversion.gamma}, {@code inversion.blackbox=true},
 * {@code inversion.sensitive=COLUMN} (tabular data: attribute inference on that column),
 * {@code extraction.budget=N} (queries per attack, default 1000), {@code extraction.family=logreg|tree|any},
 * {@code defences=none,round:2,top:1,label,laplace:1,...} (each inversion and extraction attack against the
 * model served by privet-serve with that output defence).
 */
final class AuditExtras {
    private AuditExtras() {
    }

    /** What the extras add: JSON entries and a report-section writer. */
    record Outcome(Map<String, Object> json, Consumer<Report.Builder> sections) {
    }

    static final List<String> NAMES = List.of("inversion", "extraction");

    /** The options this class reads (so the membership audit does not reject them as unknown). */
    static boolean owns(String optionKey) {
        return optionKey.startsWith("inversion.") || optionKey.startsWith("extraction.") || optionKey.equals("defences");
    }

    /** The family equation solving / path finding may assume: from the trained kind, or the loaded model. */
    static String familyOf(String kind, LabelClassifier target) {
        String f = ExtractionAudit.familyOf(target);
        if (!f.equals("any")) {
            return f;
        }
        return kind.equals("logreg") ? "logreg" : "any";
    }

    static Outcome run(List<String> which, LabelClassifier target, String targetFamily, Dataset members,
                       Dataset nonMembers, Dataset population, Map<String, String> options, Rng rng,
                       Progress progress) {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Consumer<Report.Builder>> parts = new ArrayList<>();
        if (which.contains("inversion")) {
            inversion(target, members, nonMembers, population, options, rng.child("inversion"), progress, json,
                    parts);
        }
        if (which.contains("extraction")) {
            extraction(target, targetFamily, members, nonMembers, population, options, rng.child("extraction"),
                    progress, json, parts);
        }
        return new Outcome(json, b -> parts.forEach(p -> p.accept(b)));
    }

    private static int intOption(Map<String, String> o, String key, int dflt, int min) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int x = Integer.parseInt(v.trim());
            if (x < min) {
                throw new UsageException("--option " + key + " must be >= " + min + ". Provided value: " + v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException("--option " + key + " must be an integer. Provided value: " + v);
        }
    }

    private static double doubleOption(Map<String, String> o, String key, double dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--option " + key + " must be a number. Provided value: " + v);
        }
    }

    private static void inversion(LabelClassifier target, Dataset members, Dataset nonMembers, Dataset population,
                                  Map<String, String> o, Rng rng, Progress progress, Map<String, Object> json,
                                  List<Consumer<Report.Builder>> parts) {
        if (!(target instanceof ProbabilisticClassifier)) {
            throw new UsageException("inversion needs a target that returns confidences");
        }
        List<String> defences = defenceList(o.get("defences"));
        if (members.features().rank() == 4) {
            images(target, members, o, defences, rng, progress, json, parts);
        } else {
            attributes(target, members, nonMembers, population, o, defences, rng, json, parts);
        }
    }

    private static void images(LabelClassifier target, Dataset members, Map<String, String> o, List<String> defences,
                               Rng rng, Progress progress, Map<String, Object> json,
                               List<Consumer<Report.Builder>> parts) {
        int k = Math.min(target.numClasses(), intOption(o, "inversion.classes", 10, 1));
        int[] classes = new int[k];
        for (int i = 0; i < k; i++) {
            classes[i] = i;
        }
        MiFace.Options mo = MiFace.Options.paper()
                .withAlpha(intOption(o, "inversion.alpha", 5000, 1))
                .withLambda(doubleOption(o, "inversion.lambda", 0.1))
                .withGamma(doubleOption(o, "inversion.gamma", 0.99));
        boolean black = Boolean.parseBoolean(o.getOrDefault("inversion.blackbox", "false"));
        List<Map<String, Object>> perDefence = new ArrayList<>();
        InversionAudit.Result first = null;
        String firstDefence = null;
        List<Object[]> summary = new ArrayList<>();
        for (String defence : defences) {
            try (ServedTarget served = ServedTarget.of(target, defence)) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("defence", served.describe());
                if (!(served.classifier() instanceof ProbabilisticClassifier pc)) {
                    j.put("error", "the endpoint returns labels only: MI-Face needs confidences");
                    perDefence.add(j);
                    summary.add(new Object[] {served.describe(), "-", "-", "-", "labels only: MI-Face needs confidences"});
                    continue;
                }
                // through an endpoint only the black-box variant applies
                InversionAudit.Result r = InversionAudit.run(pc, members, classes, mo,
                        !black && defence.equals("none"), rng.child("defence", defences.indexOf(defence)), progress);
                if (first == null) {
                    first = r;
                    firstDefence = served.describe();
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (InversionAudit.ClassResult c : r.classes()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("class", c.className());
                    row.put("ssimOwn", c.ownSimilarity());
                    row.put("ssimBestOther", c.bestOtherSimilarity());
                    row.put("identified", c.identified());
                    row.put("confidence", 1 - c.cost());
                    row.put("iterations", c.iterations());
                    row.put("stop", c.stop());
                    row.put("queries", c.queries());
                    rows.add(row);
                }
                j.put("method", "MI-Face (" + (r.whiteBox() ? "white-box" : "black-box") + ")");
                j.put("identificationRate", r.identificationRate());
                j.put("meanSsimOwn", r.meanOwnSimilarity());
                j.put("classes", rows);
                perDefence.add(j);
                summary.add(new Object[] {served.describe(), r.whiteBox() ? "white-box" : "black-box",
                    fmt(r.identificationRate()), fmt(r.meanOwnSimilarity()), ""});
            }
        }
        Map<String, Object> inv = new LinkedHashMap<>(perDefence.get(0));
        if (perDefence.size() > 1) {
            inv.put("byDefence", perDefence);
        }
        json.put("inversion", inv);
        float[] means = classMeans(members);
        int plane = members.features().size() / members.size();
        int[] shape = members.features().shape();
        InversionAudit.Result r = first;
        String rDefence = firstDefence;
        parts.add(b -> {
            b.section("Model inversion (MI-Face)");
            b.text(String.format(Locale.ROOT, "MI-Face (Fredrikson et al. 2015), alpha %d, beta %d, lambda %.3g, "
                    + "confidence threshold %.2f. A reconstruction is identified when it correlates best with that "
                    + "class's distinctive features (its mean training image minus the mean of all); SSIM compares "
                    + "it with each of the class's training images.", mo.alpha(), mo.beta(), mo.lambda(), mo.gamma()));
            if (defences.size() > 1) {
                Table.Builder t = Table.builder("By output defence (the served model, queried over HTTP)", "defence",
                        "variant", "identified", "mean SSIM to own images", "note");
                summary.forEach(t::row);
                b.table(t.build());
            }
            if (r == null) {
                return;
            }
            Table.Builder t = Table.builder("Reconstructions (defence: " + rDefence + ")", "class",
                    "SSIM to own images", "best SSIM to others", "identified", "confidence", "iterations", "stop");
            for (InversionAudit.ClassResult c : r.classes()) {
                t.row(c.className(), fmt(c.ownSimilarity()), fmt(c.bestOtherSimilarity()),
                        c.identified() ? "yes" : "no", fmt(1 - c.cost()), c.iterations(), c.stop());
            }
            b.table(t.build());
            ImageGrid.Builder g = ImageGrid.builder("Reconstruction beside the class's mean training image")
                    .columns("reconstruction", "mean of training images");
            for (InversionAudit.ClassResult c : r.classes()) {
                float[] mean = Arrays.copyOfRange(means, c.label() * plane, (c.label() + 1) * plane);
                g.row(c.className(), GridImage.of(c.image(), 1.0),
                        GridImage.of(Tensor.wrap(mean, shape[1], shape[2], shape[3]), 1.0));
            }
            b.imageGrid(g.build());
        });
    }

    private static void attributes(LabelClassifier target, Dataset members, Dataset nonMembers, Dataset population,
                                   Map<String, String> o, List<String> defences, Rng rng, Map<String, Object> json,
                                   List<Consumer<Report.Builder>> parts) {
        String column = o.get("inversion.sensitive");
        if (column == null) {
            throw new UsageException("inversion on tabular data is attribute inference: name the sensitive column "
                    + "with --option inversion.sensitive=COLUMN");
        }
        Dataset aux = population != null ? population : nonMembers;
        SensitiveAttribute a;
        try {
            a = SensitiveAttribute.fromColumn(aux, column);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--option inversion.sensitive: " + e.getMessage());
        }
        int n = Math.min(1000, members.size());
        Dataset victims = known(members.subset(Arrays.copyOf(rng.child("victims").permutation(members.size()), n)), a);
        Dataset nonVictims = known(nonMembers.subset(Arrays.copyOf(rng.child("non-victims").permutation(
                nonMembers.size()), Math.min(n, nonMembers.size()))), a);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String defence : defences) {
            try (ServedTarget served = ServedTarget.of(target, defence)) {
                AttributeInference.Report onMembers = AttributeInference.evaluate(served.classifier(), a,
                        aux.features(), aux.labels(), victims.features(), victims.labels());
                AttributeInference.Report onNon = AttributeInference.evaluate(served.classifier(), a, aux.features(),
                        aux.labels(), nonVictims.features(), nonVictims.labels());
                for (int i = 0; i < onMembers.estimates().size(); i++) {
                    AttributeInference.Estimate m = onMembers.estimates().get(i);
                    AttributeInference.Estimate nm = onNon.estimates().get(i);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("defence", served.describe());
                    row.put("method", m.method());
                    row.put("accuracyMembers", m.accuracy());
                    row.put("balancedAccuracyMembers", m.balancedAccuracy());
                    row.put("accuracyNonMembers", nm.accuracy());
                    row.put("balancedAccuracyNonMembers", nm.balancedAccuracy());
                    row.put("queriesPerRecord", m.queries() / Math.max(1, m.guesses().length));
                    rows.add(row);
                }
            }
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("attribute", column);
        j.put("values", a.valueNames());
        j.put("estimates", rows);
        json.put("attributeInference", j);
        parts.add(b -> {
            b.section("Attribute inference: " + column);
            b.text("The attacker knows a record's other features and its label and guesses '" + column + "' ("
                    + a.values() + " values) from the model's answers (Fredrikson et al. 2014/2015). Members are "
                    + "training records, non-members held-out ones: a gap between them is a privacy leak of the "
                    + "training set; equal figures are what the model reveals about the population. The prior "
                    + "row guesses the most frequent value; balanced accuracy is the mean recall over values.");
            Table.Builder t = Table.builder("Estimators", "defence", "method", "accuracy (members)",
                    "balanced accuracy (members)", "accuracy (non-members)", "balanced accuracy (non-members)");
            for (Map<String, Object> row : rows) {
                t.row(row.get("defence"), row.get("method"), fmt((double) row.get("accuracyMembers")),
                        fmt((double) row.get("balancedAccuracyMembers")), fmt((double) row.get("accuracyNonMembers")),
                        fmt((double) row.get("balancedAccuracyNonMembers")));
            }
            b.table(t.build());
        });
    }

    private static Dataset known(Dataset d, SensitiveAttribute a) {
        int[] keep = new int[d.size()];
        int n = 0;
        for (int i = 0; i < d.size(); i++) {
            if (a.valueOf(d.features(), i) >= 0) {
                keep[n++] = i;
            }
        }
        return d.subset(Arrays.copyOf(keep, n));
    }

    private static void extraction(LabelClassifier target, String family, Dataset members, Dataset nonMembers,
                                   Dataset population, Map<String, String> o, Rng rng, Progress progress,
                                   Map<String, Object> json, List<Consumer<Report.Builder>> parts) {
        int budget = intOption(o, "extraction.budget", 1000, 2);
        String fam = o.getOrDefault("extraction.family", family);
        if (!List.of("logreg", "tree", "any").contains(fam)) {
            throw new UsageException("--option extraction.family must be logreg, tree or any. Provided value: " + fam);
        }
        List<String> defences = defenceList(o.get("defences"));
        Dataset attacker = population != null ? population : members;
        int n = attacker.size();
        int d = attacker.features().size() / n;
        Tensor transfer = attacker.features().reshape(n, d);
        Tensor testX = nonMembers.features().reshape(nonMembers.size(), d);
        double targetAcc = org.privet.attacks.extract.Fidelity.accuracy(Reshaped.of(target, d), testX,
                nonMembers.labels());
        List<Map<String, Object>> jr = new ArrayList<>();
        List<Object[]> tableRows = new ArrayList<>();
        for (String defence : defences) {
            try (ServedTarget served = ServedTarget.of(target, defence)) {
                // fidelity is measured against the undefended model: the copy is judged on what the owner has
                List<ExtractionAudit.Row> rows = ExtractionAudit.run(Reshaped.of(served.classifier(), d), transfer,
                        testX, nonMembers.labels(), InputDomain.of(transfer), new ExtractionAudit.Options(budget, fam),
                        rng.child("defence", defences.indexOf(defence)), progress);
                for (ExtractionAudit.Row r : rows) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("defence", served.describe());
                    m.put("attack", r.attack());
                    m.put("queries", r.queries());
                    m.put("agreementTest", r.agreementTest());
                    m.put("agreementUniform", r.agreementUniform());
                    m.put("copyAccuracy", r.copyAccuracy());
                    m.put("error", r.error());
                    jr.add(m);
                    tableRows.add(new Object[] {served.describe(), r.attack(), r.queries(), fmt(r.agreementTest()),
                        fmt(r.agreementUniform()), fmt(r.copyAccuracy()), r.error() == null ? "" : r.error()});
                }
            }
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("budget", budget);
        j.put("family", fam);
        j.put("targetTestAccuracy", targetAcc);
        j.put("attacks", jr);
        json.put("extraction", j);
        parts.add(b -> {
            b.section("Model extraction");
            b.text(String.format(Locale.ROOT, "Each attack queries the target through a counter with a budget of "
                    + "%d rows (equation solving uses d + 1 and 20 (d + 1)); the attacker's data is the audit's "
                    + "population. Agreement: fraction of inputs on which copy and target give the same label, on "
                    + "held-out records and on uniform inputs over the data's bounding box (Tramer et al. 2016). "
                    + "Target test accuracy %.4f.%s", budget, targetAcc, defences.size() > 1 || !defences.get(0)
                    .equals("none") ? " Each defence row attacks the model served by privet serve on loopback with "
                    + "that output defence (the agreement is with the undefended model)." : ""));
            Table.Builder t = Table.builder("Extraction attacks", "defence", "attack", "queries", "agreement (test)",
                    "agreement (uniform)", "copy accuracy", "note");
            tableRows.forEach(t::row);
            b.table(t.build());
        });
    }

    /** Parses {@code none,round:2,top:1,label,laplace:1,gaussian:1:1e-5,reverse-sigmoid:0.7:0.2}. */
    static List<String> defenceList(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of("none");
        }
        List<String> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                ServedTarget.defence(t); // validate now, before any work
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("--option defences: no defence named");
        }
        return out;
    }

    /**
     * The target as an attacker meets it: in process for {@code none}, else served by privet-serve on loopback
     * with one output defence and reached through {@link org.privet.serve.client.RemoteClassifier}.
     */
    static final class ServedTarget implements AutoCloseable {
        private final LabelClassifier classifier;
        private final org.privet.serve.PredictionServer server;
        private final String description;

        private ServedTarget(LabelClassifier classifier, org.privet.serve.PredictionServer server, String d) {
            this.classifier = classifier;
            this.server = server;
            this.description = d;
        }

        static org.privet.serve.defence.OutputDefence defence(String spec) {
            String[] p = spec.split(":");
            org.privet.serve.defence.OutputDefence.Builder b = org.privet.serve.defence.OutputDefence.builder();
            try {
                switch (p[0]) {
                    case "none" -> {
                        return org.privet.serve.defence.OutputDefence.none();
                    }
                    case "round" -> b.round(Integer.parseInt(p[1]));
                    case "top" -> b.topK(Integer.parseInt(p[1]));
                    case "label" -> b.labelOnly();
                    case "laplace" -> b.laplace(Double.parseDouble(p[1]));
                    case "gaussian" -> b.gaussian(Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                    case "reverse-sigmoid" -> b.reverseSigmoid(Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                    default -> throw new UsageException("unknown defence '" + spec + "'; use none, round:D, top:K, "
                            + "label, laplace:EPS, gaussian:EPS:DELTA or reverse-sigmoid:BETA:GAMMA");
                }
                return b.build();
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new UsageException("defence '" + spec + "': missing or bad number (e.g. round:2, top:1, "
                        + "laplace:1, gaussian:1:1e-5, reverse-sigmoid:0.7:0.2)");
            } catch (UsageException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new UsageException("defence '" + spec + "': " + e.getMessage());
            }
        }

        static ServedTarget of(LabelClassifier target, String spec) {
            if (spec.equals("none")) {
                return new ServedTarget(target, null, "none");
            }
            if (!(target instanceof ProbabilisticClassifier pt)) {
                throw new UsageException("defences need a target that returns confidences");
            }
            org.privet.serve.defence.OutputDefence def = defence(spec);
            String key = org.privet.serve.ApiKeys.generate(new java.security.SecureRandom());
            try {
                org.privet.serve.PredictionServer server = org.privet.serve.PredictionServer.start(pt,
                        org.privet.serve.ServeConfig.builder().host("127.0.0.1").port(0)
                                .keys(org.privet.serve.ApiKeys.single("audit", key,
                                        org.privet.serve.KeyPolicy.defaults()))
                                .defence(def).build());
                org.privet.serve.client.RemoteClassifier remote = org.privet.serve.client.RemoteClassifier.connect(
                        server.uri(), key, org.privet.serve.client.RemoteOptions.defaults());
                LabelClassifier c = remote;
                if (remote.release() == org.privet.serve.client.RemoteClassifier.Release.LABEL) {
                    c = new LabelClassifier() {
                        public int numClasses() {
                            return remote.numClasses();
                        }

                        public int[] inputShape() {
                            return remote.inputShape();
                        }

                        public int[] predict(Tensor x) {
                            return remote.predict(x);
                        }
                    };
                }
                return new ServedTarget(c, server, def.describe());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        LabelClassifier classifier() {
            return classifier;
        }

        String describe() {
            return description;
        }

        @Override
        public void close() {
            if (server != null) {
                try {
                    server.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static float[] classMeans(Dataset d) {
        int n = d.size();
        int plane = d.features().size() / n;
        int k = d.numClasses();
        float[] out = new float[k * plane];
        int[] count = new int[k];
        float[] x = d.features().data();
        for (int i = 0; i < n; i++) {
            int c = d.label(i);
            count[c]++;
            for (int j = 0; j < plane; j++) {
                out[c * plane + j] += x[i * plane + j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < plane; j++) {
                out[c * plane + j] /= Math.max(1, count[c]);
            }
        }
        return out;
    }

    /** A target seen with flat inputs {@code [n, d]} (reshaped to its own input shape on each query). */
    private static final class Reshaped implements ProbabilisticClassifier {
        private final LabelClassifier inner;
        private final int d;

        private Reshaped(LabelClassifier inner, int d) {
            this.inner = inner;
            this.d = d;
        }

        static LabelClassifier of(LabelClassifier target, int d) {
            if (target.inputShape().length == 1) {
                return target;
            }
            if (target instanceof ProbabilisticClassifier) {
                return new Reshaped(target, d);
            }
            return new LabelClassifier() {
                public int numClasses() {
                    return target.numClasses();
                }

                public int[] inputShape() {
                    return new int[] {d};
                }

                public int[] predict(Tensor x) {
                    return target.predict(unflatten(x, target.inputShape()));
                }
            };
        }

        private static Tensor unflatten(Tensor x, int[] shape) {
            int[] s = new int[shape.length + 1];
            s[0] = x.dim(0);
            System.arraycopy(shape, 0, s, 1, shape.length);
            return x.reshape(s);
        }

        @Override
        public int numClasses() {
            return inner.numClasses();
        }

        @Override
        public int[] inputShape() {
            return new int[] {d};
        }

        @Override
        public Tensor predictProba(Tensor x) {
            return ((ProbabilisticClassifier) inner).predictProba(unflatten(x, inner.inputShape()));
        }

        @Override
        public int[] predict(Tensor x) {
            return inner.predict(unflatten(x, inner.inputShape()));
        }
    }
}

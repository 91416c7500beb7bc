package org.privet.cli;

import static org.privet.cli.AuditOutput.f4;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.privet.attacks.infer.membership.Baselines;
import org.privet.attacks.infer.membership.Lira;
import org.privet.attacks.infer.membership.ModelOutputs;
import org.privet.attacks.infer.membership.Rmia;
import org.privet.core.metrics.RocCurve;
import org.privet.core.rng.Rng;
import org.privet.onnx.scores.ImportedScores;
import org.privet.report.Metric;
import org.privet.report.Provenance;
import org.privet.report.Report;
import org.privet.report.Table;

/**
 * {@code privet audit --scores FILE}: the membership audit on per-record scores of a model trained
 * anywhere ({@link ImportedScores}), without the model. Candidates are the records with membership
 * 1 or 0; records marked -1 are the attacker's population (RMIA's {@code z}).
 *
 * <p>What runs on what was given:
 * <ul>
 *   <li>{@code loss}, {@code confidence}: always (from a loss, {@code p_y = exp(-loss)});</li>
 *   <li>{@code entropy}, {@code mentr}: only with per-class logits or probabilities;</li>
 *   <li>{@code lira-online}: with reference scores and enough IN and OUT models per candidate
 *       (per-example variance: 2 and 2; fixed variance, the default under 64 references: 1 and 1);
 *       {@code lira-offline}: enough OUT models;</li>
 *   <li>{@code rmia-online} (each candidate IN and OUT for some model) and {@code rmia-offline} (OUT
 *       for some model): with reference scores and population records;</li>
 *   <li>{@code shokri}, {@code label-only}, {@code inversion}, {@code extraction}: never (they train
 *       shadow models or query the model).</li>
 * </ul>
 * Every requested attack that cannot run is listed with the reason, in the report and the JSON.
 */
final class ScoresImport {
    static final List<String> MEMBERSHIP = List.of("loss", "confidence", "entropy", "mentr", "lira-online",
            "lira-offline", "rmia-online", "rmia-offline", "shokri", "label-only");

    private ScoresImport() {
    }

    /** One attack's scores over the candidates. */
    private record Ran(String attack, double[] scores, int references, Map<String, String> parameters) {
    }

    static int run(AuditCommand cmd, Instant started) throws IOException {
        ExternalModelOptions ext = cmd.external;
        if (cmd.targetFile != null || cmd.endpoint != null) {
            throw new UsageException("--scores audits a model from its scores: give it without --target or --endpoint");
        }
        if (cmd.bootstrap < 20) {
            throw new UsageException("--bootstrap must be >= 20. Provided value: " + cmd.bootstrap);
        }
        if (cmd.top < 1) {
            throw new UsageException("--top must be >= 1. Provided value: " + cmd.top);
        }
        List<AuditCommand.Gate> gates = new ArrayList<>();
        for (String g : cmd.failIf) {
            gates.add(AuditCommand.Gate.parse(g));
        }
        cmd.common.apply();
        Boolean fixedOption = null;
        Rmia.Options rmiaOn = Rmia.Options.onlineDefaults();
        double a = rmiaOn.a();
        double gamma = rmiaOn.gamma();
        for (Map.Entry<String, String> e : cmd.attackOptions.entrySet()) {
            String v = e.getValue().trim();
            try {
                switch (e.getKey().trim().toLowerCase(Locale.ROOT)) {
                    case "lira.fixed-variance" -> {
                        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                            throw new UsageException("--option lira.fixed-variance must be true or false. Provided value: "
                                    + v);
                        }
                        fixedOption = Boolean.parseBoolean(v);
                    }
                    case "rmia.a" -> a = Double.parseDouble(v);
                    case "rmia.gamma" -> gamma = Double.parseDouble(v);
                    default -> throw new UsageException("--option " + e.getKey() + " does not apply to --scores; "
                            + "known there: lira.fixed-variance, rmia.a, rmia.gamma");
                }
            } catch (NumberFormatException ex) {
                throw new UsageException("--option " + e.getKey() + " needs a number. Provided value: " + v);
            }
        }
        Rmia.Options rmiaOnline;
        Rmia.Options rmiaOffline;
        try {
            rmiaOnline = new Rmia.Options(true, a, gamma);
            rmiaOffline = new Rmia.Options(false, a, gamma);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Set<String> requested = requested(cmd.attacks);
        ImportedScores.Kind kind;
        ImportedScores s;
        try {
            kind = ImportedScores.Kind.parse(ext.scoreKind);
            s = ImportedScores.read(new ImportedScores.Sources(ext.scores, kind, ext.scoreLabels, ext.scoreMembers,
                    ext.referenceScores, ext.referenceKeep));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        log(cmd, s.describe());

        byte[] membership = s.membership();
        int n = s.records();
        int nc = 0;
        for (byte m : membership) {
            nc += m >= 0 ? 1 : 0;
        }
        int[] cand = new int[nc];
        int[] pop = new int[n - nc];
        for (int i = 0, p = 0, q = 0; i < n; i++) {
            if (membership[i] >= 0) {
                cand[p++] = i;
            } else {
                pop[q++] = i;
            }
        }
        boolean[] isMember = new boolean[nc];
        for (int k = 0; k < nc; k++) {
            isMember[k] = membership[cand[k]] == 1;
        }
        int[] allLabels = s.labels();
        int[] yc = allLabels == null ? null : pick(allLabels, cand);
        int models = s.referenceModels();
        boolean fixed = fixedOption != null ? fixedOption : models < 64;

        List<Ran> ran = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String atk : requested) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("from", s.kind().toString());
            switch (atk) {
                case "loss" -> ran.add(new Ran(atk, negate(pickD(s.loss(-1), cand)), 0, p));
                case "confidence" -> {
                    if (s.kind() == ImportedScores.Kind.LOSS) {
                        p.put("note", "p_y = exp(-loss): the same ranking as the loss attack");
                    }
                    ran.add(new Ran(atk, pickD(s.trueClassProbability(-1), cand), 0, p));
                }
                case "entropy", "mentr" -> {
                    if (!s.kind().isVector()) {
                        skipped.put(atk, "needs each record's full probability vector; the scores give only a "
                                + s.kind() + " per record");
                        continue;
                    }
                    ModelOutputs out = outputs(s, -1).rows(cand);
                    ran.add(new Ran(atk, Baselines.Signal.parse(atk).scores(out, yc), 0, p));
                }
                case "lira-online", "lira-offline" -> {
                    boolean online = atk.equals("lira-online");
                    String why = liraReason(s, cand, online, fixed);
                    if (why != null) {
                        skipped.put(atk, why);
                        continue;
                    }
                    double[][] t = {pickD(s.phi(-1), cand)};
                    double[][][] r = new double[models][1][];
                    boolean[][] in = new boolean[models][nc];
                    for (int m = 0; m < models; m++) {
                        r[m][0] = pickD(s.phi(m), cand);
                        for (int k = 0; k < nc; k++) {
                            in[m][k] = s.keep(m, cand[k]);
                        }
                    }
                    p.put("variance", fixed ? "fixed (pooled)" : "per-example");
                    p.put("signal", "phi = log(p_y / (1 - p_y))");
                    ran.add(new Ran(atk, Lira.scores(t, r, in, new Lira.Options(online, fixed)), models, p));
                }
                case "rmia-online", "rmia-offline" -> {
                    boolean online = atk.equals("rmia-online");
                    String why = rmiaReason(s, cand, pop, online);
                    if (why != null) {
                        skipped.put(atk, why);
                        continue;
                    }
                    double[] pt = s.trueClassProbability(-1);
                    double[][] rx = new double[models][];
                    double[][] rz = new double[models][];
                    boolean[][] inX = new boolean[models][nc];
                    boolean[][] inZ = new boolean[models][pop.length];
                    for (int m = 0; m < models; m++) {
                        double[] pm = s.trueClassProbability(m);
                        rx[m] = pickD(pm, cand);
                        rz[m] = pickD(pm, pop);
                        for (int k = 0; k < nc; k++) {
                            inX[m][k] = s.keep(m, cand[k]);
                        }
                        for (int k = 0; k < pop.length; k++) {
                            inZ[m][k] = s.keep(m, pop[k]);
                        }
                    }
                    Rmia.Options o = online ? rmiaOnline : rmiaOffline;
                    if (!online) {
                        p.put("a", Double.toString(o.a()));
                    }
                    p.put("gamma", Double.toString(o.gamma()));
                    p.put("populationZ", Integer.toString(pop.length));
                    ran.add(new Ran(atk, Rmia.scores(pickD(pt, cand), rx, inX, pickD(pt, pop), rz, inZ, o), models, p));
                }
                case "shokri" -> skipped.put(atk, "trains shadow models like the target and queries them: needs the "
                        + "model (--target) or a recipe, not scores");
                case "label-only" -> skipped.put(atk, "queries the model's labels on perturbed inputs: needs the model");
                case "inversion", "extraction" -> skipped.put(atk, "queries the model: needs the model (--target)");
                default -> throw new AssertionError("internal invariant: unresolved attack " + atk);
            }
        }
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            log(cmd, "skipped " + e.getKey() + ": " + e.getValue());
        }
        if (ran.isEmpty()) {
            throw new UsageException("no requested attack can run on these scores: " + skipped);
        }

        Rng boot = Rng.of(cmd.common.seed).child("bootstrap");
        AuditOutput.Scoring scoring = new AuditOutput.Scoring(isMember, cmd.bootstrap, boot);
        for (Ran r : ran) {
            scoring.add(r.attack(), r.scores(), r.references(), r.parameters());
        }
        List<Map<String, Object>> rows = scoring.rows;
        String strongest = AuditOutput.strongest(scoring.rocs);
        List<String> tripped = AuditOutput.trippedGates(gates, scoring.rocs);
        double[] acc = accuracy(s, cand, isMember);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("target", "scores " + ext.scores + " (" + s.kind() + ")");
        settings.put("scores", s.describe());
        settings.put("candidates", nc);
        settings.put("population", pop.length);
        settings.put("references", models);
        settings.put("attacks", String.join(",", requested));
        cmd.attackOptions.forEach((k, v) -> settings.put("option." + k, v));

        Report report = report(cmd, s, cand, isMember, ran, scoring, strongest, acc, skipped, settings, tripped,
                started);
        report.writeTo(cmd.out);
        if (cmd.common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("settings", settings);
            j.put("seed", cmd.common.seed);
            j.put("targetTrainAccuracy", Double.isNaN(acc[0]) ? null : acc[0]);
            j.put("targetTestAccuracy", Double.isNaN(acc[1]) ? null : acc[1]);
            j.put("attacks", rows);
            List<Map<String, String>> sk = new ArrayList<>();
            skipped.forEach((k, v) -> sk.add(Map.of("attack", k, "reason", v)));
            j.put("skipped", sk);
            j.put("strongest", strongest);
            j.put("gatesTripped", tripped);
            j.put("report", cmd.out.resolve(Report.HTML_FILE).toString());
            Json.print(j);
        } else {
            if (!Double.isNaN(acc[0])) {
                System.out.printf(Locale.ROOT, "target          train accuracy %.4f, test accuracy %.4f%n", acc[0], acc[1]);
            }
            AuditOutput.printAttackTable(rows);
            skipped.forEach((k, v) -> System.out.printf("%-14s skipped: %s%n", k, v));
            System.out.println("report          " + cmd.out.resolve(Report.HTML_FILE));
            for (String t : tripped) {
                System.out.println("GATE FAILED     " + t);
            }
        }
        return tripped.isEmpty() ? Main.OK : AuditCommand.GATE_FAILED;
    }

    /** The attack names asked for, expanded (lira, rmia, all) and validated, in canonical order. */
    static Set<String> requested(String list) {
        Set<String> want = new LinkedHashSet<>();
        for (String raw : list.split(",")) {
            String t = raw.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "" -> {
                }
                case "all" -> want.addAll(MEMBERSHIP);
                case "lira" -> want.addAll(List.of("lira-online", "lira-offline"));
                case "rmia" -> want.addAll(List.of("rmia-online", "rmia-offline"));
                case "baselines" -> want.addAll(List.of("loss", "confidence", "entropy", "mentr"));
                default -> {
                    if (!MEMBERSHIP.contains(t) && !t.equals("inversion") && !t.equals("extraction")) {
                        throw new UsageException("--attacks: unknown attack '" + raw.trim() + "'; known: "
                                + String.join(", ", MEMBERSHIP) + ", lira, rmia, all, inversion, extraction");
                    }
                    want.add(t);
                }
            }
        }
        if (want.isEmpty()) {
            want.addAll(List.of("loss", "confidence", "entropy", "mentr"));
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String m : MEMBERSHIP) {
            if (want.contains(m)) {
                ordered.add(m);
            }
        }
        for (String x : List.of("inversion", "extraction")) {
            if (want.contains(x)) {
                ordered.add(x);
            }
        }
        return ordered;
    }

    private static String liraReason(ImportedScores s, int[] cand, boolean online, boolean fixed) {
        int models = s.referenceModels();
        if (models == 0) {
            return "needs reference-model scores with their keep matrix (--reference-scores, --reference-keep)";
        }
        int minIn = online ? (fixed ? 1 : 2) : 0;
        int minOut = fixed ? 1 : 2;
        for (int k = 0; k < cand.length; k++) {
            int ins = 0;
            for (int m = 0; m < models; m++) {
                ins += s.keep(m, cand[k]) ? 1 : 0;
            }
            if (ins < minIn || models - ins < minOut) {
                return String.format(Locale.ROOT, "with %s variance it needs >= %d IN and >= %d OUT reference models per "
                        + "audited record; record %d has %d IN and %d OUT", fixed ? "fixed" : "per-example", minIn, minOut,
                        cand[k], ins, models - ins);
            }
        }
        return null;
    }

    private static String rmiaReason(ImportedScores s, int[] cand, int[] pop, boolean online) {
        int models = s.referenceModels();
        if (models == 0) {
            return "needs reference-model scores with their keep matrix (--reference-scores, --reference-keep)";
        }
        if (pop.length == 0) {
            return "needs population records z (member = -1) scored by the target and the references";
        }
        for (int k = 0; k < cand.length; k++) {
            int ins = 0;
            for (int m = 0; m < models; m++) {
                ins += s.keep(m, cand[k]) ? 1 : 0;
            }
            if (models - ins < 1 || (online && ins < 1)) {
                return String.format(Locale.ROOT, "%s needs every audited record OUT for some reference model%s; "
                        + "record %d has %d IN and %d OUT", online ? "online" : "offline", online
                        ? " and IN for some" : "", cand[k], ins, models - ins);
            }
        }
        return null;
    }

    private static ModelOutputs outputs(ImportedScores s, int model) {
        float[] v = s.vectors(model);
        if (s.kind() == ImportedScores.Kind.LOGITS) {
            return ModelOutputs.ofLogits(v, s.classes());
        }
        return ModelOutputs.ofProbabilities(org.privet.core.tensor.Tensor.wrap(v, s.records(), s.classes()));
    }

    /** Target accuracy on members and non-members (NaN without per-class scores). */
    private static double[] accuracy(ImportedScores s, int[] cand, boolean[] isMember) {
        if (!s.kind().isVector()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        float[] v = s.vectors(-1);
        int[] y = s.labels();
        int c = s.classes();
        int[] ok = new int[2];
        int[] tot = new int[2];
        for (int k = 0; k < cand.length; k++) {
            int i = cand[k];
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (v[i * c + j] > v[i * c + best]) {
                    best = j;
                }
            }
            int g = isMember[k] ? 0 : 1;
            tot[g]++;
            ok[g] += best == y[i] ? 1 : 0;
        }
        return new double[] {(double) ok[0] / tot[0], (double) ok[1] / tot[1]};
    }

    private static Report report(AuditCommand cmd, ImportedScores s, int[] cand, boolean[] isMember, List<Ran> ran,
            AuditOutput.Scoring scoring, String strongest, double[] acc,
            Map<String, String> skipped, Map<String, Object> settings, List<String> tripped, Instant started) {
        Provenance prov = Provenance.builder()
                .command("privet audit --scores")
                .parameters(settings)
                .seed(cmd.common.seed)
                .dataset(cmd.external.scores.getFileName().toString(), Provenance.sha256(cmd.external.scores))
                .started(started)
                .finished(Instant.now())
                .build();
        RocCurve best = scoring.rocs.get(strongest);
        String reading = Double.isNaN(acc[0])
                ? String.format(Locale.ROOT, "The strongest attack (%s) identified %.1f%% of the members while wrongly "
                        + "accusing only 0.1%% of the non-members (a guess would find 0.1%%); its AUC is %.3f (0.5 = a coin "
                        + "flip). Defences that hold: train with differential privacy (DP-SGD), regularise, or release "
                        + "only labels.", strongest, 100 * best.tprAtFpr(1e-3), best.auc())
                : AuditCommand.reading(strongest, best, acc[0], acc[1], isMember);
        reading += " Audited from scores alone: " + (skipped.isEmpty() ? "every requested attack ran."
                : "skipped " + String.join(", ", skipped.keySet()) + " (see 'Skipped attacks').");
        Report.Builder b = Report.builder("Membership inference audit from scores: " + cmd.external.scores.getFileName())
                .provenance(prov)
                .summary(reading)
                .headline(Metric.of(strongest + ": TPR at 0.1% FPR", best.tprAtFpr(1e-3),
                        "strongest attack; fraction of members found while wrongly flagging 0.1% of non-members"))
                .headline(Metric.of(strongest + ": AUC", best.auc(), "area under the ROC curve; 0.5 = no leak"));
        if (!Double.isNaN(acc[0])) {
            b.headline(Metric.of("generalisation gap", acc[0] - acc[1], "target accuracy on members minus non-members"));
        }
        AuditOutput.gatesAndAttacks(b, tripped, scoring);
        if (!skipped.isEmpty()) {
            b.section("Skipped attacks");
            Table.Builder sk = Table.builder("Requested attacks that cannot run on these scores", "attack", "why");
            skipped.forEach(sk::row);
            b.table(sk.build());
        }
        double[] sc = ran.stream().filter(r -> r.attack().equals(strongest)).findFirst().orElseThrow().scores();
        AuditOutput.scoreHistogram(b, strongest, sc, isMember);

        b.section("Target model");
        Table.Builder tm = Table.builder("Target (known only through its scores)", "property", "value");
        tm.row("scores", s.describe());
        if (!Double.isNaN(acc[0])) {
            tm.row("accuracy on members", f4(acc[0]));
            tm.row("accuracy on non-members", f4(acc[1]));
            tm.row("generalisation gap", f4(acc[0] - acc[1]));
        }
        b.table(tm.build());

        b.section("Most exposed records");
        Integer[] order = AuditOutput.byScoreDescending(sc);
        String[] ids = s.ids();
        int[] labels = s.labels();
        Table.Builder ex = Table.builder("Top " + cmd.top + " records by " + strongest + " score (record id = "
                + (ids == null ? "row in the scores file, from 0" : "the file's id column") + ")", "rank", "record id",
                "class", "score", "actually a member");
        for (int k = 0; k < Math.min(cmd.top, order.length); k++) {
            int i = cand[order[k]];
            ex.row(k + 1, ids == null ? String.valueOf(i) : ids[i], labels == null ? "n/a" : String.valueOf(labels[i]),
                    f4(sc[order[k]]), isMember[order[k]] ? "yes" : "no");
        }
        b.table(ex.build());

        if (labels != null) {
            b.section("Leakage per class");
            Table.Builder pc = Table.builder("AUC of " + strongest + " per class (95% bootstrap interval)", "class",
                    "members", "non-members", "AUC", "interval");
            int classes = 0;
            for (int i : cand) {
                classes = Math.max(classes, labels[i] + 1);
            }
            Rng boot = Rng.of(cmd.common.seed).child("per-class");
            for (int c = 0; c < classes; c++) {
                List<Integer> idx = new ArrayList<>();
                for (int k = 0; k < cand.length; k++) {
                    if (labels[cand[k]] == c) {
                        idx.add(k);
                    }
                }
                AuditOutput.perClassRow(pc, c, idx, sc, isMember, cmd.bootstrap, boot.child("class", c));
            }
            b.table(pc.build());
        }
        AuditOutput.metricsSection(b, scoring);
        return b.build();
    }

    private static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            out[k] = v[idx[k]];
        }
        return out;
    }

    private static double[] pickD(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            out[k] = v[idx[k]];
        }
        return out;
    }

    private static double[] negate(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        return v;
    }

    private static void log(AuditCommand cmd, String line) {
        if (!cmd.common.quiet) {
            System.err.println(line);
        }
    }
}

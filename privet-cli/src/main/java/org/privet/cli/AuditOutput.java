package org.privet.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.privet.core.metrics.Bootstrap;
import org.privet.core.metrics.Interval;
import org.privet.core.metrics.RocCurve;
import org.privet.core.metrics.ScoreStatistic;
import org.privet.core.rng.Rng;
import org.privet.report.Metric;
import org.privet.report.Report;
import org.privet.report.StandardMetrics;
import org.privet.report.Table;

/**
 * What {@code privet audit} reports the same way whether it trained the attacks itself ({@link AuditCommand}) or
 * read per-record scores ({@link ScoresImport}): the per-attack figures, the strongest attack, the {@code
 * --fail-if} gates, the console table and the report's gate, attack and per-class pieces. Stateless helpers plus
 * one accumulator ({@link Scoring}); not thread-safe.
 */
final class AuditOutput {
    private AuditOutput() {
    }

    /** ROC curves, metrics with intervals and JSON rows of the attacks, in the order they were added. */
    static final class Scoring {
        final Map<String, RocCurve> rocs = new LinkedHashMap<>();
        final Map<String, List<Metric>> metrics = new LinkedHashMap<>();
        final List<Map<String, Object>> rows = new ArrayList<>();
        private final boolean[] isMember;
        private final int bootstrap;
        private final Rng boot;

        /**
         * @param isMember  the candidates' membership, aligned with every attack's scores
         * @param bootstrap bootstrap resamples per metric interval
         * @param boot      the bootstrap source; each attack draws from {@code boot.child(attack)}
         */
        Scoring(boolean[] isMember, int bootstrap, Rng boot) {
            this.isMember = isMember;
            this.bootstrap = bootstrap;
            this.boot = boot;
        }

        /** Scores one attack: its ROC, its metrics with bootstrap intervals and its JSON row. */
        void add(String attack, double[] scores, int references, Map<String, String> parameters) {
            RocCurve roc = RocCurve.of(scores, isMember);
            rocs.put(attack, roc);
            metrics.put(attack, StandardMetrics.membership(attack, scores, isMember, bootstrap, boot.child(attack)));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("attack", attack);
            row.put("auc", roc.auc());
            row.put("tprAt0.1%Fpr", roc.tprAtFpr(1e-3));
            row.put("tprAt1%Fpr", roc.tprAtFpr(1e-2));
            row.put("advantage", roc.membershipAdvantage());
            row.put("references", references);
            row.put("parameters", parameters);
            rows.add(row);
        }
    }

    /** The attack with the highest TPR at 0.1% FPR (ties: higher AUC). */
    static String strongest(Map<String, RocCurve> rocs) {
        return rocs.entrySet().stream()
                .max(Comparator.comparingDouble((Map.Entry<String, RocCurve> e) -> e.getValue().tprAtFpr(1e-3))
                        .thenComparingDouble(e -> e.getValue().auc()))
                .map(Map.Entry::getKey).orElseThrow();
    }

    /**
     * The findings of the gates that tripped, in gate order.
     *
     * @throws UsageException when a gate names an attack that did not run
     */
    static List<String> trippedGates(List<AuditCommand.Gate> gates, Map<String, RocCurve> rocs) {
        List<String> tripped = new ArrayList<>();
        for (AuditCommand.Gate g : gates) {
            if (g.attack() != null && rocs.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(g.attack()))) {
                throw new UsageException("--fail-if names attack '" + g.attack() + "', which did not run; ran: "
                        + String.join(", ", rocs.keySet()));
            }
            for (Map.Entry<String, RocCurve> e : rocs.entrySet()) {
                if (g.attack() != null && !g.attack().equalsIgnoreCase(e.getKey())) {
                    continue;
                }
                double v = g.value(e.getValue());
                if (g.trips(v)) {
                    tripped.add(String.format(Locale.ROOT, "%s: %s = %.4f (gate %s)", e.getKey(), g.metric(), v,
                            g.text()));
                }
            }
        }
        return tripped;
    }

    /** The console table of the attacks' rows ({@link Scoring#rows}). */
    static void printAttackTable(List<Map<String, Object>> rows) {
        System.out.printf(Locale.ROOT, "%-14s %8s %14s %12s %10s%n", "attack", "AUC", "TPR@0.1%FPR", "TPR@1%FPR",
                "advantage");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, "%-14s %8.4f %14.4f %12.4f %10.4f%n", r.get("attack"), r.get("auc"),
                    r.get("tprAt0.1%Fpr"), r.get("tprAt1%Fpr"), r.get("advantage"));
        }
    }

    /** The report's "Gates" section (only when a gate tripped) and "Attacks" section (ROC chart, summary table). */
    static void gatesAndAttacks(Report.Builder b, List<String> tripped, Scoring scoring) {
        if (!tripped.isEmpty()) {
            b.section("Gates");
            Table.Builder t = Table.builder("--fail-if gates that tripped (exit code 3)", "finding");
            tripped.forEach(t::row);
            b.table(t.build());
        }
        b.section("Attacks");
        b.rocChart("ROC of every attack (log-log)", scoring.rocs);
        Table.Builder st = Table.builder("Attack summary", "attack", "AUC", "TPR@0.1%FPR", "TPR@1%FPR", "advantage",
                "references");
        for (Map<String, Object> row : scoring.rows) {
            RocCurve c = scoring.rocs.get((String) row.get("attack"));
            st.row(row.get("attack"), f4(c.auc()), f4(c.tprAtFpr(1e-3)), f4(c.tprAtFpr(1e-2)),
                    f4(c.membershipAdvantage()), row.get("references"));
        }
        b.table(st.build());
    }

    /**
     * One row of the "Leakage per class" table: members, non-members, AUC and its 95% bootstrap interval over the
     * records {@code idx} of a class ("too few records" under two of either).
     */
    static void perClassRow(Table.Builder pc, Object cls, List<Integer> idx, double[] scores, boolean[] isMember,
            int bootstrap, Rng rng) {
        int mem = 0;
        for (int i : idx) {
            mem += isMember[i] ? 1 : 0;
        }
        int non = idx.size() - mem;
        if (mem < 2 || non < 2) {
            pc.row(cls, mem, non, "n/a", "too few records");
            return;
        }
        double[] cs = new double[idx.size()];
        boolean[] cm = new boolean[idx.size()];
        for (int j = 0; j < cs.length; j++) {
            cs[j] = scores[idx.get(j)];
            cm[j] = isMember[idx.get(j)];
        }
        Interval ci = Bootstrap.ci(cs, cm, ScoreStatistic.auc(), 0.95, bootstrap, rng);
        pc.row(cls, mem, non, f4(RocCurve.of(cs, cm).auc()), "[" + f4(ci.lo()) + ", " + f4(ci.hi()) + "]");
    }

    /** The report's closing section: every attack's metrics with their confidence intervals. */
    static void metricsSection(Report.Builder b, Scoring scoring) {
        b.section("Every metric with its confidence interval");
        List<Metric> all = new ArrayList<>();
        scoring.metrics.values().forEach(all::addAll);
        b.metrics(all);
    }

    /** The histogram of the strongest attack's scores, members against non-members. */
    static void scoreHistogram(Report.Builder b, String strongest, double[] scores, boolean[] isMember) {
        Map<String, double[]> hist = new LinkedHashMap<>();
        hist.put("members", select(scores, isMember, true));
        hist.put("non-members", select(scores, isMember, false));
        b.histogram("Scores of " + strongest + ": members vs non-members", strongest + " score", hist);
    }

    /** The indices of {@code scores}, highest score first (a stable sort: ties keep index order). */
    static Integer[] byScoreDescending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
        return order;
    }

    /** The scores whose mask entry is {@code want}. */
    private static double[] select(double[] s, boolean[] mask, boolean want) {
        int n = 0;
        for (boolean b : mask) {
            n += b == want ? 1 : 0;
        }
        double[] out = new double[n];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (mask[i] == want) {
                out[j++] = s[i];
            }
        }
        return out;
    }

    /** Four decimals, or "n/a" for NaN. */
    static String f4(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}

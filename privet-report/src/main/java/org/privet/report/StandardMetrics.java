package org.privet.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.privet.core.metrics.Bootstrap;
import org.privet.core.metrics.ConfusionMatrix;
import org.privet.core.metrics.RocCurve;
import org.privet.core.metrics.ScoreStatistic;
import org.privet.core.rng.Rng;

/**
 * The metrics every report of a kind shows, measured the same way everywhere, so that numbers from
 * different attacks and runs compare.
 *
 * <p>Stateless; thread safe as long as each call gets its own {@link Rng}.
 */
public final class StandardMetrics {
    /** Confidence level of the standard intervals. */
    public static final double LEVEL = 0.95;

    private StandardMetrics() {
    }

    /**
     * Membership-inference metrics of one attack: AUC, TPR at 0.1% and 1% FPR (interpolated) and
     * membership advantage, each with a {@link #LEVEL} stratified percentile bootstrap interval,
     * plus balanced accuracy at the best threshold. Names are prefixed with {@code attack}.
     *
     * @param attack attack name, e.g. "LiRA"
     * @param scores attack scores (higher = member)
     * @param isMember membership, both classes present
     * @param resamples bootstrap resamples (e.g. {@link Bootstrap#DEFAULT_RESAMPLES})
     * @param rng the bootstrap's generator; each metric uses its own child stream
     */
    public static List<Metric> membership(String attack, double[] scores, boolean[] isMember, int resamples, Rng rng) {
        Checks.notBlank("attack", attack);
        Checks.notNull("rng", rng);
        RocCurve roc = RocCurve.of(scores, isMember);
        String counts = roc.positives() + " members, " + roc.negatives() + " non-members";
        String boot = "stratified percentile bootstrap, " + resamples + " resamples (seed " + rng.seed() + ")";
        List<Metric> out = new ArrayList<>();
        out.add(Metric.of(attack + ": AUC",
                Bootstrap.ci(scores, isMember, ScoreStatistic.auc(), LEVEL, resamples, rng.child("auc")), LEVEL,
                "area under the ROC (ties count 1/2); " + counts + "; " + boot));
        for (double alpha : new double[] {1e-3, 1e-2}) {
            String pct = alpha == 1e-3 ? "0.1%" : "1%";
            out.add(Metric.of(attack + ": TPR at " + pct + " FPR",
                    Bootstrap.ci(scores, isMember, ScoreStatistic.tprAtFpr(alpha), LEVEL, resamples,
                            rng.child("tpr", Math.round(1 / alpha))), LEVEL,
                    "linear interpolation between ROC vertices" + lowResolution(alpha, roc) + "; " + boot));
        }
        out.add(Metric.of(attack + ": membership advantage",
                Bootstrap.ci(scores, isMember, ScoreStatistic.membershipAdvantage(), LEVEL, resamples,
                        rng.child("advantage")), LEVEL, "max over thresholds of TPR - FPR (Yeom et al. 2018); " + boot));
        out.add(Metric.of(attack + ": balanced accuracy", roc.balancedAccuracy(),
                "(TPR + TNR) / 2 at the threshold maximising it (" + String.format(Locale.ROOT, "score >= %.6g",
                        roc.bestThreshold()) + "), chosen on the same data: optimistic"));
        return out;
    }

    private static String lowResolution(double alpha, RocCurve roc) {
        double expectedFalsePositives = alpha * roc.negatives();
        return expectedFalsePositives < 10
                ? String.format(Locale.ROOT, " (only %.3g false positives at this FPR: coarse)", expectedFalsePositives)
                : "";
    }

    /**
     * A confusion matrix as a table: one row per actual class with the counts per predicted class,
     * then precision, recall and F1 of that class.
     *
     * @param classNames one name per class
     */
    public static Table confusionTable(String title, ConfusionMatrix cm, List<String> classNames) {
        Checks.notNull("confusion matrix", cm);
        Checks.notNull("class names", classNames);
        if (classNames.size() != cm.classes()) {
            throw new IllegalArgumentException("confusion table '" + title + "': need one name per class ("
                    + cm.classes() + "). Provided: " + classNames.size());
        }
        List<String> cols = new ArrayList<>();
        cols.add("actual \\ predicted");
        cols.addAll(classNames);
        cols.add("precision");
        cols.add("recall");
        cols.add("F1");
        List<List<Object>> rows = new ArrayList<>();
        for (int a = 0; a < cm.classes(); a++) {
            List<Object> row = new ArrayList<>();
            row.add(classNames.get(a));
            for (int p = 0; p < cm.classes(); p++) {
                row.add(cm.count(a, p));
            }
            row.add(cm.precision(a));
            row.add(cm.recall(a));
            row.add(cm.f1(a));
            rows.add(row);
        }
        return new Table(title, cols, rows);
    }
}

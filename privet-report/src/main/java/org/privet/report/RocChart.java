package org.privet.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.privet.core.metrics.RocCurve;

/**
 * ROC curves of one or more attacks on log-log axes (the view of Carlini et al. 2022, which shows
 * the low-FPR regime that matters for membership inference), with the chance diagonal.
 *
 * <p>Both axes run from {@code minFpr} to 1. By default {@code minFpr} is the power of ten at or
 * below {@code 1 / n} for the largest non-member count {@code n} among the curves, but not below
 * {@code 1e-5}: below {@code 1/n} the empirical curve carries no information. TPR values below the
 * axis are drawn on the axis. The legend gives each curve's AUC and TPR at 0.1% FPR.
 *
 * @param title heading, not blank
 * @param curves named curves in legend order, at least one
 * @param minFpr lower end of both axes in (0, 1)
 * @param caption text under the chart
 */
public record RocChart(String title, List<Curve> curves, double minFpr, String caption) implements Chart {
    /** Smallest automatic axis bound. */
    public static final double FLOOR = 1e-5;

    /**
     * One named curve.
     *
     * @param name legend label, not blank
     * @param roc the curve
     */
    public record Curve(String name, RocCurve roc) {
        /** Validates. */
        public Curve {
            Checks.notBlank("ROC curve name", name);
            Checks.notNull("ROC curve '" + name + "'", roc);
        }
    }

    /** Validates and copies. */
    public RocChart {
        Checks.notBlank("chart title", title);
        curves = Checks.nonEmptyList("ROC chart '" + title + "' curves", curves);
        Checks.notNull("caption", caption);
        if (!(minFpr > 0 && minFpr < 1)) {
            throw new IllegalArgumentException("ROC chart '" + title + "': minFpr must be in (0, 1). Provided value: "
                    + minFpr);
        }
    }

    /** Curves from a map (iteration order = legend order), with the automatic axis bound. */
    public static RocChart of(String title, Map<String, RocCurve> curves) {
        Checks.notNull("curves", curves);
        List<Curve> list = new ArrayList<>();
        curves.forEach((name, roc) -> list.add(new Curve(name, roc)));
        return new RocChart(title, list, autoMinFpr(list), "");
    }

    /** This chart with a caption. */
    public RocChart withCaption(String newCaption) {
        return new RocChart(title, curves, minFpr, newCaption);
    }

    /** This chart with an explicit lower axis bound in (0, 1). */
    public RocChart withMinFpr(double newMinFpr) {
        return new RocChart(title, curves, newMinFpr, caption);
    }

    /** The automatic lower bound: the power of ten at or below 1/max(non-members), at least 1e-5. */
    public static double autoMinFpr(List<Curve> curves) {
        int n = 1;
        for (Curve c : Checks.notNull("curves", curves)) {
            n = Math.max(n, c.roc().negatives());
        }
        double decade = Math.pow(10, Math.floor(Math.log10(1.0 / n) + 1e-9));
        return Math.min(0.1, Math.max(FLOOR, decade));
    }
}

package org.privet.report;

import java.util.Arrays;
import org.privet.core.metrics.RocCurve;

/** The ROC points a chart draws and {@code report.json} records (the same numbers). */
final class RocPlot {
    /** FPR levels whose TPR the legend and the JSON report. */
    static final double[] TPR_LEVELS = {1e-5, 1e-4, 1e-3, 1e-2, 1e-1};
    /** Points per decade of FPR inside long segments. */
    private static final int POINTS_PER_DECADE = 20;
    /** Thinning resolution: points closer than this (in decades, on both axes) are merged. */
    private static final double MIN_STEP_DECADES = 0.004;

    private RocPlot() {
    }

    /**
     * The interpolated curve from {@code minFpr} to 1, thinned so that consecutive points differ by
     * at least {@link #MIN_STEP_DECADES} on one log axis (TPR floored at {@code minFpr} for that
     * test only); the first and last points are kept.
     */
    static RocCurve.Points points(RocCurve roc, double minFpr) {
        RocCurve.Points all = roc.logLogPoints(minFpr, POINTS_PER_DECADE);
        double[] fx = all.fpr();
        double[] ty = all.tpr();
        int n = fx.length;
        double[] x = new double[n];
        double[] y = new double[n];
        int m = 0;
        double lx = Double.NaN;
        double ly = Double.NaN;
        for (int i = 0; i < n; i++) {
            double px = Math.log10(fx[i]);
            double py = Math.log10(Math.max(ty[i], minFpr));
            boolean last = i == n - 1;
            if (m == 0 || last || Math.abs(px - lx) >= MIN_STEP_DECADES || Math.abs(py - ly) >= MIN_STEP_DECADES) {
                x[m] = fx[i];
                y[m] = ty[i];
                m++;
                lx = px;
                ly = py;
            }
        }
        return new RocCurve.Points(Arrays.copyOf(x, m), Arrays.copyOf(y, m));
    }
}

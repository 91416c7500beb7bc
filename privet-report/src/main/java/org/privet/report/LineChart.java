package org.privet.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lines over a numeric x axis, e.g. training and test loss per epoch.
 *
 * @param title heading, not blank
 * @param xLabel x-axis label
 * @param yLabel y-axis label
 * @param series named lines, at least one
 * @param logY logarithmic y axis (all y must then be &gt; 0)
 * @param caption text under the chart
 */
public record LineChart(String title, String xLabel, String yLabel, List<Series> series, boolean logY,
        String caption) implements Chart {
    /**
     * One line.
     *
     * @param name legend label
     * @param x abscissae, finite (copied)
     * @param y ordinates, finite, same length as x, at least one point (copied)
     */
    public record Series(String name, double[] x, double[] y) {
        /** Validates and copies. */
        public Series {
            Checks.notBlank("line series name", name);
            Checks.finite("line series '" + name + "' x", x);
            Checks.finite("line series '" + name + "' y", y);
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("line series '" + name + "': x and y must have the same,"
                        + " non-zero length. Provided: " + x.length + " and " + y.length);
            }
            x = x.clone();
            y = y.clone();
        }

        /** Points at x = 1, 2, ..., n (e.g. epochs). */
        public static Series of(String name, double[] y) {
            Checks.notNull("line series '" + name + "' y", y);
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            return new Series(name, x, y);
        }

        /** A copy of x. */
        @Override
        public double[] x() {
            return x.clone();
        }

        /** A copy of y. */
        @Override
        public double[] y() {
            return y.clone();
        }
    }

    /** Validates. */
    public LineChart {
        Checks.notBlank("chart title", title);
        Checks.notNull("xLabel", xLabel);
        Checks.notNull("yLabel", yLabel);
        series = Checks.nonEmptyList("line chart '" + title + "' series", series);
        Checks.notNull("caption", caption);
        if (logY) {
            for (Series s : series) {
                for (int i = 0; i < s.y.length; i++) {
                    if (!(s.y[i] > 0)) {
                        throw new IllegalArgumentException("line chart '" + title + "': a log y axis needs y > 0."
                                + " Series '" + s.name + "' has " + s.y[i] + " at index " + i);
                    }
                }
            }
        }
    }

    /** Lines at x = 1..n from a map of y arrays (iteration order = legend order), linear axes. */
    public static LineChart of(String title, String xLabel, String yLabel, Map<String, double[]> ys) {
        Checks.notNull("ys", ys);
        List<Series> list = new ArrayList<>();
        ys.forEach((name, y) -> list.add(Series.of(name, y)));
        return new LineChart(title, xLabel, yLabel, list, false, "");
    }

    /** This chart with a logarithmic ({@code true}) or linear y axis. */
    public LineChart withLogY(boolean newLogY) {
        return new LineChart(title, xLabel, yLabel, series, newLogY, caption);
    }

    /** This chart with a caption. */
    public LineChart withCaption(String newCaption) {
        return new LineChart(title, xLabel, yLabel, series, logY, newCaption);
    }
}

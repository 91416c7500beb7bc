package org.privet.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Overlaid histograms of several samples on shared bins, e.g. the attack scores of members and of
 * non-members.
 *
 * <p>Bins: {@code bins} equal-width bins over [min, max] of all finite values (a degenerate range
 * is widened by 0.5 each side); the last bin includes its right edge. Non-finite values are not
 * binned; their count per series is reported. With {@code normalized}, heights are the fraction of
 * each series' finite values in the bin (series of different sizes compare); otherwise counts.
 *
 * @param title heading, not blank
 * @param xLabel x-axis label
 * @param series named samples, at least one
 * @param bins number of bins in [1, 10000]
 * @param normalized fractions instead of counts
 * @param caption text under the chart
 */
public record HistogramChart(String title, String xLabel, List<Series> series, int bins, boolean normalized,
        String caption) implements Chart {
    /** Default number of bins. */
    public static final int DEFAULT_BINS = 40;

    /**
     * One sample.
     *
     * @param name legend label
     * @param values the sample (copied); at least one finite value over all series
     */
    public record Series(String name, double[] values) {
        /** Validates and copies. */
        public Series {
            Checks.notBlank("histogram series name", name);
            values = Checks.notNull("histogram series '" + name + "' values", values).clone();
        }

        /** A copy of the values. */
        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /**
     * The binned data.
     *
     * @param edges {@code bins + 1} ascending bin edges
     * @param heights per series, per bin: count or fraction
     * @param counts per series, per bin: count
     * @param nonFinite per series: values left out
     */
    public record Binned(double[] edges, double[][] heights, long[][] counts, long[] nonFinite) {
    }

    /** Validates and copies. */
    public HistogramChart {
        Checks.notBlank("chart title", title);
        Checks.notNull("xLabel", xLabel);
        series = Checks.nonEmptyList("histogram '" + title + "' series", series);
        Checks.notNull("caption", caption);
        if (bins < 1 || bins > 10_000) {
            throw new IllegalArgumentException("histogram '" + title + "': bins must be in [1, 10000]. Provided value: "
                    + bins);
        }
        boolean any = false;
        for (Series s : series) {
            for (double v : s.values) {
                any |= Double.isFinite(v);
            }
        }
        if (!any) {
            throw new IllegalArgumentException("histogram '" + title + "': needs at least one finite value");
        }
    }

    /** Normalised histograms with {@link #DEFAULT_BINS} bins from a map (iteration order = legend order). */
    public static HistogramChart of(String title, String xLabel, Map<String, double[]> samples) {
        Checks.notNull("samples", samples);
        List<Series> list = new ArrayList<>();
        samples.forEach((name, values) -> list.add(new Series(name, values)));
        return new HistogramChart(title, xLabel, list, DEFAULT_BINS, true, "");
    }

    /** This chart with another bin count. */
    public HistogramChart withBins(int newBins) {
        return new HistogramChart(title, xLabel, series, newBins, normalized, caption);
    }

    /** This chart with counts ({@code false}) or fractions ({@code true}). */
    public HistogramChart withNormalized(boolean newNormalized) {
        return new HistogramChart(title, xLabel, series, bins, newNormalized, caption);
    }

    /** This chart with a caption. */
    public HistogramChart withCaption(String newCaption) {
        return new HistogramChart(title, xLabel, series, bins, normalized, newCaption);
    }

    /** Bins the series. */
    public Binned binned() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[bins + 1];
        double width = (hi - lo) / bins;
        for (int b = 0; b <= bins; b++) {
            edges[b] = b == bins ? hi : lo + b * width;
        }
        double[][] heights = new double[series.size()][bins];
        long[][] counts = new long[series.size()][bins];
        long[] nonFinite = new long[series.size()];
        for (int k = 0; k < series.size(); k++) {
            long finite = 0;
            for (double v : series.get(k).values) {
                if (!Double.isFinite(v)) {
                    nonFinite[k]++;
                    continue;
                }
                int b = (int) ((v - lo) / width);
                counts[k][Math.min(Math.max(b, 0), bins - 1)]++;
                finite++;
            }
            for (int b = 0; b < bins; b++) {
                heights[k][b] = normalized ? (finite == 0 ? 0 : (double) counts[k][b] / finite) : counts[k][b];
            }
        }
        return new Binned(edges, heights, counts, nonFinite);
    }
}

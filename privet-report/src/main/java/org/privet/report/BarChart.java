package org.privet.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Grouped vertical bars: one group per category, one bar per series, e.g. attack AUC per defence.
 *
 * @param title heading, not blank
 * @param yLabel value-axis label
 * @param categories group labels, at least one
 * @param series named values, one per category, at least one series
 * @param caption text under the chart
 */
public record BarChart(String title, String yLabel, List<String> categories, List<Series> series, String caption)
        implements Chart {
    /**
     * One bar per category.
     *
     * @param name legend label
     * @param values finite, one per category (copied)
     */
    public record Series(String name, double[] values) {
        /** Validates and copies. */
        public Series {
            Checks.notBlank("bar series name", name);
            Checks.finite("bar series '" + name + "' values", values);
            values = values.clone();
        }

        /** A copy of the values. */
        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /** Validates. */
    public BarChart {
        Checks.notBlank("chart title", title);
        Checks.notNull("yLabel", yLabel);
        categories = Checks.nonEmptyList("bar chart '" + title + "' categories", categories);
        series = Checks.nonEmptyList("bar chart '" + title + "' series", series);
        Checks.notNull("caption", caption);
        for (Series s : series) {
            if (s.values.length != categories.size()) {
                throw new IllegalArgumentException("bar chart '" + title + "': series '" + s.name + "' must have one"
                        + " value per category (" + categories.size() + "). Provided: " + s.values.length);
            }
        }
    }

    /** Bars from a map of series (iteration order = legend order). */
    public static BarChart of(String title, String yLabel, List<String> categories, Map<String, double[]> series) {
        Checks.notNull("series", series);
        List<Series> list = new ArrayList<>();
        series.forEach((name, values) -> list.add(new Series(name, values)));
        return new BarChart(title, yLabel, categories, list, "");
    }

    /** This chart with a caption. */
    public BarChart withCaption(String newCaption) {
        return new BarChart(title, yLabel, categories, series, newCaption);
    }
}

package org.privet.report;

/**
 * A chart in a report: its data (written to {@code report.json}) and its picture (rendered headless
 * into {@code index.html}). The implementations are immutable values that copy their arrays.
 */
public sealed interface Chart extends Block permits RocChart, HistogramChart, LineChart, BarChart, ImageGrid {
    /** Heading shown above the chart; not blank. */
    String title();

    /** Text under the chart, e.g. how the data was measured; empty for none. */
    String caption();
}

package org.privet.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.privet.core.metrics.Interval;
import org.privet.core.metrics.RocCurve;

/**
 * A finished report: title, provenance, summary, headline metrics and sections of blocks.
 *
 * <pre>{@code
 * Report.builder("Membership inference audit")
 *     .provenance(Provenance.builder().command("privet audit ...").seed(42).dataset("adult", hash).build())
 *     .summary("LiRA reaches 8% TPR at 0.1% FPR on the undefended model.")
 *     .section("Membership inference")
 *     .metric(Metric.of("AUC", auc, 0.95, "stratified bootstrap, 1000 resamples"))
 *     .rocChart("ROC", curves)            // a LinkedHashMap: name -> RocCurve, in legend order
 *     .histogram("Scores", "log-likelihood ratio", scoresByGroup)  // "members" -> double[], ...
 *     .build()
 *     .writeTo(Path.of("out/report"));
 * }</pre>
 *
 * <p>Immutable and thread safe once built. {@link #writeTo(Path)} renders the charts (headless)
 * and writes {@code report.json} and {@code index.html} atomically.
 */
public final class Report {
    /** Name of the JSON file inside the report folder. */
    public static final String JSON_FILE = "report.json";
    /** Name of the HTML file inside the report folder. */
    public static final String HTML_FILE = "index.html";

    private final String title;
    private final String summary;
    private final Provenance provenance;
    private final List<Metric> headline;
    private final List<Section> sections;

    /**
     * A titled group of blocks, in display order.
     *
     * @param title heading, not blank
     * @param blocks text, metrics, tables and charts
     */
    public record Section(String title, List<Block> blocks) {
        /** Validates and copies. */
        public Section {
            Checks.notBlank("section title", title);
            blocks = List.copyOf(Checks.notNull("blocks", blocks));
        }
    }

    private Report(Builder b) {
        this.title = b.title;
        this.summary = b.summary;
        this.provenance = b.provenance;
        this.headline = List.copyOf(b.headline);
        List<Section> s = new ArrayList<>();
        for (SectionBuilder sb : b.sections) {
            s.add(new Section(sb.title, sb.blocks));
        }
        this.sections = List.copyOf(s);
    }

    /** Starts a report. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The title. */
    public String title() {
        return title;
    }

    /** The summary paragraph(s); empty for none. */
    public String summary() {
        return summary;
    }

    /** How the numbers were made. */
    public Provenance provenance() {
        return provenance;
    }

    /** Key metrics shown first. */
    public List<Metric> headline() {
        return headline;
    }

    /** The sections in order. */
    public List<Section> sections() {
        return sections;
    }

    /** {@code report.json}'s content: pretty-printed, keys in a fixed order. */
    public String toJson() {
        return JsonReport.write(this);
    }

    /** {@code index.html}'s content: one self-contained page (renders every chart). */
    public String toHtml() {
        return HtmlReport.write(this);
    }

    /**
     * Writes {@code report.json} and {@code index.html} into {@code dir}, atomically: everything is
     * written into a temporary folder next to {@code dir} and then moved into place. An existing
     * {@code dir} is replaced only after the new report is complete, and only if it is empty or
     * holds a {@code report.json} (so a wrong path never deletes unrelated files). On failure
     * nothing new is left behind and an old report stays as it was.
     *
     * @throws IOException if writing or moving fails
     * @throws IllegalArgumentException if {@code dir} exists and is not a report folder
     */
    public void writeTo(Path dir) throws IOException {
        ReportWriter.write(this, dir, ReportWriter.NO_HOOK);
    }

    /** Collects a report; not thread safe. Blocks go into the current section. */
    public static final class Builder {
        private final String title;
        private String summary = "";
        private Provenance provenance;
        private final List<Metric> headline = new ArrayList<>();
        private final List<SectionBuilder> sections = new ArrayList<>();

        private Builder(String title) {
            this.title = Checks.notBlank("report title", title);
        }

        /** How the numbers were made (required). */
        public Builder provenance(Provenance p) {
            provenance = Checks.notNull("provenance", p);
            return this;
        }

        /** Summary text shown first; blank lines separate paragraphs. */
        public Builder summary(String text) {
            summary = Checks.notNull("summary", text);
            return this;
        }

        /** A key metric shown in the summary (and under "headline" in the JSON). */
        public Builder headline(Metric metric) {
            headline.add(Checks.notNull("headline metric", metric));
            return this;
        }

        /** Starts a new section; following blocks go into it. */
        public Builder section(String sectionTitle) {
            sections.add(new SectionBuilder(Checks.notBlank("section title", sectionTitle)));
            return this;
        }

        /** A paragraph of text. */
        public Builder text(String text) {
            return block(new Block.Text(text));
        }

        /** A metric. */
        public Builder metric(Metric metric) {
            return block(metric);
        }

        /** Several metrics, e.g. {@link StandardMetrics#membership}. */
        public Builder metrics(List<Metric> metricList) {
            Checks.notNull("metrics", metricList).forEach(this::metric);
            return this;
        }

        /** A metric without interval. */
        public Builder metric(String name, double value, String method) {
            return block(Metric.of(name, value, method));
        }

        /** A metric with a confidence interval at {@code level}. */
        public Builder metric(String name, Interval ci, double level, String method) {
            return block(Metric.of(name, ci, level, method));
        }

        /** A table. */
        public Builder table(Table table) {
            return block(table);
        }

        /** Any chart. */
        public Builder chart(Chart chart) {
            return block(chart);
        }

        /** Log-log ROC curves (map order = legend order; use a LinkedHashMap). */
        public Builder rocChart(String chartTitle, Map<String, RocCurve> curves) {
            return block(RocChart.of(chartTitle, curves));
        }

        /** Overlaid normalised histograms (map order = legend order). */
        public Builder histogram(String chartTitle, String xLabel, Map<String, double[]> samples) {
            return block(HistogramChart.of(chartTitle, xLabel, samples));
        }

        /** Lines at x = 1..n, e.g. loss per epoch (map order = legend order). */
        public Builder lineChart(String chartTitle, String xLabel, String yLabel, Map<String, double[]> ys) {
            return block(LineChart.of(chartTitle, xLabel, yLabel, ys));
        }

        /** Grouped bars (map order = legend order). */
        public Builder barChart(String chartTitle, String yLabel, List<String> categories,
                Map<String, double[]> series) {
            return block(BarChart.of(chartTitle, yLabel, categories, series));
        }

        /** An image grid. */
        public Builder imageGrid(ImageGrid grid) {
            return block(grid);
        }

        private Builder block(Block b) {
            Checks.notNull("block", b);
            if (sections.isEmpty()) {
                sections.add(new SectionBuilder("Results"));
            }
            sections.get(sections.size() - 1).blocks.add(b);
            return this;
        }

        /**
         * The report.
         *
         * @throws IllegalStateException without provenance
         */
        public Report build() {
            if (provenance == null) {
                throw new IllegalStateException("report '" + title + "': provenance is required (every number says"
                        + " how it was made); call provenance(Provenance.builder()...build())");
            }
            return new Report(this);
        }
    }

    private static final class SectionBuilder {
        final String title;
        final List<Block> blocks = new ArrayList<>();

        SectionBuilder(String title) {
            this.title = title;
        }
    }
}

package org.privet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.metrics.Interval;
import org.privet.core.metrics.RocCurve;

class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA_URI = Pattern.compile("src=\"data:(image/[a-z+]+);base64,([A-Za-z0-9+/=]+)\"");

    private static Report sample;
    private static String html;

    @TempDir
    Path tmp;

    @BeforeAll
    static void render() {
        sample = SampleReports.sample(600, 100);
        html = sample.toHtml();
    }

    @Test
    void testsRunHeadless() {
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    }

    @Test
    void writesBothFilesAndJsonParsesBackWithTheNumbers() throws IOException {
        Path dir = tmp.resolve("out");
        sample.writeTo(dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(Report.HTML_FILE, Report.JSON_FILE);
        }
        JsonNode root = JSON.readTree(dir.resolve(Report.JSON_FILE).toFile());
        assertThat(root.get("format").asText()).isEqualTo("privet-report/1");
        assertThat(root.get("title").asText()).isEqualTo(sample.title());
        JsonNode prov = root.get("provenance");
        assertThat(prov.get("seed").asLong()).isEqualTo(42);
        assertThat(prov.get("command").asText()).startsWith("privet audit");
        assertThat(prov.get("dataset").get("contentHash").asText()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(prov.get("startTime").asText()).isEqualTo("2026-01-02T10:00:00Z");
        assertThat(prov.get("durationMillis").asLong()).isEqualTo(451_250);
        assertThat(prov.get("hostCores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(prov.get("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
        // filtered from the pom at build time: a real version, not the placeholder
        assertThat(prov.get("toolVersion").asText()).matches("\\d+\\.\\d+.*");
        // parameters sorted by name, types kept
        List<String> names = new ArrayList<>();
        prov.get("parameters").fieldNames().forEachRemaining(names::add);
        assertThat(names).isSorted().contains("train.epochs");
        assertThat(prov.get("parameters").get("train.epochs").isInt()).isTrue();
        assertThat(prov.get("parameters").get("dp").isBoolean()).isTrue();

        Metric auc = sample.headline().get(0);
        JsonNode h0 = root.get("headline").get(0);
        assertThat(h0.get("value").asDouble()).isEqualTo(auc.value());
        assertThat(h0.get("ci").get("lo").asDouble()).isEqualTo(auc.ci().lo());
        assertThat(h0.get("ci").get("hi").asDouble()).isEqualTo(auc.ci().hi());
        assertThat(h0.get("ci").get("level").asDouble()).isEqualTo(0.95);
        assertThat(h0.get("method").asText()).contains("bootstrap");

        JsonNode blocks = root.get("sections").get(0).get("blocks");
        JsonNode roc = find(blocks, "kind", "roc");
        RocChart rocChart = (RocChart) sample.sections().get(0).blocks().stream()
                .filter(b -> b instanceof RocChart).findFirst().orElseThrow();
        RocCurve lira = rocChart.curves().get(0).roc();
        JsonNode c0 = roc.get("curves").get(0);
        assertThat(c0.get("auc").asDouble()).isEqualTo(lira.auc());
        assertThat(c0.get("tprAtFpr").get("0.001").asDouble()).isEqualTo(lira.tprAtFpr(1e-3));
        assertThat(c0.get("tprAtFpr").get("0.00001").asDouble()).isEqualTo(lira.tprAtFpr(1e-5));
        assertThat(c0.get("nonMembers").asInt()).isEqualTo(300);
        assertThat(c0.get("fpr").size()).isEqualTo(c0.get("tpr").size()).isGreaterThan(10);
        assertThat(c0.get("fpr").get(0).asDouble()).isEqualTo(roc.get("minFpr").asDouble());
        assertThat(roc.get("minFpr").asDouble()).isEqualTo(1e-3); // 300 non-members -> 10^floor(log10(1/300))

        JsonNode hist = find(blocks, "kind", "histogram");
        long total = 0;
        for (JsonNode s : hist.get("series")) {
            for (JsonNode c : s.get("counts")) {
                total += c.asLong();
            }
        }
        assertThat(total).isEqualTo(600);
        assertThat(hist.get("edges").size()).isEqualTo(HistogramChart.DEFAULT_BINS + 1);

        JsonNode table = find(blocks, "type", "table");
        assertThat(table.get("rows").get(0).get(1).asDouble()).isEqualTo(lira.auc());
        assertThat(table.get("rows").get(0).get(4).isIntegralNumber()).isTrue();
        assertThat(table.get("rows").get(2).get(4).isNull()).isTrue();

        // Infinity survives as a string: PSNR of identical images
        JsonNode psnr = find(root.get("sections").get(2).get("blocks"), "type", "metric");
        assertThat(psnr.get("value").asText()).isEqualTo("Infinity");
        assertThat(psnr.get("unit").asText()).isEqualTo("dB");
        JsonNode grid = find(root.get("sections").get(2).get("blocks"), "kind", "imageGrid");
        assertThat(grid.get("rows").get(3).get("images").get(0).get("shape").toString()).isEqualTo("[3,32,32]");
    }

    private static JsonNode find(JsonNode array, String key, String value) {
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (n.has(key) && n.get(key).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no block with " + key + "=" + value + " in " + array);
    }

    @Test
    void jsonIsStable() {
        Report again = SampleReports.sample(600, 100);
        assertThat(again.toJson()).isEqualTo(sample.toJson());
        String json = sample.toJson();
        assertThat(json.indexOf("\"format\"")).isLessThan(json.indexOf("\"title\""));
        assertThat(json.indexOf("\"title\"")).isLessThan(json.indexOf("\"provenance\""));
        assertThat(json).contains("\n  \"title\""); // pretty-printed
    }

    @Test
    void htmlIsOnePageWithTitleEscapedTextAndEmbeddedCharts() {
        assertThat(html).startsWith("<!DOCTYPE html>");
        String escapedTricky = "Scores &lt;b&gt;&quot;raw&quot;&lt;/b&gt; &amp; &#39;quoted&#39; "
                + "&lt;script&gt;alert(1)&lt;/script&gt;";
        assertThat(html).contains("<title>Membership inference audit: " + escapedTricky + "</title>");
        assertThat(html).contains("<p>" + escapedTricky + "</p>");
        assertThat(html).doesNotContain(SampleReports.TRICKY);
        assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("http://")
                .doesNotContain("https://").doesNotContain("<link").doesNotContain("@import")
                .doesNotContain("url(");
        assertThat(html).contains("<meta charset=\"utf-8\">");
        Matcher m = DATA_URI.matcher(html);
        int svg = 0;
        int png = 0;
        while (m.find()) {
            if (m.group(1).equals("image/svg+xml")) {
                svg++;
            } else if (m.group(1).equals("image/png")) {
                png++;
            }
        }
        assertThat(svg).isEqualTo(4); // ROC, histogram, line, bar
        assertThat(png).isEqualTo(1); // image grid
        assertThat(html).contains("<img alt=\"ROC curves (log-log): log-log ROC curves. LiRA (offline): AUC");
    }

    @Test
    void embeddedSvgIsWellFormedAndCarriesTheLegend() throws Exception {
        Matcher m = DATA_URI.matcher(html);
        assertThat(m.find()).isTrue();
        byte[] svg = Base64.getDecoder().decode(m.group(2));
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        String text = new String(svg, StandardCharsets.UTF_8);
        assertThat(text).contains("LiRA (offline)").contains("AUC").contains("chance (TPR = FPR)");
    }

    @Test
    void chartTextWithMarkupAndUnicodeStaysWellFormedSvg() throws Exception {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("a < b & \"c\" \u03b5=8", new double[] {1, 2, 3});
        for (Chart c : List.of(HistogramChart.of("h", "x <i>", m), LineChart.of("l", "x <", "y &", m),
                BarChart.of("b", "y", List.of("k<1", "\u03b5", "z"), m))) {
            byte[] svg = ChartRenderer.svg(c, "t_").getBytes(StandardCharsets.UTF_8);
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            var doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
            assertThat(doc.getDocumentElement().getTextContent()).as(c.title()).contains("a < b & \"c\" \u03b5=8");
        }
    }

    @Test
    void imageGridPngShowsThePixels() throws IOException {
        // one row: black, mid-gray, white-and-red; values 0..2 with range 2
        float[] black = new float[4 * 4];
        float[] gray = new float[4 * 4];
        java.util.Arrays.fill(gray, 1f);
        float[] red = new float[3 * 4 * 4];
        java.util.Arrays.fill(red, 0, 16, 2f);
        ImageGrid grid = ImageGrid.builder("g").row("", GridImage.gray(black, 4, 4, 2), GridImage.gray(gray, 4, 4, 2),
                GridImage.rgb(red, 4, 4, 2)).build();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(ChartRenderer.png(grid)));
        // layout: pad 10, no labels, cells of 4*8 = 32 px (scale capped at 8), gap 8
        int y = 10 + 16;
        assertThat(img.getRGB(10 + 16, y) & 0xffffff).isEqualTo(0x000000);
        assertThat(img.getRGB(10 + 40 + 16, y) & 0xffffff).isEqualTo(0x808080);
        assertThat(img.getRGB(10 + 80 + 16, y) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(2, 2) & 0xffffff).isEqualTo(0xffffff); // white page
    }

    @Test
    void failingWriteLeavesNothingNewAndKeepsTheOldReport() throws IOException {
        Path dir = tmp.resolve("r");
        ReportWriter.Hook failAfterFirst = file -> {
            throw new IOException("disk full (simulated) after " + file.getFileName());
        };
        assertThatThrownBy(() -> ReportWriter.write(sample, dir, failAfterFirst))
                .isInstanceOf(IOException.class).hasMessageContaining("simulated");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.toList()).isEmpty(); // no target, no temp folder
        }

        Report small = small("first");
        small.writeTo(dir);
        String before = Files.readString(dir.resolve(Report.JSON_FILE));
        ReportWriter.Hook failAfterSecond = new ReportWriter.Hook() {
            int n;

            @Override
            public void afterWrite(Path file) throws IOException {
                if (++n == 2) {
                    throw new IOException("simulated failure after " + file.getFileName());
                }
            }
        };
        assertThatThrownBy(() -> ReportWriter.write(small("second"), dir, failAfterSecond))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(dir.resolve(Report.JSON_FILE))).isEqualTo(before);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("r");
        }
    }

    @Test
    void rewriteReplacesTheOldReportAndRefusesForeignFolders() throws IOException {
        Path dir = tmp.resolve("r");
        small("first").writeTo(dir);
        small("second").writeTo(dir);
        assertThat(Files.readString(dir.resolve(Report.HTML_FILE))).contains("second").doesNotContain("first");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("r");
        }
        Path foreign = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(foreign.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> small("x").writeTo(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to replace").hasMessageContaining("report.json");
        assertThat(Files.readString(foreign.resolve("thesis.tex"))).isEqualTo("precious");
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> small("x").writeTo(file)).hasMessageContaining("not a folder");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        small("into empty").writeTo(empty);
        assertThat(empty.resolve(Report.JSON_FILE)).exists();
    }

    private static Report small(String title) {
        Provenance p = Provenance.builder().command("test").started(Instant.EPOCH).finished(Instant.EPOCH).build();
        return Report.builder(title).provenance(p).metric("m", 1.5, "by hand").build();
    }

    @Test
    void builderAndValueErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> Report.builder("t").metric("m", 1, "x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("provenance is required");
        assertThatThrownBy(() -> Report.builder(" ")).hasMessageContaining("report title must not be blank");
        assertThatThrownBy(() -> Table.builder("t", "a", "b").row(1)).hasMessageContaining("row 0 must have 2 cells");
        assertThatThrownBy(() -> Table.builder("t", "a").row(new Object()).build())
                .hasMessageContaining("must be a String, Number, Boolean or null");
        assertThatThrownBy(() -> BarChart.of("b", "y", List.of("x", "y"), Map.of("s", new double[] {1})))
                .hasMessageContaining("one value per category (2). Provided: 1");
        assertThatThrownBy(() -> new Metric("m", 1, "", new Interval(0, 1, 2), 95, "x"))
                .hasMessageContaining("ciLevel must be in (0, 1). Provided value: 95.0");
        assertThatThrownBy(() -> LineChart.of("l", "x", "y", Map.of("s", new double[] {1, 0})).withLogY(true))
                .hasMessageContaining("log y axis needs y > 0").hasMessageContaining("0.0 at index 1");
        assertThatThrownBy(() -> LineChart.of("l", "x", "y", Map.of("s", new double[] {1, Double.NaN})))
                .hasMessageContaining("must be finite. Provided value NaN at index 1");
        assertThatThrownBy(() -> GridImage.gray(new float[5], 2, 2, 1))
                .hasMessageContaining("channels*height*width = 4 values. Provided: 5");
        assertThatThrownBy(() -> ImageGrid.builder("g").columns("a").row("r", GridImage.gray(new float[1], 1, 1, 1),
                GridImage.gray(new float[1], 1, 1, 1)).build()).hasMessageContaining("1 column labels for 2 columns");
        assertThatThrownBy(() -> Provenance.builder().parameter("p", List.of()).build())
                .hasMessageContaining("parameter 'p' must be a String, Number or Boolean");
        assertThatThrownBy(() -> Provenance.builder().started(Instant.ofEpochSecond(10))
                .finished(Instant.ofEpochSecond(5)).build()).hasMessageContaining("endTime must not be before");
        assertThatThrownBy(() -> HistogramChart.of("h", "x", Map.of("s", new double[] {Double.NaN})))
                .hasMessageContaining("at least one finite value");
    }

    @Test
    void histogramBinsAreSharedAndExact() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("a", new double[] {0, 1, 2, 3, Double.POSITIVE_INFINITY});
        m.put("b", new double[] {3, 3});
        HistogramChart.Binned b = HistogramChart.of("h", "x", m).withBins(2).binned();
        assertThat(b.edges()).containsExactly(0, 1.5, 3);
        assertThat(b.counts()[0]).containsExactly(2, 2); // 3 (the max) goes into the last bin
        assertThat(b.counts()[1]).containsExactly(0, 2);
        assertThat(b.nonFinite()).containsExactly(1, 0);
        assertThat(b.heights()[0]).containsExactly(0.5, 0.5);
        HistogramChart.Binned counts = HistogramChart.of("h", "x", m).withBins(2).withNormalized(false).binned();
        assertThat(counts.heights()[1]).containsExactly(0, 2);
    }

    @Test
    void rocAxisBoundFollowsTheNonMemberCount() {
        assertThat(RocChart.autoMinFpr(curves(1000))).isEqualTo(1e-3, within(1e-18));
        assertThat(RocChart.autoMinFpr(curves(300))).isEqualTo(1e-3, within(1e-18));
        assertThat(RocChart.autoMinFpr(curves(50))).isEqualTo(1e-2, within(1e-18));
        assertThat(RocChart.autoMinFpr(curves(2_000_000))).isEqualTo(1e-5, within(1e-18));
    }

    private static List<RocChart.Curve> curves(int negatives) {
        double[] s = new double[negatives + 1];
        boolean[] m = new boolean[negatives + 1];
        m[0] = true;
        return List.of(new RocChart.Curve("c", RocCurve.of(s, m)));
    }

    @Test
    void numberFormatting() {
        assertThat(ChartRenderer.fmt(0.758234, 3)).isEqualTo("0.758");
        assertThat(ChartRenderer.fmt(42, 4)).isEqualTo("42");
        assertThat(ChartRenderer.fmt(Double.POSITIVE_INFINITY, 4)).isEqualTo("\u221e");
        assertThat(ChartRenderer.fmt(Double.NaN, 4)).isEqualTo("n/a");
        assertThat(ChartRenderer.fmt(1.23456e-6, 3)).isEqualTo("1.23e-06");
        assertThat(ChartRenderer.pct(0.0761)).isEqualTo("7.61%");
        assertThat(HtmlReport.esc("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
        assertThat(ChartRenderer.svgNumber(12.3456)).isEqualTo("12.35");
        assertThat(ChartRenderer.svgNumber(7.0)).isEqualTo("7");
    }
}

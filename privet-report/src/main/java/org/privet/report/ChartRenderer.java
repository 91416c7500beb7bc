package org.privet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.privet.core.metrics.RocCurve;

/**
 * Renders charts headless: JFreeChart charts to SVG documents, image grids to PNG. One clean style
 * for all: white background, light grid, no chart border, SansSerif text, a colour-blind-friendly
 * palette (Tableau 10), legend below (ROC: inside, lower right, where log-log ROC curves never go).
 */
final class ChartRenderer {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 420;
    static final int ROC_SIZE = 560;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };
    private static final Color GRID = new Color(0xe3e3e3);
    private static final Color AXIS = new Color(0x555555);
    private static final Color TEXT = new Color(0x222222);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font GRID_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font GRID_SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ChartRenderer() {
    }

    /** Colour of series {@code i}. */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** The SVG document of a JFreeChart chart ({@code null} for an image grid: use {@link #png}). */
    static String svg(Chart chart, String idPrefix) {
        JFreeChart jf;
        int w = WIDTH;
        int h = HEIGHT;
        if (chart instanceof RocChart roc) {
            jf = roc(roc);
            w = ROC_SIZE;
            h = ROC_SIZE;
        } else if (chart instanceof HistogramChart hist) {
            jf = histogram(hist);
        } else if (chart instanceof LineChart line) {
            jf = line(line);
        } else if (chart instanceof BarChart bar) {
            jf = bar(bar);
        } else {
            return null;
        }
        SVGGraphics2D g2 = new SVGGraphics2D(w, h);
        g2.setDefsKeyPrefix(idPrefix);
        g2.setGeomDoubleConverter(ChartRenderer::svgNumber); // 0.01 px is plenty, halves the size
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        jf.draw(g2, new Rectangle(0, 0, w, h));
        return g2.getSVGDocument();
    }

    /** A coordinate rounded to 0.01 px, without a trailing ".0". */
    static String svgNumber(double v) {
        double r = Math.rint(v * 100) / 100;
        if (r == Math.rint(r) && Math.abs(r) < 1e9) {
            return Long.toString((long) r);
        }
        return Double.toString(r);
    }

    // ---------------------------------------------------------------- ROC

    static JFreeChart roc(RocChart chart) {
        double min = chart.minFpr();
        XYSeriesCollection ds = new XYSeriesCollection();
        for (RocChart.Curve c : chart.curves()) {
            RocCurve r = c.roc();
            XYSeries s = new XYSeries(rocLabel(c.name(), r), false, true);
            RocCurve.Points p = RocPlot.points(r, min);
            double[] x = p.fpr();
            double[] y = p.tpr();
            for (int i = 0; i < x.length; i++) {
                s.add(x[i], Math.max(y[i], min)); // TPR below the axis is drawn on the axis
            }
            ds.addSeries(s);
        }
        XYSeries chance = new XYSeries("chance (TPR = FPR)", false, true);
        chance.add(min, min);
        chance.add(1.0, 1.0);
        ds.addSeries(chance);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < chart.curves().size(); i++) {
            renderer.setSeriesPaint(i, color(i));
            renderer.setSeriesStroke(i, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        int d = chart.curves().size();
        renderer.setSeriesPaint(d, new Color(0x999999));
        renderer.setSeriesStroke(d, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f, 4f}, 0f));
        XYPlot plot = new XYPlot(ds, logAxis("False positive rate", min), logAxis("True positive rate", min),
                renderer);
        style(plot);
        JFreeChart jf = new JFreeChart(null, LABEL_FONT, plot, false);
        LegendTitle legend = new LegendTitle(plot);
        styleLegend(legend);
        legend.setBackgroundPaint(new Color(255, 255, 255, 225));
        legend.setFrame(new BlockBorder(new Color(0xcccccc)));
        legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 6));
        legend.setPosition(RectangleEdge.RIGHT);
        // XYTitleAnnotation's "relative" coordinates are linear in data units, which on log axes is
        // not a fraction of the plot: place the corner 2% of the axis length in from lower right
        double decades = -Math.log10(min);
        double xData = Math.pow(10, -0.02 * decades);
        double yData = min * Math.pow(10, 0.02 * decades);
        XYTitleAnnotation ann = new XYTitleAnnotation((xData - min) / (1 - min), (yData - min) / (1 - min), legend,
                RectangleAnchor.BOTTOM_RIGHT);
        ann.setMaxWidth(0.8);
        plot.addAnnotation(ann);
        return finish(jf);
    }

    private static String rocLabel(String name, RocCurve r) {
        return name + "  (AUC " + fmt(r.auc(), 3) + ", TPR@0.1% " + pct(r.tprAtFpr(1e-3)) + ")";
    }

    private static LogAxis logAxis(String label, double min) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(min / 10);
        // a hair wider than [min, 1]: log10(1e-3) rounds to -2.9999999999999996 and would lose the tick
        a.setRange(min * (1 - 1e-9), 1.0 + 1e-9);
        a.setTickUnit(new NumberTickUnit(1.0, new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT)), 9));
        a.setMinorTickMarksVisible(true);
        styleAxis(a);
        return a;
    }

    // ---------------------------------------------------------- histogram

    static JFreeChart histogram(HistogramChart chart) {
        HistogramChart.Binned b = chart.binned();
        XYIntervalSeriesCollection ds = new XYIntervalSeriesCollection();
        double[] e = b.edges();
        for (int k = 0; k < chart.series().size(); k++) {
            HistogramChart.Series s = chart.series().get(k);
            String label = s.name() + " (n=" + (s.values().length - b.nonFinite()[k]) + ")";
            XYIntervalSeries xs = new XYIntervalSeries(label, false, true);
            double[] hgt = b.heights()[k];
            for (int i = 0; i < hgt.length; i++) {
                xs.add((e[i] + e[i + 1]) / 2, e[i], e[i + 1], hgt[i], 0, hgt[i]);
            }
            ds.addSeries(xs);
        }
        XYBarRenderer renderer = new XYBarRenderer(0.0);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setUseYInterval(true);
        for (int k = 0; k < chart.series().size(); k++) {
            Color c = color(k);
            renderer.setSeriesPaint(k, new Color(c.getRed(), c.getGreen(), c.getBlue(), 115));
        }
        NumberAxis x = numberAxis(chart.xLabel());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = numberAxis(chart.normalized() ? "Fraction" : "Count");
        XYPlot plot = new XYPlot(ds, x, y, renderer);
        style(plot);
        return legendBelow(new JFreeChart(null, LABEL_FONT, plot, false), plot);
    }

    // --------------------------------------------------------------- line

    static JFreeChart line(LineChart chart) {
        XYSeriesCollection ds = new XYSeriesCollection();
        boolean integerX = true;
        int maxPoints = 0;
        for (LineChart.Series s : chart.series()) {
            XYSeries xs = new XYSeries(s.name(), false, true);
            double[] x = s.x();
            double[] y = s.y();
            for (int i = 0; i < x.length; i++) {
                xs.add(x[i], y[i]);
                integerX &= x[i] == Math.rint(x[i]);
            }
            maxPoints = Math.max(maxPoints, x.length);
            ds.addSeries(xs);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, maxPoints <= 40);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < chart.series().size(); i++) {
            renderer.setSeriesPaint(i, color(i));
            renderer.setSeriesStroke(i, new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        }
        NumberAxis x = numberAxis(chart.xLabel());
        x.setAutoRangeIncludesZero(false);
        if (integerX) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        ValueAxis y;
        if (chart.logY()) {
            LogAxis la = new LogAxis(chart.yLabel());
            la.setBase(10);
            la.setSmallestValue(Double.MIN_NORMAL);
            styleAxis(la);
            y = la;
        } else {
            NumberAxis na = numberAxis(chart.yLabel());
            na.setAutoRangeIncludesZero(false);
            y = na;
        }
        XYPlot plot = new XYPlot(ds, x, y, renderer);
        style(plot);
        return legendBelow(new JFreeChart(null, LABEL_FONT, plot, false), plot);
    }

    // ---------------------------------------------------------------- bar

    static JFreeChart bar(BarChart chart) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (BarChart.Series s : chart.series()) {
            double[] v = s.values();
            for (int i = 0; i < v.length; i++) {
                ds.addValue(v[i], s.name(), chart.categories().get(i));
            }
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.04);
        renderer.setMaximumBarWidth(0.12);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(TICK_FONT);
        renderer.setDefaultItemLabelPaint(TEXT);
        for (int i = 0; i < chart.series().size(); i++) {
            renderer.setSeriesPaint(i, color(i));
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setLabelFont(LABEL_FONT);
        x.setTickLabelFont(LABEL_FONT);
        x.setTickLabelPaint(TEXT);
        x.setAxisLinePaint(AXIS);
        x.setTickMarksVisible(false);
        x.setCategoryMargin(0.25);
        x.setLowerMargin(0.04);
        x.setUpperMargin(0.04);
        x.setMaximumCategoryLabelLines(2);
        NumberAxis y = numberAxis(chart.yLabel());
        y.setUpperMargin(0.12); // room for the value labels
        CategoryPlot plot = new CategoryPlot(ds, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setDomainGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(10, 6, 4, 14));
        JFreeChart jf = new JFreeChart(null, LABEL_FONT, plot, false);
        LegendTitle legend = new LegendTitle(plot);
        styleLegend(legend);
        legend.setPosition(RectangleEdge.BOTTOM);
        jf.addSubtitle(legend);
        return finish(jf);
    }

    // ------------------------------------------------------------- shared

    private static NumberAxis numberAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        styleAxis(a);
        return a;
    }

    private static void styleAxis(ValueAxis a) {
        a.setLabelFont(LABEL_FONT);
        a.setLabelPaint(TEXT);
        a.setTickLabelFont(TICK_FONT);
        a.setTickLabelPaint(TEXT);
        a.setAxisLinePaint(AXIS);
        a.setTickMarkPaint(AXIS);
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(10, 6, 4, 14));
    }

    private static void styleLegend(LegendTitle legend) {
        legend.setItemFont(LEGEND_FONT);
        legend.setItemPaint(TEXT);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(null);
    }

    private static JFreeChart legendBelow(JFreeChart jf, XYPlot plot) {
        LegendTitle legend = new LegendTitle(plot);
        styleLegend(legend);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setMargin(new RectangleInsets(6, 0, 0, 0));
        jf.addSubtitle(legend);
        return finish(jf);
    }

    private static JFreeChart finish(JFreeChart jf) {
        jf.setBackgroundPaint(Color.WHITE);
        jf.setBorderVisible(false);
        jf.setPadding(new RectangleInsets(6, 6, 6, 6));
        jf.setAntiAlias(true);
        jf.setTextAntiAlias(true);
        return jf;
    }

    // ----------------------------------------------------------- images

    /** PNG bytes of an image grid. */
    static byte[] png(ImageGrid grid) {
        int cols = grid.columnCount();
        int maxH = 1;
        int maxW = 1;
        boolean captions = false;
        for (ImageGrid.Row row : grid.rows()) {
            for (GridImage im : row.images()) {
                maxH = Math.max(maxH, im.height());
                maxW = Math.max(maxW, im.width());
                captions |= !im.caption().isEmpty();
            }
        }
        int scale = Math.max(1, Math.min(8, 112 / Math.max(maxH, maxW)));
        int cellW = maxW * scale;
        int cellH = maxH * scale;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(GRID_FONT);
        FontMetrics sm = pg.getFontMetrics(GRID_SMALL_FONT);
        int labelW = 0;
        for (ImageGrid.Row row : grid.rows()) {
            labelW = Math.max(labelW, fm.stringWidth(row.label()));
        }
        for (String c : grid.columnLabels()) {
            cellW = Math.max(cellW, fm.stringWidth(c) + 4);
        }
        for (ImageGrid.Row row : grid.rows()) {
            for (GridImage im : row.images()) {
                cellW = Math.max(cellW, sm.stringWidth(im.caption()) + 4);
            }
        }
        pg.dispose();
        int pad = 10;
        int gap = 8;
        int labelCol = labelW == 0 ? 0 : labelW + 12;
        int headerH = grid.columnLabels().isEmpty() ? 0 : fm.getHeight() + 6;
        int captionH = captions ? sm.getHeight() + 4 : 0;
        int rowH = cellH + captionH;
        int width = pad * 2 + labelCol + cols * cellW + (cols - 1) * gap;
        int height = pad * 2 + headerH + grid.rows().size() * rowH + (grid.rows().size() - 1) * gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(TEXT);
            g.setFont(GRID_FONT);
            int x0 = pad + labelCol;
            for (int c = 0; c < grid.columnLabels().size(); c++) {
                String s = grid.columnLabels().get(c);
                int cx = x0 + c * (cellW + gap) + (cellW - fm.stringWidth(s)) / 2;
                g.drawString(s, cx, pad + fm.getAscent());
            }
            for (int r = 0; r < grid.rows().size(); r++) {
                ImageGrid.Row row = grid.rows().get(r);
                int y0 = pad + headerH + r * (rowH + gap);
                g.setFont(GRID_FONT);
                g.setColor(TEXT);
                g.drawString(row.label(), pad, y0 + (cellH + fm.getAscent() - fm.getDescent()) / 2);
                for (int c = 0; c < cols; c++) {
                    GridImage im = row.images().get(c);
                    BufferedImage pic = toImage(im);
                    int w = im.width() * scale;
                    int h = im.height() * scale;
                    int ix = x0 + c * (cellW + gap) + (cellW - w) / 2;
                    int iy = y0 + (cellH - h) / 2;
                    g.drawImage(pic, ix, iy, w, h, null);
                    g.setColor(new Color(0xbbbbbb));
                    g.drawRect(ix - 1, iy - 1, w + 1, h + 1);
                    if (!im.caption().isEmpty()) {
                        g.setFont(GRID_SMALL_FONT);
                        g.setColor(new Color(0x444444));
                        int tx = x0 + c * (cellW + gap) + (cellW - sm.stringWidth(im.caption())) / 2;
                        g.drawString(im.caption(), tx, y0 + cellH + 2 + sm.getAscent());
                    }
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new AssertionError("internal invariant: the JDK always has a PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Float pixels to an RGB image: value / range, clamped to [0, 1], NaN as 0. */
    static BufferedImage toImage(GridImage im) {
        int h = im.height();
        int w = im.width();
        float[] p = im.pixelsNoCopy();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        double inv = 255.0 / im.range();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int o = i * w + j;
                int r = level(p[o], inv);
                int gr = im.channels() == 3 ? level(p[plane + o], inv) : r;
                int bl = im.channels() == 3 ? level(p[2 * plane + o], inv) : r;
                b.setRGB(j, i, (r << 16) | (gr << 8) | bl);
            }
        }
        return b;
    }

    private static int level(float v, double inv) {
        double s = v * inv;
        if (!(s > 0)) {
            return 0; // also NaN
        }
        return s >= 255 ? 255 : (int) Math.round(s);
    }

    // ----------------------------------------------------------- format

    /** {@code digits} significant digits, plain notation for moderate magnitudes. */
    static String fmt(double v, int digits) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "-\u221e";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros()
                .toPlainString();
        if (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-4) {
            s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        }
        return s;
    }

    /** A fraction as a percentage with up to 3 significant digits, e.g. 0.0123 -> "1.23%". */
    static String pct(double fraction) {
        return fmt(fraction * 100, 3) + "%";
    }
}

package org.privet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.privet.core.metrics.RocCurve;

/**
 * Writes {@code report.json}. Keys come in a fixed order (the order of this code; parameters
 * sorted by name), so the same report gives the same bytes. Non-finite numbers are written as the
 * strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (plain JSON has no such numbers).
 */
final class JsonReport {
    /** Format identifier written as {@code "format"}; bump on incompatible changes. */
    static final String FORMAT = "privet-report/1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonReport() {
    }

    static String write(Report r) {
        try {
            return MAPPER.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new AssertionError("internal invariant: a JSON tree always serialises", e);
        }
    }

    static JsonNode tree(Report r) {
        ObjectNode root = F.objectNode();
        root.put("format", FORMAT);
        root.put("title", r.title());
        root.put("summary", r.summary());
        root.set("provenance", provenance(r.provenance()));
        ArrayNode head = root.putArray("headline");
        r.headline().forEach(m -> head.add(metric(m)));
        ArrayNode sections = root.putArray("sections");
        for (Report.Section s : r.sections()) {
            ObjectNode sn = sections.addObject();
            sn.put("title", s.title());
            ArrayNode blocks = sn.putArray("blocks");
            for (Block b : s.blocks()) {
                blocks.add(block(b));
            }
        }
        return root;
    }

    private static ObjectNode provenance(Provenance p) {
        ObjectNode n = F.objectNode();
        n.put("toolVersion", p.toolVersion());
        n.put("command", p.command());
        ObjectNode params = n.putObject("parameters");
        p.parameters().forEach((k, v) -> params.set(k, scalar(v)));
        if (p.seed() == null) {
            n.putNull("seed");
        } else {
            n.put("seed", p.seed().longValue());
        }
        ObjectNode ds = n.putObject("dataset");
        ds.put("name", p.datasetName());
        ds.put("contentHash", p.datasetHash());
        n.put("startTime", p.startTime().toString());
        n.put("endTime", p.endTime().toString());
        n.put("durationMillis", p.durationMillis());
        n.put("javaVersion", p.javaVersion());
        n.put("javaVendor", p.javaVendor());
        n.put("os", p.os());
        n.put("hostCores", p.hostCores());
        return n;
    }

    private static ObjectNode block(Block b) {
        if (b instanceof Block.Text t) {
            ObjectNode n = F.objectNode();
            n.put("type", "text");
            n.put("text", t.text());
            return n;
        } else if (b instanceof Metric m) {
            return metric(m);
        } else if (b instanceof Table t) {
            return table(t);
        } else if (b instanceof Chart c) {
            return chart(c);
        }
        throw new AssertionError("internal invariant: unknown block " + b.getClass());
    }

    static ObjectNode metric(Metric m) {
        ObjectNode n = F.objectNode();
        n.put("type", "metric");
        n.put("name", m.name());
        n.put("value", m.value());
        n.put("unit", m.unit());
        if (m.ci() == null) {
            n.putNull("ci");
        } else {
            ObjectNode ci = n.putObject("ci");
            ci.put("level", m.ciLevel());
            ci.put("lo", m.ci().lo());
            ci.put("hi", m.ci().hi());
        }
        n.put("method", m.method());
        return n;
    }

    private static ObjectNode table(Table t) {
        ObjectNode n = F.objectNode();
        n.put("type", "table");
        n.put("title", t.title());
        ArrayNode cols = n.putArray("columns");
        t.columns().forEach(cols::add);
        ArrayNode rows = n.putArray("rows");
        for (List<Object> row : t.rows()) {
            ArrayNode rn = rows.addArray();
            row.forEach(c -> rn.add(scalar(c)));
        }
        return n;
    }

    private static ObjectNode chart(Chart c) {
        ObjectNode n = F.objectNode();
        n.put("type", "chart");
        if (c instanceof RocChart roc) {
            n.put("kind", "roc");
            n.put("title", roc.title());
            n.put("caption", roc.caption());
            n.put("axes", "log-log");
            n.put("minFpr", roc.minFpr());
            n.put("pointsNote", "the linearly interpolated ROC sampled for plotting from minFpr to 1;"
                    + " exact at every point, thinned to 0.004 decades");
            ArrayNode curves = n.putArray("curves");
            for (RocChart.Curve curve : roc.curves()) {
                RocCurve r = curve.roc();
                ObjectNode cn = curves.addObject();
                cn.put("name", curve.name());
                cn.put("members", r.positives());
                cn.put("nonMembers", r.negatives());
                cn.put("auc", r.auc());
                cn.put("membershipAdvantage", r.membershipAdvantage());
                ObjectNode at = cn.putObject("tprAtFpr");
                for (double level : RocPlot.TPR_LEVELS) {
                    at.put(BigDecimal.valueOf(level).stripTrailingZeros().toPlainString(), r.tprAtFpr(level)); // "0.001"
                }
                RocCurve.Points p = RocPlot.points(r, roc.minFpr());
                cn.set("fpr", array(p.fpr()));
                cn.set("tpr", array(p.tpr()));
            }
        } else if (c instanceof HistogramChart h) {
            n.put("kind", "histogram");
            n.put("title", h.title());
            n.put("caption", h.caption());
            n.put("xLabel", h.xLabel());
            n.put("normalized", h.normalized());
            HistogramChart.Binned b = h.binned();
            n.set("edges", array(b.edges()));
            ArrayNode series = n.putArray("series");
            for (int k = 0; k < h.series().size(); k++) {
                ObjectNode sn = series.addObject();
                sn.put("name", h.series().get(k).name());
                ArrayNode counts = sn.putArray("counts");
                for (long v : b.counts()[k]) {
                    counts.add(v);
                }
                sn.put("nonFinite", b.nonFinite()[k]);
            }
        } else if (c instanceof LineChart l) {
            n.put("kind", "line");
            n.put("title", l.title());
            n.put("caption", l.caption());
            n.put("xLabel", l.xLabel());
            n.put("yLabel", l.yLabel());
            n.put("logY", l.logY());
            ArrayNode series = n.putArray("series");
            for (LineChart.Series s : l.series()) {
                ObjectNode sn = series.addObject();
                sn.put("name", s.name());
                sn.set("x", array(s.x()));
                sn.set("y", array(s.y()));
            }
        } else if (c instanceof BarChart bc) {
            n.put("kind", "bar");
            n.put("title", bc.title());
            n.put("caption", bc.caption());
            n.put("yLabel", bc.yLabel());
            ArrayNode cats = n.putArray("categories");
            bc.categories().forEach(cats::add);
            ArrayNode series = n.putArray("series");
            for (BarChart.Series s : bc.series()) {
                ObjectNode sn = series.addObject();
                sn.put("name", s.name());
                sn.set("values", array(s.values()));
            }
        } else if (c instanceof ImageGrid g) {
            n.put("kind", "imageGrid");
            n.put("title", g.title());
            n.put("caption", g.caption());
            n.put("pixelsNote", "pixels are embedded in index.html only");
            ArrayNode cols = n.putArray("columns");
            g.columnLabels().forEach(cols::add);
            ArrayNode rows = n.putArray("rows");
            for (ImageGrid.Row row : g.rows()) {
                ObjectNode rn = rows.addObject();
                rn.put("label", row.label());
                ArrayNode imgs = rn.putArray("images");
                for (GridImage img : row.images()) {
                    ObjectNode in = imgs.addObject();
                    ArrayNode shape = in.putArray("shape");
                    shape.add(img.channels()).add(img.height()).add(img.width());
                    in.put("range", img.range());
                    in.put("caption", img.caption());
                }
            }
        } else {
            throw new AssertionError("internal invariant: unknown chart " + c.getClass());
        }
        return n;
    }

    private static ArrayNode array(double[] values) {
        ArrayNode a = F.arrayNode(values.length);
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    private static JsonNode scalar(Object v) {
        if (v == null) {
            return F.nullNode();
        } else if (v instanceof String s) {
            return F.textNode(s);
        } else if (v instanceof Boolean b) {
            return F.booleanNode(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return F.numberNode(((Number) v).longValue());
        } else if (v instanceof BigInteger bi) {
            return F.numberNode(bi);
        } else if (v instanceof BigDecimal bd) {
            return F.numberNode(bd);
        } else if (v instanceof Number num) {
            return F.numberNode(num.doubleValue());
        }
        throw new AssertionError("internal invariant: cells and parameters are validated scalars, got " + v.getClass());
    }
}

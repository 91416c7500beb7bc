package org.privet.report;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.privet.core.metrics.RocCurve;

/**
 * Writes {@code index.html}: one self-contained page (inline CSS, charts as {@code data:} URIs of
 * SVG or PNG, no scripts, no external fonts or links), so it opens from disk and can be mailed as
 * one file. Every piece of text from the report is HTML-escaped.
 */
final class HtmlReport {
    private static final String CSS = """
            :root { color-scheme: light; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f6f7f9; color: #1f2328;
              font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
            header h1 { font-size: 28px; margin: 0 0 4px; }
            .meta { color: #59636e; margin: 0 0 20px; font-size: 14px; }
            section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 18px 22px;
              margin: 0 0 20px; }
            h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid #eceff2; }
            h3 { font-size: 16px; margin: 18px 0 8px; }
            p { margin: 0 0 10px; }
            nav ol { margin: 0; padding-left: 22px; }
            a { color: #0b63c4; text-decoration: none; }
            a:hover { text-decoration: underline; }
            table { border-collapse: collapse; margin: 6px 0 14px; font-size: 14px; }
            caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
            th, td { padding: 5px 12px 5px 0; border-bottom: 1px solid #eceff2; text-align: left;
              vertical-align: top; }
            th { font-weight: 600; color: #424a53; border-bottom: 2px solid #d0d7de; white-space: nowrap; }
            table.metrics { width: 100%; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.value { font-weight: 600; }
            td.how { color: #59636e; }
            .kv th { width: 160px; border-bottom: 1px solid #eceff2; color: #59636e; font-weight: 500; }
            code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f4f6;
              padding: 1px 4px; border-radius: 4px; word-break: break-all; }
            figure { margin: 8px 0 22px; }
            figure img { display: block; max-width: 100%; height: auto; border: 1px solid #eceff2;
              border-radius: 4px; }
            figcaption { color: #59636e; font-size: 13px; margin-top: 6px; max-width: 720px; }
            .headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0 4px; }
            .card { border: 1px solid #dde1e6; border-radius: 8px; padding: 10px 14px; min-width: 170px;
              background: #fbfcfd; }
            .card .name { color: #59636e; font-size: 13px; }
            .card .big { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
            .card .ci { color: #59636e; font-size: 12px; }
            footer { color: #6e7781; font-size: 13px; text-align: center; }
            """;

    private HtmlReport() {
    }

    static String write(Report r) {
        StringBuilder h = new StringBuilder(1 << 16);
        Provenance p = r.provenance();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Privet ").append(esc(p.toolVersion())).append("\">\n")
                .append("<title>").append(esc(r.title())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<header>\n<h1>").append(esc(r.title())).append("</h1>\n<p class=\"meta\">Privet ")
                .append(esc(p.toolVersion())).append(" &middot; finished ").append(esc(p.endTime().toString()));
        if (p.seed() != null) {
            h.append(" &middot; seed ").append(p.seed());
        }
        if (p.datasetName() != null) {
            h.append(" &middot; dataset ").append(esc(p.datasetName()));
        }
        h.append("</p>\n</header>\n");

        h.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        paragraphs(h, r.summary());
        if (!r.headline().isEmpty()) {
            h.append("<div class=\"headline\">\n");
            for (Metric m : r.headline()) {
                h.append("<div class=\"card\" title=\"").append(esc(m.method())).append("\"><div class=\"name\">")
                        .append(esc(m.name())).append("</div><div class=\"big\">").append(esc(value(m)))
                        .append("</div>");
                if (m.ci() != null) {
                    h.append("<div class=\"ci\">").append(esc(ci(m))).append("</div>");
                }
                h.append("</div>\n");
            }
            h.append("</div>\n");
        }
        if (r.sections().size() > 1) {
            h.append("<nav>\n<h3>Contents</h3>\n<ol>\n");
            for (int i = 0; i < r.sections().size(); i++) {
                h.append("<li><a href=\"#s").append(i + 1).append("\">").append(esc(r.sections().get(i).title()))
                        .append("</a></li>\n");
            }
            h.append("<li><a href=\"#provenance\">Provenance</a></li>\n</ol>\n</nav>\n");
        }
        h.append("</section>\n");

        int chartNo = 0;
        for (int i = 0; i < r.sections().size(); i++) {
            Report.Section s = r.sections().get(i);
            h.append("<section id=\"s").append(i + 1).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n");
            List<Block> blocks = s.blocks();
            for (int b = 0; b < blocks.size(); ) {
                Block block = blocks.get(b);
                if (block instanceof Metric) {
                    int end = b;
                    while (end < blocks.size() && blocks.get(end) instanceof Metric) {
                        end++;
                    }
                    metrics(h, blocks.subList(b, end));
                    b = end;
                    continue;
                }
                if (block instanceof Block.Text t) {
                    paragraphs(h, t.text());
                } else if (block instanceof Table t) {
                    table(h, t);
                } else if (block instanceof Chart c) {
                    chart(h, c, "c" + (++chartNo) + "_");
                }
                b++;
            }
            h.append("</section>\n");
        }

        provenance(h, p);
        h.append("<footer>Generated by Privet ").append(esc(p.toolVersion()))
                .append(". Every number on this page, with how it was measured, is in ")
                .append(Report.JSON_FILE).append(" next to this file.</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void metrics(StringBuilder h, List<Block> ms) {
        h.append("<table class=\"metrics\">\n<thead><tr><th>Metric</th><th>Value</th><th>Confidence interval</th>"
                + "<th>How measured</th></tr></thead>\n<tbody>\n");
        for (Block b : ms) {
            Metric m = (Metric) b;
            h.append("<tr><td>").append(esc(m.name())).append("</td><td class=\"num value\">").append(esc(value(m)))
                    .append("</td><td class=\"num\">").append(m.ci() == null ? "" : esc(ci(m)))
                    .append("</td><td class=\"how\">").append(esc(m.method())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String value(Metric m) {
        String v = ChartRenderer.fmt(m.value(), 4);
        return m.unit().isEmpty() ? v : v + " " + m.unit();
    }

    private static String ci(Metric m) {
        String level = ChartRenderer.fmt(m.ciLevel() * 100, 3) + "%";
        return level + " [" + ChartRenderer.fmt(m.ci().lo(), 4) + ", " + ChartRenderer.fmt(m.ci().hi(), 4) + "]";
    }

    private static void table(StringBuilder h, Table t) {
        h.append("<table class=\"data\">\n");
        if (!t.title().isEmpty()) {
            h.append("<caption>").append(esc(t.title())).append("</caption>\n");
        }
        h.append("<thead><tr>");
        for (String c : t.columns()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.rows()) {
            h.append("<tr>");
            for (Object cell : row) {
                if (cell instanceof Number n) {
                    String s = n instanceof Double || n instanceof Float ? ChartRenderer.fmt(n.doubleValue(), 4)
                            : n.toString();
                    h.append("<td class=\"num\">").append(esc(s)).append("</td>");
                } else {
                    h.append("<td>").append(cell == null ? "" : esc(cell.toString())).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void chart(StringBuilder h, Chart c, String idPrefix) {
        String src;
        if (c instanceof ImageGrid g) {
            src = "data:image/png;base64," + Base64.getEncoder().encodeToString(ChartRenderer.png(g));
        } else {
            String svg = ChartRenderer.svg(c, idPrefix);
            src = "data:image/svg+xml;base64,"
                    + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        }
        h.append("<figure>\n<h3>").append(esc(c.title())).append("</h3>\n<img alt=\"").append(esc(altText(c)))
                .append("\" src=\"").append(src).append("\">\n");
        if (!c.caption().isEmpty()) {
            h.append("<figcaption>").append(esc(c.caption())).append("</figcaption>\n");
        }
        h.append("</figure>\n");
    }

    /** A text alternative that states the chart's key numbers. */
    private static String altText(Chart c) {
        if (c instanceof RocChart roc) {
            StringBuilder s = new StringBuilder(roc.title()).append(": log-log ROC curves.");
            for (RocChart.Curve curve : roc.curves()) {
                RocCurve r = curve.roc();
                s.append(' ').append(curve.name()).append(": AUC ").append(ChartRenderer.fmt(r.auc(), 3))
                        .append(", TPR at 0.1% FPR ").append(ChartRenderer.pct(r.tprAtFpr(1e-3))).append('.');
            }
            return s.toString();
        }
        return c.title();
    }

    private static void provenance(StringBuilder h, Provenance p) {
        h.append("<section id=\"provenance\">\n<h2>Provenance</h2>\n<table class=\"kv\">\n<tbody>\n");
        kv(h, "Tool", "Privet " + p.toolVersion());
        h.append("<tr><th>Command</th><td><code>").append(esc(p.command())).append("</code></td></tr>\n");
        kv(h, "Seed", p.seed() == null ? "none" : p.seed().toString());
        kv(h, "Dataset", p.datasetName() == null ? "none" : p.datasetName());
        if (p.datasetHash() != null) {
            h.append("<tr><th>Dataset hash</th><td><code>").append(esc(p.datasetHash())).append("</code></td></tr>\n");
        }
        kv(h, "Started", p.startTime().toString());
        kv(h, "Finished", p.endTime().toString());
        kv(h, "Duration", duration(p.durationMillis()));
        kv(h, "Java", p.javaVersion() + " (" + p.javaVendor() + ")");
        kv(h, "OS", p.os());
        kv(h, "Cores", Integer.toString(p.hostCores()));
        h.append("</tbody>\n</table>\n");
        if (!p.parameters().isEmpty()) {
            h.append("<table class=\"data\">\n<caption>Parameters</caption>\n<thead><tr><th>Name</th><th>Value</th>"
                    + "</tr></thead>\n<tbody>\n");
            p.parameters().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td><code>")
                    .append(esc(String.valueOf(v))).append("</code></td></tr>\n"));
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    private static String duration(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return ChartRenderer.fmt(millis / 1000.0, 3) + " s";
        }
        return d.toHours() + " h " + d.toMinutesPart() + " min " + d.toSecondsPart() + " s";
    }

    private static void kv(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private static void paragraphs(StringBuilder h, String text) {
        if (text.isBlank()) {
            return;
        }
        for (String para : text.strip().split("\\R\\s*\\R")) {
            h.append("<p>").append(esc(para.strip()).replaceAll("\\R", "<br>\n")).append("</p>\n");
        }
    }

    /** Escapes {@code & < > " '} for text and attribute values. */
    static String esc(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}

package org.privet.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.privet.core.metrics.Bootstrap;
import org.privet.core.metrics.ImageMetrics;
import org.privet.core.metrics.Interval;
import org.privet.core.metrics.RocCurve;
import org.privet.core.metrics.ScoreStatistic;
import org.privet.core.rng.Rng;

/**
 * A realistic sample report from synthetic data (seeded), used by the tests and to look at the
 * output: {@code main(dir)} writes it.
 */
final class SampleReports {
    static final String TRICKY = "Scores <b>\"raw\"</b> & 'quoted' <script>alert(1)</script>";

    private SampleReports() {
    }

    public static void main(String[] args) throws Exception {
        sample(2000, 1000).writeTo(Path.of(args.length > 0 ? args[0] : "target/sample-report"));
    }

    /** Members ~ N(shift, 1) plus a fraction {@code tail} of very confident members at N(4, 0.5). */
    static double[] scores(Rng rng, int n, double shift, double tail, boolean[] member) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            member[i] = i % 2 == 0;
            if (member[i] && rng.nextDouble() < tail) {
                s[i] = 4 + 0.5 * rng.nextGaussian();
            } else {
                s[i] = rng.nextGaussian() + (member[i] ? shift : 0);
            }
        }
        return s;
    }

    static Report sample(int n, int resamples) {
        Rng rng = Rng.of(42);
        boolean[] m = new boolean[n];
        double[] lira = scores(rng.child("lira"), n, 0.9, 0.06, m);
        double[] loss = scores(rng.child("loss"), n, 0.6, 0.0, m);
        double[] label = scores(rng.child("label"), n, 0.2, 0.0, m);
        RocCurve rLira = RocCurve.of(lira, m);
        RocCurve rLoss = RocCurve.of(loss, m);
        RocCurve rLabel = RocCurve.of(label, m);
        Interval auc = Bootstrap.ci(lira, m, ScoreStatistic.auc(), 0.95, resamples, rng.child("boot-auc"));
        Interval tpr = Bootstrap.ci(lira, m, ScoreStatistic.tprAtFpr(1e-2), 0.95, resamples, rng.child("boot-tpr"));
        String boot = "stratified percentile bootstrap, " + resamples + " resamples, seed 42/boot";

        Map<String, RocCurve> curves = new LinkedHashMap<>();
        curves.put("LiRA (offline)", rLira);
        curves.put("Loss threshold", rLoss);
        curves.put("Label-only", rLabel);
        double[] in = new double[n / 2];
        double[] out = new double[n / 2];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (m[i]) {
                in[a++] = lira[i];
            } else {
                out[b++] = lira[i];
            }
        }
        Map<String, double[]> hist = new LinkedHashMap<>();
        hist.put("members", in);
        hist.put("non-members", out);

        double[] train = new double[30];
        double[] test = new double[30];
        for (int e = 0; e < 30; e++) {
            train[e] = 2.3 * Math.exp(-e / 6.0) + 0.02;
            test[e] = 2.3 * Math.exp(-e / 7.0) + 0.35 + 0.004 * e;
        }
        Map<String, double[]> lines = new LinkedHashMap<>();
        lines.put("train loss", train);
        lines.put("test loss", test);

        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("LiRA", new double[] {rLira.auc(), 0.61, 0.52});
        bars.put("Loss threshold", new double[] {rLoss.auc(), 0.58, 0.51});

        ImageGrid.Builder grid = ImageGrid.builder("Gradient inversion: reconstructions")
                .columns("original", "DLG", "Inverting Gradients")
                .caption("Rows: three targets of the batch. Captions: PSNR / SSIM against the original.");
        Rng img = rng.child("images");
        for (int r = 0; r < 3; r++) {
            float[] orig = digitLike(r);
            float[] dlg = noisy(orig, 0.35f, img);
            float[] ig = noisy(orig, 0.12f, img);
            grid.row("target " + (r + 1), GridImage.gray(orig, 28, 28, 1),
                    GridImage.gray(dlg, 28, 28, 1).withCaption(quality(orig, dlg, 1, 28)),
                    GridImage.gray(ig, 28, 28, 1).withCaption(quality(orig, ig, 1, 28)));
        }
        float[] rgb = rgbPattern();
        float[] rgbRec = noisy(rgb, 0.1f, img);
        grid.row("CIFAR-like", GridImage.rgb(rgb, 32, 32, 1), GridImage.rgb(noisy(rgb, 0.4f, img), 32, 32, 1),
                GridImage.rgb(rgbRec, 32, 32, 1).withCaption(quality(rgb, rgbRec, 3, 32)));

        Provenance prov = Provenance.builder()
                .command("privet audit --data adult.csv --attack lira,loss,label --seed 42")
                .parameter("attack.lira.shadowModels", 16)
                .parameter("train.epochs", 30)
                .parameter("train.lr", 0.05)
                .parameter("train.optimizer", "sgd")
                .parameter("dp", false)
                .seed(42)
                .dataset("adult.csv", Provenance.sha256("synthetic".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .started(Instant.parse("2026-01-02T10:00:00Z"))
                .finished(Instant.parse("2026-01-02T10:07:31.250Z"))
                .build();
        return Report.builder("Membership inference audit: " + TRICKY)
                .provenance(prov)
                .summary("LiRA separates members from non-members well above chance, most visibly at low"
                        + " false-positive rates.\n\nSynthetic data: " + n + " scores per attack.")
                .headline(Metric.of("AUC (LiRA)", auc, 0.95, boot))
                .headline(Metric.of("TPR at 1% FPR (LiRA)", tpr, 0.95, boot))
                .headline(Metric.of("Membership advantage (LiRA)", rLira.membershipAdvantage(), "max(TPR - FPR)"))
                .section("Membership inference")
                .text(TRICKY)
                .metric(Metric.of("AUC", auc, 0.95, boot))
                .metric(Metric.of("TPR at 1% FPR", tpr, 0.95, boot + "; linear interpolation between ROC vertices"))
                .metric("TPR at 0.1% FPR", rLira.tprAtFpr(1e-3), "linear interpolation between ROC vertices")
                .metric("Membership advantage", rLira.membershipAdvantage(), "max over thresholds of TPR - FPR")
                .rocChart("ROC curves (log-log)", curves)
                .metrics(StandardMetrics.membership("Loss threshold", loss, m, Math.min(resamples, 200),
                        rng.child("boot-loss")))
                .chart(HistogramChart.of("LiRA scores", "score (log-likelihood ratio)", hist)
                        .withCaption("Fractions of each group; shared bins."))
                .table(Table.builder("Attacks", "attack", "AUC", "TPR@1%", "advantage", "queries")
                        .row("LiRA (offline)", rLira.auc(), rLira.tprAtFpr(0.01), rLira.membershipAdvantage(), 16 * n)
                        .row("Loss threshold", rLoss.auc(), rLoss.tprAtFpr(0.01), rLoss.membershipAdvantage(), n)
                        .row("Label-only", rLabel.auc(), rLabel.tprAtFpr(0.01), rLabel.membershipAdvantage(), null)
                        .build())
                .section("Training")
                .lineChart("Target model loss", "epoch", "cross-entropy", lines)
                .barChart("Attack AUC by defence", "AUC", List.of("none", "L2 1e-3", "DP-SGD \u03b5=8"), bars)
                .section("Reconstruction")
                .metric(Metric.of("PSNR (IG, target 1)", ImageMetrics.psnr(digitLike(0), digitLike(0), 1),
                        "10 log10(1 / MSE); identical images").withUnit("dB"))
                .imageGrid(grid.build())
                .build();
    }

    private static String quality(float[] a, float[] b, int c, int side) {
        return String.format(java.util.Locale.ROOT, "%.1f dB / %.2f", ImageMetrics.psnr(a, b, 1),
                ImageMetrics.ssim(a, b, c, side, side, 1));
    }

    /** A 28x28 ring or bar pattern in [0, 1]. */
    static float[] digitLike(int kind) {
        float[] p = new float[28 * 28];
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                double v;
                if (kind == 0) {
                    double d = Math.hypot(i - 13.5, j - 13.5);
                    v = Math.exp(-Math.pow(d - 8, 2) / 4);
                } else if (kind == 1) {
                    v = Math.exp(-Math.pow(j - 14, 2) / 5) * (i > 4 && i < 24 ? 1 : 0);
                } else {
                    v = Math.exp(-Math.pow(i + j - 28, 2) / 6) * (Math.abs(i - j) < 16 ? 1 : 0);
                }
                p[i * 28 + j] = (float) v;
            }
        }
        return p;
    }

    static float[] rgbPattern() {
        float[] p = new float[3 * 32 * 32];
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                p[i * 32 + j] = i / 31f;
                p[1024 + i * 32 + j] = j / 31f;
                p[2048 + i * 32 + j] = (float) (0.5 + 0.5 * Math.sin((i + j) / 5.0));
            }
        }
        return p;
    }

    static float[] noisy(float[] x, float sd, Rng rng) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.min(1f, Math.max(0f, x[i] + sd * (float) rng.nextGaussian()));
        }
        return y;
    }
}

package org.privet.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.privet.attacks.reconstruct.AnalyticLinear;
import org.privet.attacks.reconstruct.FunctionalNetwork;
import org.privet.attacks.reconstruct.GradientMatching;
import org.privet.attacks.reconstruct.ImprintModule;
import org.privet.attacks.reconstruct.ObservedUpdate;
import org.privet.attacks.reconstruct.ReconstructionMetrics;
import org.privet.attacks.reconstruct.ReconstructionResult;
import org.privet.attacks.reconstruct.UpdateDefences;
import org.privet.core.data.Dataset;
import org.privet.core.metrics.ImageMetrics;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.fl.FlModel;
import org.privet.report.GridImage;
import org.privet.report.ImageGrid;
import org.privet.report.Report;
import org.privet.report.Table;

/**
 * The server's reconstruction attacks for {@code privet fl simulate --reconstruct N}, on the federation's own
 * model at its initial weights (round 1), against N clients:
 *
 * <ul>
 *   <li>honest-but-curious server, per client: each client sends the FedSGD gradient of its first example;
 *       the analytic attack on the first Dense layer (MLP only; exact for one example) and Inverting Gradients
 *       (Geiping et al. 2020: cosine + TV, signed Adam, analytic label) on that gradient;</li>
 *   <li>the same two attacks on the sum of the N gradients, all the server sees under secure aggregation
 *       (gradient matching then optimises N dummy examples with labels read off the sum);</li>
 *   <li>malicious server (Fowl et al. 2022, "Robbing the Fed"): it sends the model with an imprint module
 *       prepended; each client returns the FedSGD gradient of up to B local examples; from the <em>sum</em> of
 *       the N updates the server recovers the examples that fell alone in a brightness bin. The bins' prior
 *       (mean and std of image brightness) comes from the held-out split, standing for public data.</li>
 * </ul>
 *
 * PSNR/SSIM against the closest true example (greedy matching, {@link ReconstructionMetrics}); label accuracy
 * where the attack gives labels. Gradient matching is seeded ({@code seed}); times are wall-clock seconds.
 */
final class FlReconstruction {
    /** The settings of the attacks. */
    record Settings(int clients, int iterations, int restarts, int imprintBins, int imprintBatch, long seed) {
    }

    /** One attack run, with its setting. */
    record Run(String attack, String observes, int examples, String effort, double psnr, double ssim,
               double labelAccuracy, int recoveredExact, double seconds) {
    }

    private final Settings s;
    private final String modelSpec;
    private final boolean analytic;
    final List<Tensor> truth = new ArrayList<>();
    final List<Tensor> analyticOwn = new ArrayList<>();
    final List<Tensor> igOwn = new ArrayList<>();
    final double[] analyticPsnr;
    final double[] igPsnr;
    Tensor analyticSum;
    ReconstructionResult igSum;
    ReconstructionMetrics.Scores igSumScores;
    Tensor imprintTruth;
    ReconstructionResult imprint;
    ReconstructionMetrics.Scores imprintScores;
    final List<Run> runs = new ArrayList<>();

    private FlReconstruction(Settings s, String modelSpec, boolean analytic) {
        this.s = s;
        this.modelSpec = modelSpec;
        this.analytic = analytic;
        this.analyticPsnr = new double[s.clients()];
        this.igPsnr = new double[s.clients()];
    }

    /**
     * @param flatten whether the federation's model takes flattened inputs (an MLP); the attacks then put a
     *     {@link Flatten} in front so that they work on [C, H, W] images
     */
    static FlReconstruction run(Dataset train, Dataset publicData, int[][] parts, FlModel model, boolean flatten,
            Settings s, Progress progress) {
        int n = Math.min(s.clients(), parts.length);
        Settings st = new Settings(n, s.iterations(), s.restarts(), s.imprintBins(), s.imprintBatch(), s.seed());
        int[] shape = Arrays.copyOfRange(train.features().shape(), 1, 4);
        Sequential target = imageInput(model, flatten);
        boolean analytic = flatten; // the analytic attack needs a Dense first layer
        FlReconstruction r = new FlReconstruction(st, model.spec(), analytic);
        FunctionalNetwork fn = new FunctionalNetwork(target);
        Rng rng = Rng.of(s.seed()).child("reconstruct");
        GradientMatching.Options ig = GradientMatching.Options.invertingGradients().withIterations(s.iterations())
                .withRestarts(s.restarts());
        String effort = s.iterations() + " it x " + s.restarts() + " restart" + (s.restarts() == 1 ? "" : "s");
        progress.start("reconstruction attacks on " + n + " clients", 2L * n + 2);
        List<List<Tensor>> grads = new ArrayList<>();
        int[] labels = new int[n];
        Tensor batch = Tensor.zeros(n, shape[0], shape[1], shape[2]);
        double aSum = 0;
        double aSsim = 0;
        double aTime = 0;
        double gSum = 0;
        double gSsim = 0;
        double gLab = 0;
        double gTime = 0;
        for (int c = 0; c < n; c++) {
            int idx = parts[c][0];
            Tensor x = train.features().rows(new int[] {idx});
            labels[c] = train.label(idx);
            System.arraycopy(x.data(), 0, batch.data(), c * x.size(), x.size());
            List<Tensor> g = fn.gradient(x, new int[] {labels[c]});
            grads.add(g);
            Tensor t = x.reshape(shape);
            r.truth.add(t);
            if (analytic) {
                long t0 = System.nanoTime();
                Tensor rec = AnalyticLinear.recoverFirstLayerInput(target, g, shape).reshape(shape).clamp(0f, 1f);
                aTime += (System.nanoTime() - t0) / 1e9;
                r.analyticOwn.add(rec);
                r.analyticPsnr[c] = Math.min(100, ImageMetrics.psnr(t, rec, 1.0)); // 100 dB: exact
                aSum += r.analyticPsnr[c] / n;
                aSsim += ImageMetrics.ssim(t, rec, 1.0) / n;
            }
            progress.update(2L * c + 1, "analytic, client " + c);
            long t0 = System.nanoTime();
            ReconstructionResult res = GradientMatching.attack(fn, ObservedUpdate.gradient(g, 1), shape, null, ig,
                    rng.child("ig", c));
            gTime += (System.nanoTime() - t0) / 1e9;
            ReconstructionMetrics.Scores sc = ReconstructionMetrics.score(res, x, new int[] {labels[c]}, 1.0);
            r.igOwn.add(res.image(0).reshape(shape));
            r.igPsnr[c] = Math.min(100, sc.meanPsnr());
            gSum += r.igPsnr[c] / n;
            gSsim += sc.meanSsim() / n;
            gLab += sc.labelAccuracy() / n;
            progress.update(2L * c + 2, "inverting gradients, client " + c);
        }
        if (analytic) {
            r.runs.add(new Run("analytic (first Dense layer)", "each client's FedSGD gradient", 1, "closed form", aSum,
                    aSsim, Double.NaN, -1, aTime / n));
        }
        r.runs.add(new Run("Inverting Gradients", "each client's FedSGD gradient", 1, effort, gSum, gSsim, gLab, -1,
                gTime / n));
        List<Tensor> sum = UpdateDefences.aggregate(grads);
        if (analytic) {
            long t0 = System.nanoTime();
            r.analyticSum = AnalyticLinear.recoverFirstLayerInput(target, sum, shape).reshape(shape).clamp(0f, 1f);
            double secs = (System.nanoTime() - t0) / 1e9;
            double best = Double.NEGATIVE_INFINITY;
            double bestSsim = Double.NaN;
            for (Tensor t : r.truth) {
                double p = ImageMetrics.psnr(t, r.analyticSum, 1.0);
                if (p > best) {
                    best = p;
                    bestSsim = ImageMetrics.ssim(t, r.analyticSum, 1.0);
                }
            }
            r.runs.add(new Run("analytic (first Dense layer)", "sum of the " + n + " gradients (secure aggregation)", n,
                    "closed form", Math.min(100, best), bestSsim, Double.NaN, -1, secs));
        }
        if (n >= 1) {
            long t0 = System.nanoTime();
            // cosine matching is scale-free: the sum of N one-example gradients is N x the batch-mean gradient
            r.igSum = GradientMatching.attack(fn, ObservedUpdate.gradient(sum, n), shape, null, ig, rng.child("ig-sum"));
            double secs = (System.nanoTime() - t0) / 1e9;
            r.igSumScores = ReconstructionMetrics.score(r.igSum, batch, labels, 1.0);
            r.runs.add(new Run("Inverting Gradients (" + n + " dummy examples)", "sum of the " + n
                    + " gradients (secure aggregation)", n, effort, Math.min(100, r.igSumScores.meanPsnr()),
                    r.igSumScores.meanSsim(), r.igSumScores.labelAccuracy(), r.igSumScores.recoveredAtLeast(50), secs));
        }
        progress.update(2L * n + 1, "inverting gradients on the sum");
        r.imprint(train, publicData, parts, model, flatten, shape, n);
        progress.update(2L * n + 2, "imprint module");
        progress.finish();
        return r;
    }

    private void imprint(Dataset train, Dataset publicData, int[][] parts, FlModel model, boolean flatten, int[] shape,
            int n) {
        // prior on the measurement (mean pixel value) from data the server holds
        int m = publicData.size();
        int d = shape[0] * shape[1] * shape[2];
        float[] px = publicData.features().data();
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < m; i++) {
            double b = 0;
            for (int j = 0; j < d; j++) {
                b += px[i * d + j];
            }
            b /= d;
            mean += b / m;
            sq += b * b / m;
        }
        double std = Math.sqrt(Math.max(1e-12, sq - mean * mean));
        ImprintModule imp = new ImprintModule(shape, s.imprintBins(), mean, std);
        Sequential sent = imp.prepend(imageInput(model, flatten));
        FunctionalNetwork fn = new FunctionalNetwork(sent);
        List<List<Tensor>> updates = new ArrayList<>();
        List<Tensor> all = new ArrayList<>();
        List<Integer> allLabels = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < n; c++) {
            int b = Math.min(s.imprintBatch(), parts[c].length);
            int[] idx = Arrays.copyOf(parts[c], b);
            Tensor x = train.features().rows(idx);
            int[] y = new int[b];
            for (int i = 0; i < b; i++) {
                y[i] = train.label(idx[i]);
                all.add(x.sliceRows(i, i + 1));
                allLabels.add(y[i]);
            }
            updates.add(fn.gradient(x, y));
        }
        List<Tensor> sum = UpdateDefences.aggregate(updates);
        imprint = imp.recover(sum.get(0), sum.get(1));
        double secs = (System.nanoTime() - t0) / 1e9;
        imprintTruth = Tensor.zeros(all.size(), shape[0], shape[1], shape[2]);
        for (int i = 0; i < all.size(); i++) {
            System.arraycopy(all.get(i).data(), 0, imprintTruth.data(), i * d, d);
        }
        if (imprint.count() > 0) {
            imprintScores = ReconstructionMetrics.score(imprint, imprintTruth, null, 1.0);
        }
        runs.add(new Run("imprint module (malicious server, " + s.imprintBins() + " bins)", "sum of the " + n
                + " clients' gradients on " + all.size() + " examples (secure aggregation)", all.size(), "closed form",
                imprintScores == null ? Double.NaN : Math.min(100, imprintScores.meanPsnr()),
                imprintScores == null ? Double.NaN : imprintScores.meanSsim(), Double.NaN,
                imprintScores == null ? 0 : imprintScores.recoveredAtLeast(50), secs));
    }

    /** The federation's model taking [N, C, H, W] images (a Flatten in front of an MLP). */
    private static Sequential imageInput(FlModel model, boolean flatten) {
        Sequential net = model.newNetwork();
        if (!flatten) {
            return net;
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten());
        layers.addAll(net.layers());
        return new Sequential(layers);
    }

    void addTo(Report.Builder b) {
        int n = s.clients();
        b.section("Data reconstruction from client updates");
        b.text(String.format(Locale.ROOT, "The server's view of round 1, on the federation's model at its initial "
                + "weights (%s). Honest-but-curious: each of %d clients sends the FedSGD gradient of its first example; "
                + "the server attacks each update, and the sum of the %d, all it sees under secure aggregation. "
                + "Malicious: the server prepends an imprint module (Fowl et al. 2022) and reads examples off the "
                + "summed update of %d local examples per client. PSNR/SSIM against the closest true example; "
                + "exact recoveries count as 100 dB; 'exact' = PSNR >= 50 dB. Gradient matching is Inverting "
                + "Gradients (cosine + TV 1e-4, signed Adam step 0.1 with decay, box [0, 1], analytic labels), seed %d;"
                + " raise --reconstruct-iterations for harder models (see docs/reconstruction.md).",
                modelSpec, n, n, s.imprintBatch(), s.seed()));
        Table.Builder t = Table.builder("Reconstruction runs and their settings", "attack", "the server observes",
                "examples", "effort", "PSNR dB", "SSIM", "label accuracy", "exact (>= 50 dB)", "seconds");
        for (Run r : runs) {
            t.row(r.attack(), r.observes(), r.examples(), r.effort(), fmt(r.psnr(), 1), fmt(r.ssim(), 3),
                    fmt(r.labelAccuracy(), 2), r.recoveredExact() < 0 ? "-" : r.recoveredExact() + " of " + r.examples(),
                    fmt(r.seconds(), 2));
        }
        b.table(t.build());
        List<String> cols = new ArrayList<>(List.of("client's example"));
        if (analytic) {
            cols.add("analytic, own update");
        }
        cols.add("Inverting Gradients, own update");
        if (analytic) {
            cols.add("analytic, from the sum");
        }
        cols.add("Inverting Gradients, from the sum");
        ImageGrid.Builder g = ImageGrid.builder("Client examples and what the server recovers")
                .columns(cols.toArray(String[]::new));
        for (int c = 0; c < n; c++) {
            List<GridImage> row = new ArrayList<>();
            row.add(GridImage.of(truth.get(c), 1.0));
            if (analytic) {
                row.add(GridImage.of(analyticOwn.get(c), 1.0).withCaption(fmt(analyticPsnr[c], 1) + " dB"));
            }
            row.add(GridImage.of(igOwn.get(c), 1.0).withCaption(fmt(igPsnr[c], 1) + " dB"));
            if (analytic) {
                row.add(GridImage.of(analyticSum, 1.0));
            }
            int j = igSumScores.assignment()[c];
            row.add(j < 0 ? GridImage.of(Tensor.zeros(truth.get(c).shape()), 1.0).withCaption("unmatched")
                    : GridImage.of(igSum.image(j).reshape(truth.get(c).shape()), 1.0)
                            .withCaption(fmt(igSumScores.psnr()[c], 1) + " dB"));
            g.row("client " + c, row);
        }
        b.imageGrid(g.build());
        ImageGrid.Builder ig = ImageGrid.builder("Imprint module: examples recovered from the summed update")
                .columns("client example", "recovered from the sum");
        int shown = Math.min(12, imprintTruth.dim(0));
        int[] shape = truth.get(0).shape();
        for (int i = 0; i < shown; i++) {
            int j = imprintScores == null ? -1 : imprintScores.assignment()[i];
            Tensor tr = imprintTruth.sliceRows(i, i + 1).reshape(shape);
            ig.row("example " + i, GridImage.of(tr, 1.0), j < 0
                    ? GridImage.of(Tensor.zeros(shape), 1.0).withCaption("not recovered (shared a bin)")
                    : GridImage.of(imprint.image(j).reshape(shape).clamp(0f, 1f), 1.0)
                            .withCaption(fmt(Math.min(100, imprintScores.psnr()[i]), 1) + " dB"));
        }
        b.imageGrid(ig.build());
    }

    Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("clients", s.clients());
        j.put("iterations", s.iterations());
        j.put("restarts", s.restarts());
        j.put("seed", s.seed());
        if (analytic) {
            j.put("analyticPsnrPerClient", analyticPsnr);
        }
        j.put("invertingGradientsPsnrPerClient", igPsnr);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attack", r.attack());
            m.put("observes", r.observes());
            m.put("examples", r.examples());
            m.put("effort", r.effort());
            m.put("psnr", nullIfNaN(r.psnr()));
            m.put("ssim", nullIfNaN(r.ssim()));
            m.put("labelAccuracy", nullIfNaN(r.labelAccuracy()));
            if (r.recoveredExact() >= 0) {
                m.put("recoveredExact", r.recoveredExact());
            }
            m.put("seconds", r.seconds());
            rs.add(m);
        }
        j.put("runs", rs);
        return j;
    }

    private static Object nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}

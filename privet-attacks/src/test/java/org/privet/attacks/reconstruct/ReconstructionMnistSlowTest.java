package org.privet.attacks.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.privet.attacks.reconstruct.GradientMatching.Options;
import org.privet.core.data.Dataset;
import org.privet.core.data.io.IdxLoader;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Networks;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.nn.Sigmoid;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * The documented run of docs/reconstruction.md: every attack and defence on MNIST test images (28x28), printed
 * as a Markdown table. Needs the MNIST files in ~/.cache/privet/datasets/mnist (`privet data fetch mnist`);
 * skipped without them. Run: {@code mvn -B -o -pl privet-attacks -am verify -Pslow
 * -Dtest=ReconstructionMnistSlowTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class ReconstructionMnistSlowTest {
    private static final int[] SHAPE = {1, 28, 28};

    @Test
    void attacksAndDefencesOnMnist() {
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "privet", "datasets", "mnist");
        Path img = dir.resolve("t10k-images-idx3-ubyte");
        Path lab = dir.resolve("t10k-labels-idx1-ubyte");
        Assumptions.assumeTrue(Files.exists(img) && Files.exists(lab), "MNIST not cached in " + dir);
        Dataset all = IdxLoader.load(img, lab, "mnist-t10k", 10, null);
        Dataset d = all.subset(distinctLabelRows(all, 8));
        Rng rng = Rng.of(2026);
        Sequential sig = new Sequential(new Flatten(), new Dense(784, 64, rng.child("l", 0)), new Sigmoid(),
                new Dense(64, 10, rng.child("l", 1)));
        Sequential relu = new Sequential(new Flatten(), new Dense(784, 100, rng.child("l", 2)), new ReLU(),
                new Dense(100, 10, rng.child("l", 3)));
        Sequential cnn = Networks.cnn(rng.child("cnn"), 1, 28, 28, 10, 4, 8, 32);
        System.out.println("| attack | model | setting | batch | PSNR dB | SSIM | labels | time s |");
        System.out.println("|---|---|---|---|---|---|---|---|");

        // analytic, single and batch of 8, and 4 clients summed
        FunctionalNetwork rn = new FunctionalNetwork(relu);
        for (int b : new int[] {1, 8}) {
            long t0 = System.nanoTime();
            Tensor x = d.features().sliceRows(0, b);
            Tensor rec = AnalyticLinear.recoverFirstLayerInput(relu, rn.gradient(x, lab(d, 0, b)), SHAPE);
            var s = ReconstructionMetrics.score(new ReconstructionResult("analytic", rec, null, 0, 0, 1, "", 0), x,
                    null, 1.0);
            row("analytic", "mlp784-100-10 relu", "FedSGD gradient", b, s, t0);
            if (b == 1) {
                assertThat(s.meanPsnr()).isGreaterThan(60);
            }
        }
        // gradient matching, single image, each model
        FunctionalNetwork sn = new FunctionalNetwork(sig);
        FunctionalNetwork cn = new FunctionalNetwork(cnn);
        Tensor x1 = d.features().sliceRows(0, 1);
        Options ig = Options.invertingGradients().withIterations(500);
        double igSig = attack("IG", "mlp784-64-10 sigmoid", "FedSGD", sn,
                ObservedUpdate.gradient(sn.gradient(x1, lab(d, 0, 1)), 1), d, 1, ig);
        assertThat(igSig).isGreaterThan(30);
        attack("DLG", "mlp784-64-10 sigmoid", "FedSGD, joint soft labels", sn,
                ObservedUpdate.gradient(sn.gradient(x1, lab(d, 0, 1)), 1), d, 1,
                Options.dlg().withIterations(500).withBox(0f, 1f));
        attack("DLG L-BFGS", "mlp784-64-10 sigmoid", "FedSGD, joint soft labels", sn,
                ObservedUpdate.gradient(sn.gradient(x1, lab(d, 0, 1)), 1), d, 1,
                Options.dlg().withIterations(200).withOptimizer(GradientMatching.Optimizer.LBFGS));
        attack("IG", "mlp784-100-10 relu", "FedSGD", rn, ObservedUpdate.gradient(rn.gradient(x1, lab(d, 0, 1)), 1),
                d, 1, ig);
        attack("IG", "cnn(4,8,32)", "FedSGD", cn, ObservedUpdate.gradient(cn.gradient(x1, lab(d, 0, 1)), 1), d, 1,
                ig.withRestarts(2));
        attack("IG", "mlp784-64-10 sigmoid", "FedAvg 5 local steps lr 0.1", sn,
                ObservedUpdate.fedAvg(sn.fedAvgUpdate(x1, lab(d, 0, 1), 5, 0.1f), 1, 5, 0.1f), d, 1, ig);
        Tensor x4 = d.features().sliceRows(0, 4);
        attack("IG", "mlp784-64-10 sigmoid", "FedAvg 2 epochs, local batch 2 (4 steps) lr 0.1", sn,
                ObservedUpdate.fedAvg(sn.fedAvgUpdate(x4, lab(d, 0, 4), 4, 0.1f, 2), 4, 4, 0.1f, 2), d, 4, ig);
        // defence: larger batches
        for (int b : new int[] {2, 4, 8}) {
            Tensor xb = d.features().sliceRows(0, b);
            attack("IG", "mlp784-64-10 sigmoid", "FedSGD (larger batch)", sn,
                    ObservedUpdate.gradient(sn.gradient(xb, lab(d, 0, b)), b), d, b, ig);
        }
        // defence: pruning, DP noise
        List<Tensor> g = sn.gradient(x1, lab(d, 0, 1));
        for (double p : new double[] {0.5, 0.9, 0.99}) {
            attack("IG", "mlp784-64-10 sigmoid", "pruned " + p, sn, ObservedUpdate.gradient(UpdateDefences.prune(g, p),
                    1), d, 1, ig);
        }
        double norm = 0;
        for (Tensor t : g) {
            for (float v : t.data()) {
                norm += v * v;
            }
        }
        norm = Math.sqrt(norm);
        for (double sigma : new double[] {0.01, 0.1, 1.0}) {
            attack("IG", "mlp784-64-10 sigmoid", "clip " + String.format("%.3g", norm / 2) + " + noise sigma "
                    + sigma, sn, ObservedUpdate.gradient(UpdateDefences.clipAndNoise(g, norm / 2, sigma,
                    new Random(1)), 1), d, 1, ig);
        }
        // defence: secure aggregation of 4 single-example clients; the attacker matches one example
        List<List<Tensor>> ups = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            ups.add(sn.gradient(d.features().sliceRows(c, c + 1), lab(d, c, c + 1)));
        }
        List<Tensor> sum = UpdateDefences.aggregate(ups);
        attack("IG", "mlp784-64-10 sigmoid", "sum of 4 clients (1 each), attacker assumes 1", sn,
                ObservedUpdate.gradient(sum, 1), d, 4, ig.withLabels(GradientMatching.LabelMode.JOINT));
        // imprint: 4 clients x 16 examples summed
        Dataset many = all.subset(java.util.stream.IntStream.range(100, 164).toArray());
        double[] st = stats(all.subset(java.util.stream.IntStream.range(1000, 2000).toArray()).features());
        ImprintModule imp = new ImprintModule(SHAPE, 256, st[0], st[1]);
        FunctionalNetwork im = new FunctionalNetwork(imp.prepend(cnn));
        long t0 = System.nanoTime();
        List<List<Tensor>> iu = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            iu.add(im.gradient(many.features().sliceRows(16 * c, 16 * c + 16), lab(many, 16 * c, 16 * c + 16)));
        }
        List<Tensor> isum = UpdateDefences.aggregate(iu);
        var s = ReconstructionMetrics.score(imp.recover(isum.get(0), isum.get(1)), many.features(), null, 1.0);
        System.out.printf("| imprint (256 bins) | imprint+cnn | sum of 4 clients x 16 | 64 | %d of 64 at >= 50 dB"
                + " | | | %.2f |%n", s.recoveredAtLeast(50), (System.nanoTime() - t0) / 1e9);
        assertThat(s.recoveredAtLeast(50)).isGreaterThanOrEqualTo(16);
    }

    private static double attack(String name, String model, String setting, FunctionalNetwork net, ObservedUpdate u,
            Dataset d, int truthCount, Options o) {
        long t0 = System.nanoTime();
        var r = GradientMatching.attack(net, u, SHAPE, null, o, Rng.of(7));
        var s = ReconstructionMetrics.score(r, d.features().sliceRows(0, truthCount), lab(d, 0, truthCount), 1.0);
        row(name + " " + o.iterations() + " it", model, setting, truthCount, s, t0);
        return s.meanPsnr();
    }

    private static void row(String attack, String model, String setting, int b, ReconstructionMetrics.Scores s,
            long t0) {
        System.out.printf("| %s | %s | %s | %d | %.1f | %.3f | %s | %.2f |%n", attack, model, setting, b, s.meanPsnr(),
                s.meanSsim(), Double.isNaN(s.labelAccuracy()) ? "-" : String.format("%.2f", s.labelAccuracy()),
                (System.nanoTime() - t0) / 1e9);
    }

    private static int[] lab(Dataset d, int from, int to) {
        return java.util.Arrays.copyOfRange(d.labels(), from, to);
    }

    private static int[] distinctLabelRows(Dataset d, int n) {
        int[] out = new int[n];
        boolean[] seen = new boolean[d.numClasses()];
        int k = 0;
        for (int i = 0; i < d.size() && k < n; i++) {
            if (!seen[d.label(i)]) {
                seen[d.label(i)] = true;
                out[k++] = i;
            }
        }
        return out;
    }

    private static double[] stats(Tensor x) {
        int n = x.dim(0);
        int per = x.size() / n;
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < per; j++) {
                m += x.data()[i * per + j];
            }
            m /= per;
            s += m;
            s2 += m * m;
        }
        return new double[] {s / n, Math.sqrt(s2 / n - (s / n) * (s / n))};
    }
}

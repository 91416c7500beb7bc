package org.privet.attacks.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.privet.attacks.reconstruct.GradientMatching.Options;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Networks;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.nn.Sigmoid;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * The CIFAR-10 part of docs/reconstruction.md: test images read straight from
 * /work/shared/data/cifar10/cifar10-jpeg.zip (image {@code test/<class>/000k.jpg}, RGB scaled to [0, 1],
 * NCHW), printed as a Markdown table; skipped when the archive is absent. Run: {@code mvn -B -o -pl
 * privet-attacks -am verify -Pslow -Dtest=ReconstructionCifarSlowTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class ReconstructionCifarSlowTest {
    private static final String[] CLASSES = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
        "ship", "truck"};
    private static final int[] SHAPE = {3, 32, 32};

    @Test
    void attacksOnCifar10() throws IOException {
        Path zip = Path.of("/work/shared/data/cifar10/cifar10-jpeg.zip");
        Assumptions.assumeTrue(Files.exists(zip), "CIFAR-10 archive not found: " + zip);
        Tensor x;
        int[] y;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            // 64 images: per k, one of each class (k = 0..6), first 64
            List<float[]> imgs = new ArrayList<>();
            List<Integer> labs = new ArrayList<>();
            for (int k = 0; k < 7 && imgs.size() < 64; k++) {
                for (int c = 0; c < 10 && imgs.size() < 64; c++) {
                    String name = String.format("test/%s/%04d.jpg", CLASSES[c], k);
                    ZipEntry e = z.getEntry(name);
                    if (e == null) {
                        throw new IOException(zip + ": entry " + name + " missing");
                    }
                    try (InputStream in = z.getInputStream(e)) {
                        imgs.add(pixels(ImageIO.read(in), zip + "!" + name));
                    }
                    labs.add(c);
                }
            }
            float[] all = new float[imgs.size() * 3072];
            for (int i = 0; i < imgs.size(); i++) {
                System.arraycopy(imgs.get(i), 0, all, i * 3072, 3072);
            }
            x = Tensor.wrap(all, imgs.size(), 3, 32, 32);
            y = labs.stream().mapToInt(Integer::intValue).toArray();
        }
        Rng rng = Rng.of(2026);
        Sequential relu = new Sequential(new Flatten(), new Dense(3072, 100, rng.child("l", 0)), new ReLU(),
                new Dense(100, 10, rng.child("l", 1)));
        Sequential sig = new Sequential(new Flatten(), new Dense(3072, 64, rng.child("l", 2)), new Sigmoid(),
                new Dense(64, 10, rng.child("l", 3)));
        Sequential cnn = Networks.cnn(rng.child("cnn"), 3, 32, 32, 10, 8, 16, 32);
        System.out.println("| attack | model | setting | batch | PSNR dB | SSIM | labels | time s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        Tensor x1 = x.sliceRows(0, 1);
        int[] y1 = {y[0]};
        FunctionalNetwork rn = new FunctionalNetwork(relu);
        long t0 = System.nanoTime();
        Tensor rec = AnalyticLinear.recoverFirstLayerInput(relu, rn.gradient(x1, y1), SHAPE);
        var s = ReconstructionMetrics.score(new ReconstructionResult("analytic", rec, null, 0, 0, 1, "", 0), x1, null,
                1.0);
        row("analytic", "mlp3072-100-10 relu", "FedSGD", 1, s, t0);
        assertThat(s.meanPsnr()).isGreaterThan(60);
        Options ig = Options.invertingGradients().withIterations(500);
        FunctionalNetwork sn = new FunctionalNetwork(sig);
        double p = attack("IG 500 it", "mlp3072-64-10 sigmoid", "FedSGD", sn, ObservedUpdate.gradient(sn.gradient(x1,
                y1), 1), x1, y1, ig);
        assertThat(p).isGreaterThan(30);
        Tensor x4 = x.sliceRows(0, 4);
        int[] y4 = java.util.Arrays.copyOfRange(y, 0, 4);
        attack("IG 500 it", "mlp3072-64-10 sigmoid", "FedSGD", sn, ObservedUpdate.gradient(sn.gradient(x4, y4), 4), x4,
                y4, ig);
        FunctionalNetwork cn = new FunctionalNetwork(cnn);
        attack("IG 500 it", "cnn(8,16,32)", "FedSGD", cn, ObservedUpdate.gradient(cn.gradient(x1, y1), 1), x1, y1, ig);
        // imprint on 4 clients x 16, prior from the same images' brightness (the server's public estimate)
        double m = 0;
        double m2 = 0;
        int n = x.dim(0);
        for (int i = 0; i < n; i++) {
            double b = 0;
            for (int j = 0; j < 3072; j++) {
                b += x.data()[i * 3072 + j];
            }
            b /= 3072;
            m += b;
            m2 += b * b;
        }
        m /= n;
        ImprintModule imp = new ImprintModule(SHAPE, 256, m, Math.sqrt(m2 / n - m * m));
        FunctionalNetwork im = new FunctionalNetwork(imp.prepend(cnn));
        t0 = System.nanoTime();
        List<List<Tensor>> ups = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            ups.add(im.gradient(x.sliceRows(16 * c, 16 * c + 16), java.util.Arrays.copyOfRange(y, 16 * c, 16 * c + 16)));
        }
        List<Tensor> sum = UpdateDefences.aggregate(ups);
        var si = ReconstructionMetrics.score(imp.recover(sum.get(0), sum.get(1)), x, null, 1.0);
        System.out.printf("| imprint (256 bins) | imprint+cnn | sum of 4 clients x 16 | 64 | %d of 64 at >= 50 dB"
                + " | | | %.2f |%n", si.recoveredAtLeast(50), (System.nanoTime() - t0) / 1e9);
        assertThat(si.recoveredAtLeast(50)).isGreaterThanOrEqualTo(16);
    }

    private static float[] pixels(BufferedImage img, String where) throws IOException {
        if (img == null || img.getWidth() != 32 || img.getHeight() != 32) {
            throw new IOException(where + ": expected a 32x32 image");
        }
        float[] out = new float[3072];
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                int rgb = img.getRGB(c, r);
                out[r * 32 + c] = ((rgb >> 16) & 255) / 255f;
                out[1024 + r * 32 + c] = ((rgb >> 8) & 255) / 255f;
                out[2048 + r * 32 + c] = (rgb & 255) / 255f;
            }
        }
        return out;
    }

    private static double attack(String name, String model, String setting, FunctionalNetwork net, ObservedUpdate u,
            Tensor x, int[] y, Options o) {
        long t0 = System.nanoTime();
        var r = GradientMatching.attack(net, u, SHAPE, null, o, Rng.of(7));
        var s = ReconstructionMetrics.score(r, x, y, 1.0);
        row(name, model, setting, x.dim(0), s, t0);
        return s.meanPsnr();
    }

    private static void row(String attack, String model, String setting, int b, ReconstructionMetrics.Scores s,
            long t0) {
        System.out.printf("| %s | %s | %s | %d | %.1f | %.3f | %s | %.2f |%n", attack, model, setting, b, s.meanPsnr(),
                s.meanSsim(), Double.isNaN(s.labelAccuracy()) ? "-" : String.format("%.2f", s.labelAccuracy()),
                (System.nanoTime() - t0) / 1e9);
    }
}

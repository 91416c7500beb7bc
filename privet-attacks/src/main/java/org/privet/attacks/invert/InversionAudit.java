package org.privet.attacks.invert;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.privet.core.data.Dataset;
import org.privet.core.metrics.ImageMetrics;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * MI-Face against every class (person) of an image classifier, scored automatically where Fredrikson et al.
 * 2015 asked people to pick the person from a line-up: the SSIM (data range 1) of each reconstruction to
 * each of that person's training images, averaged; and identification: whether the reconstruction
 * correlates best with that person's distinctive features (the person's mean training image minus the mean
 * of all training images; Pearson correlation over pixels) among all people's.
 */
public final class InversionAudit {
    private InversionAudit() {
    }

    /**
     * One class's reconstruction.
     *
     * @param ownSimilarity       mean SSIM to the class's own training images
     * @param bestOtherSimilarity the highest mean SSIM to another class's images
     * @param nearestClass        the class whose distinctive features it correlates with most
     */
    public record ClassResult(int label, String className, Tensor image, double cost, int iterations, String stop,
                              long queries, double ownSimilarity, double bestOtherSimilarity, int nearestClass) {
        /** Whether the reconstruction resembles its own class most. */
        public boolean identified() {
            return nearestClass == label;
        }
    }

    /** All classes' reconstructions; {@code whiteBox} says which variant ran. */
    public record Result(List<ClassResult> classes, boolean whiteBox) {
        /** Fraction of classes identified. */
        public double identificationRate() {
            return classes.stream().filter(ClassResult::identified).count() / (double) classes.size();
        }

        /** Mean over classes of the SSIM to the class's own images. */
        public double meanOwnSimilarity() {
            return classes.stream().mapToDouble(ClassResult::ownSimilarity).average().orElse(Double.NaN);
        }
    }

    /**
     * Runs MI-Face on {@code classes} (labels) of {@code target}, white-box when the target exposes gradients
     * and {@code preferWhiteBox}, else black-box. {@code train} holds the target's training images
     * ({@code [n, C, H, W]}, pixels in [0, 1]) for scoring only: the attack never sees them.
     */
    public static Result run(ProbabilisticClassifier target, Dataset train, int[] classes, MiFace.Options options,
                             boolean preferWhiteBox, Rng rng, Progress progress) {
        Objects.requireNonNull(target, "target");
        Tensor x = train.features();
        if (x.rank() != 4) {
            throw new IllegalArgumentException("inversion is scored on images [n, C, H, W]; the data has shape "
                    + x.shapeString() + " (use attribute inference for tabular data)");
        }
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int plane = c * h * w;
        int k = target.numClasses();
        for (int label : classes) {
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("class must be in [0, " + k + "). Provided value: " + label);
            }
        }
        boolean white = preferWhiteBox && target instanceof WhiteBoxClassifier;
        Progress pr = progress == null ? Progress.NONE : progress;
        List<ClassResult> out = new ArrayList<>();
        int[] y = train.labels();
        float[] xv = x.data();
        float[][] distinct = distinctFeatures(xv, y, k, plane);
        pr.start("invert " + classes.length + " classes (" + (white ? "white" : "black") + "-box)", classes.length);
        try {
            for (int t = 0; t < classes.length; t++) {
                int label = classes[t];
                MiFace.Result r = white
                        ? MiFace.whiteBox((WhiteBoxClassifier) target, label, options, Progress.NONE)
                        : MiFace.blackBox(target, label, options, rng.child("class", label), Progress.NONE);
                float[] img = r.image().data();
                if (img.length != plane) {
                    throw new IllegalArgumentException("the target's input (" + img.length + " values) does not "
                            + "match the images (" + plane + " values)");
                }
                double[] sum = new double[k];
                int[] count = new int[k];
                for (int i = 0; i < y.length; i++) {
                    double s = ImageMetrics.ssim(img, java.util.Arrays.copyOfRange(xv, i * plane, (i + 1) * plane),
                            c, h, w, 1.0);
                    sum[y[i]] += s;
                    count[y[i]]++;
                }
                double bestOther = Double.NEGATIVE_INFINITY;
                for (int q = 0; q < k; q++) {
                    if (count[q] > 0 && q != label) {
                        bestOther = Math.max(bestOther, sum[q] / count[q]);
                    }
                }
                int nearest = -1;
                double bestCorr = Double.NEGATIVE_INFINITY;
                for (int q = 0; q < k; q++) {
                    if (distinct[q] != null) {
                        double r0 = pearson(img, distinct[q]);
                        if (r0 > bestCorr) {
                            bestCorr = r0;
                            nearest = q;
                        }
                    }
                }
                double own = count[label] == 0 ? Double.NaN : sum[label] / count[label];
                String name = label < train.classNames().size() ? train.classNames().get(label) : "class " + label;
                out.add(new ClassResult(label, name, Tensor.wrap(img, c, h, w), r.cost(), r.iterations(), r.stop(),
                        r.queries(), own, bestOther, nearest));
                pr.update(t + 1, name + String.format(java.util.Locale.ROOT, " ssim %.3f", own));
            }
        } finally {
            pr.finish();
        }
        return new Result(List.copyOf(out), white);
    }

    /** Per class its mean image minus the mean of all images (null for a class without images). */
    private static float[][] distinctFeatures(float[] x, int[] y, int k, int plane) {
        double[][] sum = new double[k][plane];
        double[] all = new double[plane];
        int[] count = new int[k];
        for (int i = 0; i < y.length; i++) {
            count[y[i]]++;
            for (int j = 0; j < plane; j++) {
                sum[y[i]][j] += x[i * plane + j];
                all[j] += x[i * plane + j];
            }
        }
        float[][] out = new float[k][];
        for (int q = 0; q < k; q++) {
            if (count[q] == 0) {
                continue;
            }
            out[q] = new float[plane];
            for (int j = 0; j < plane; j++) {
                out[q][j] = (float) (sum[q][j] / count[q] - all[j] / y.length);
            }
        }
        return out;
    }

    /** Pearson correlation over positions; 0 when either side is constant. */
    static double pearson(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double u = a[i] - ma;
            double v = b[i] - mb;
            sab += u * v;
            saa += u * u;
            sbb += v * v;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}

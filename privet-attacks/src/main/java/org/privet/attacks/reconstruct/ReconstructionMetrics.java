package org.privet.attacks.reconstruct;

import java.util.Arrays;
import org.privet.core.metrics.ImageMetrics;
import org.privet.core.tensor.Tensor;

/**
 * Scores a reconstruction against the client's true batch.
 *
 * <p>A batch reconstruction comes in arbitrary order, so true examples are matched to reconstructions
 * greedily: repeatedly the (true, reconstructed) pair of highest PSNR among those not yet matched. When
 * fewer examples were reconstructed than sent, the rest stay unmatched (PSNR and SSIM NaN, excluded from
 * the means). Reconstructions are clamped to {@code [0, dataRange]} before scoring. SSIM
 * ({@link ImageMetrics#ssim}) needs images of at least 11x11 pixels; smaller images get NaN. Label accuracy
 * is order free: the size of the multiset intersection of recovered and true labels over N.
 *
 * <p>Stateless and thread safe.
 */
public final class ReconstructionMetrics {
    private ReconstructionMetrics() {
    }

    /**
     * Scores of one reconstruction.
     *
     * @param psnr          per true example, dB (NaN when unmatched; +Infinity when exact)
     * @param ssim          per true example (NaN when unmatched or too small)
     * @param assignment    per true example, index of its reconstruction or -1
     * @param meanPsnr      mean over matched examples, dB (exact matches count as 100 dB)
     * @param meanSsim      mean over matched examples
     * @param labelAccuracy fraction of true labels recovered, NaN when the attack gave no labels
     */
    public record Scores(double[] psnr, double[] ssim, int[] assignment, double meanPsnr, double meanSsim,
                         double labelAccuracy) {
        /** Number of true examples reconstructed with PSNR at least {@code db}. */
        public int recoveredAtLeast(double db) {
            int c = 0;
            for (double p : psnr) {
                if (p >= db) {
                    c++;
                }
            }
            return c;
        }
    }

    /**
     * @param result    the attack's output
     * @param truth     the client's examples, {@code [N, ...]} with the same per-example shape
     * @param labels    the client's labels (N), or null to skip label accuracy
     * @param dataRange pixel range L (1 for [0, 1] pixels)
     */
    public static Scores score(ReconstructionResult result, Tensor truth, int[] labels, double dataRange) {
        Tensor rec = result.images();
        if (truth.rank() != rec.rank() || !Arrays.equals(Arrays.copyOfRange(truth.shape(), 1, truth.rank()),
                Arrays.copyOfRange(rec.shape(), 1, rec.rank()))) {
            throw new IllegalArgumentException("score: reconstructions " + rec.shapeString() + " and truth "
                    + truth.shapeString() + " differ in per-example shape");
        }
        int n = truth.dim(0);
        int m = rec.dim(0);
        if (n < 1 || truth.size() == 0) {
            throw new IllegalArgumentException("score: the truth must hold at least one non-empty example, got "
                    + truth.shapeString());
        }
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("score: " + labels.length + " labels for " + n + " true examples");
        }
        int per = truth.size() / n;
        float[] r = rec.data();
        float[] t = truth.data();
        float[][] clamped = new float[m][per];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < per; k++) {
                clamped[j][k] = (float) Math.min(dataRange, Math.max(0, r[j * per + k]));
            }
        }
        double[][] p = new double[n][m];
        for (int i = 0; i < n; i++) {
            float[] ti = Arrays.copyOfRange(t, i * per, (i + 1) * per);
            for (int j = 0; j < m; j++) {
                p[i][j] = ImageMetrics.psnr(ti, clamped[j], dataRange);
            }
        }
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        boolean[] used = new boolean[m];
        for (int round = 0; round < Math.min(n, m); round++) {
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < n; i++) {
                if (assign[i] >= 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    if (!used[j] && (bi < 0 || p[i][j] > p[bi][bj])) {
                        bi = i;
                        bj = j;
                    }
                }
            }
            assign[bi] = bj;
            used[bj] = true;
        }
        int rank = truth.rank();
        boolean ssimOk = rank >= 3 && truth.dim(rank - 1) >= ImageMetrics.SSIM_WINDOW
                && truth.dim(rank - 2) >= ImageMetrics.SSIM_WINDOW;
        double[] psnr = new double[n];
        double[] ssim = new double[n];
        double sp = 0;
        double ss = 0;
        int matched = 0;
        for (int i = 0; i < n; i++) {
            if (assign[i] < 0) {
                psnr[i] = Double.NaN;
                ssim[i] = Double.NaN;
                continue;
            }
            psnr[i] = p[i][assign[i]];
            if (ssimOk) {
                int h = truth.dim(rank - 2);
                int w = truth.dim(rank - 1);
                ssim[i] = ImageMetrics.ssim(Arrays.copyOfRange(t, i * per, (i + 1) * per), clamped[assign[i]],
                        per / (h * w), h, w, dataRange);
            } else {
                ssim[i] = Double.NaN;
            }
            sp += Math.min(100, psnr[i]);
            ss += ssim[i];
            matched++;
        }
        double acc = Double.NaN;
        int[] rl = result.labels();
        if (labels != null && rl != null) {
            acc = labelOverlap(rl, labels) / (double) labels.length;
        }
        return new Scores(psnr, ssim, assign, matched == 0 ? Double.NaN : sp / matched,
                matched == 0 ? Double.NaN : ss / matched, acc);
    }

    /** Size of the multiset intersection of two label lists. */
    static int labelOverlap(int[] a, int[] b) {
        int[] x = a.clone();
        int[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        int c = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) {
                c++;
                i++;
                j++;
            } else if (x[i] < y[j]) {
                i++;
            } else {
                j++;
            }
        }
        return c;
    }
}

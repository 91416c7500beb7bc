package org.privet.attacks.poison.detect;

import java.util.Arrays;
import org.privet.core.tensor.Tensor;

/**
 * Spectral signatures (Tran, Li and Madry, NeurIPS 2018): in each class, poisoned examples stand out along
 * the top singular direction of the centred representations. For class {@code y} with representations
 * {@code R_y} (rows), mean {@code mu_y} and top right singular vector {@code v} of {@code R_y - mu_y}, the
 * outlier score of example {@code i} is {@code ((r_i - mu_y) . v)^2}; the {@code ceil(1.5 epsilon n_y)}
 * highest-scoring examples of every class are flagged for removal, where {@code epsilon} is an upper bound
 * on the poisoned fraction (the paper's rule). Stateless and thread safe.
 */
public final class SpectralSignatures {
    private SpectralSignatures() {
    }

    /**
     * @param representations [N, d] (e.g. {@link Representations#penultimate})
     * @param labels          N training labels (as given, poisoned ones included), >= 0
     * @param epsilon         upper bound on the poisoned fraction, in (0, 0.5]
     */
    public static PoisonDetection detect(Tensor representations, int[] labels, double epsilon) {
        if (!(epsilon > 0 && epsilon <= 0.5)) {
            throw new IllegalArgumentException("epsilon must be in (0, 0.5]. Provided value: " + epsilon);
        }
        int n = checkShapes(representations, labels);
        int d = representations.dim(1);
        float[] x = representations.data();
        double[] scores = new double[n];
        boolean[] flagged = new boolean[n];
        for (int[] idx : byClass(labels)) {
            if (idx.length < 2) {
                continue;
            }
            double[] mu = Pca.mean(x, d, idx);
            double[] v = Pca.components(x, d, idx, mu, 1)[0];
            double[] s = new double[idx.length];
            for (int a = 0; a < idx.length; a++) {
                double p = 0;
                int o = idx[a] * d;
                for (int j = 0; j < d; j++) {
                    p += (x[o + j] - mu[j]) * v[j];
                }
                s[a] = p * p;
                scores[idx[a]] = s[a];
            }
            int remove = (int) Math.min(idx.length, Math.ceil(1.5 * epsilon * idx.length));
            Integer[] order = new Integer[idx.length];
            for (int a = 0; a < order.length; a++) {
                order[a] = a;
            }
            Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
            for (int a = 0; a < remove; a++) {
                flagged[idx[order[a]]] = true;
            }
        }
        return new PoisonDetection("spectral-signatures", scores, flagged, "epsilon=" + epsilon + ", remove 1.5*epsilon"
                + " per class");
    }

    static int checkShapes(Tensor reps, int[] labels) {
        if (reps.rank() != 2) {
            throw new IllegalArgumentException("representations must be [N, d], got " + reps.shapeString());
        }
        if (reps.dim(0) != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + reps.dim(0) + " representations");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is negative");
            }
        }
        return labels.length;
    }

    /** Indices of each class present, in class order. */
    static int[][] byClass(int[] labels) {
        int classes = 0;
        for (int y : labels) {
            classes = Math.max(classes, y + 1);
        }
        int[] count = new int[classes];
        for (int y : labels) {
            count[y]++;
        }
        int[][] out = new int[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = new int[count[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }
}

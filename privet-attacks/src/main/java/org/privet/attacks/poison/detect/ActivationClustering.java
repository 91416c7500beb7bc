package org.privet.attacks.poison.detect;

import org.privet.core.data.synthetic.KMeans;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Activation clustering (Chen, Carvalho, Baracaldo, Ludwig, Edwards, Lee, Molloy and Srivastava, 2018): in
 * each class, project the representations onto a few components and split them into two clusters with
 * k-means; a backdoored class splits into the clean examples and a small cluster of poisoned ones. The smaller
 * cluster is flagged when its relative size is at most {@code maxRelativeSize} (the paper's relative-size
 * analysis; it suggests about 0.35). Deviation: the paper reduces with ICA to 10 components; this
 * implementation uses PCA (power iteration), which separates the same two-cluster structure along its
 * leading direction. Scores: the relative size of an example's cluster subtracted from 1 (higher = in a
 * smaller cluster). Stateless and thread safe; k-means initialisation draws from the given experiment
 * {@link Rng}.
 */
public final class ActivationClustering {
    private ActivationClustering() {
    }

    /**
     * @param representations [N, d]
     * @param labels          N training labels, >= 0
     * @param components      projection dimension, in [1, d]
     * @param maxRelativeSize flag the smaller cluster when its share of the class is at most this, in (0, 0.5]
     * @param rng             seeded experiment generator (k-means++ seeding)
     */
    public static PoisonDetection detect(Tensor representations, int[] labels, int components,
            double maxRelativeSize, Rng rng) {
        int n = SpectralSignatures.checkShapes(representations, labels);
        int d = representations.dim(1);
        if (components < 1 || components > d) {
            throw new IllegalArgumentException("components must be in [1, " + d + "]. Provided value: " + components);
        }
        if (!(maxRelativeSize > 0 && maxRelativeSize <= 0.5)) {
            throw new IllegalArgumentException("maxRelativeSize must be in (0, 0.5]. Provided value: "
                    + maxRelativeSize);
        }
        float[] x = representations.data();
        double[] scores = new double[n];
        boolean[] flagged = new boolean[n];
        int[][] classes = SpectralSignatures.byClass(labels);
        for (int c = 0; c < classes.length; c++) {
            int[] idx = classes[c];
            if (idx.length < 2) {
                continue;
            }
            double[] mu = Pca.mean(x, d, idx);
            int k = Math.min(components, idx.length);
            double[][] basis = Pca.components(x, d, idx, mu, k);
            float[] z = new float[idx.length * k];
            for (int a = 0; a < idx.length; a++) {
                int o = idx[a] * d;
                for (int b = 0; b < k; b++) {
                    double p = 0;
                    for (int j = 0; j < d; j++) {
                        p += (x[o + j] - mu[j]) * basis[b][j];
                    }
                    z[a * k + b] = (float) p;
                }
            }
            KMeans.Result r = KMeans.fit(z, idx.length, k, 2, 100, rng.child("class", c));
            int ones = 0;
            for (int a : r.assignment()) {
                ones += a;
            }
            int small = ones <= idx.length - ones ? 1 : 0;
            double share = (small == 1 ? ones : idx.length - ones) / (double) idx.length;
            for (int a = 0; a < idx.length; a++) {
                boolean inSmall = r.assignment()[a] == small;
                scores[idx[a]] = 1 - (inSmall ? share : 1 - share);
                flagged[idx[a]] = inSmall && share <= maxRelativeSize;
            }
        }
        return new PoisonDetection("activation-clustering", scores, flagged, "components=" + components
                + ", maxRelativeSize=" + maxRelativeSize + ", seed=" + rng.seed());
    }
}

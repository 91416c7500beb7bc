package org.privet.attacks.infer.membership;

import java.util.List;
import java.util.Locale;
import org.privet.attacks.reference.QueryAugmentation;
import org.privet.core.model.LabelClassifier;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Label-only membership inference by robustness (Choquette-Choo et al., "Label-Only Membership
 * Inference Attacks", ICML 2021): a model's predicted label is more stable around its training
 * records, so the score of a candidate is the fraction of perturbed queries the model still labels
 * correctly, in [0, 1].
 *
 * <p>Perturbed queries: each {@link QueryAugmentation} (e.g. flips and shifts for images) once, plus
 * {@code noiseQueries} copies with i.i.d. Gaussian noise of standard deviation {@code noiseStd}
 * added to every feature. Only {@link LabelClassifier#predict} is called. The score is thresholded
 * like any other (pick the threshold on shadow models with {@link Thresholds}, or read the ROC).
 * Stateless; thread safe if the model is.
 */
public final class LabelOnly {
    private LabelOnly() {
    }

    /**
     * @param augmentations deterministic perturbations, queried once each (may be empty)
     * @param noiseStd      Gaussian noise standard deviation in feature units, &gt;= 0 and finite
     * @param noiseQueries  noisy queries per candidate, &gt;= 0
     */
    public record Options(List<QueryAugmentation> augmentations, double noiseStd, int noiseQueries) {
        public Options {
            augmentations = List.copyOf(augmentations);
            if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
                throw new IllegalArgumentException("label-only noiseStd must be >= 0 and finite. Provided value: "
                        + noiseStd);
            }
            if (noiseQueries < 0) {
                throw new IllegalArgumentException("label-only noiseQueries must be >= 0. Provided value: "
                        + noiseQueries);
            }
            if (augmentations.isEmpty() && noiseQueries == 0) {
                throw new IllegalArgumentException("label-only needs at least one augmentation or noisy query");
            }
        }

        /** Gaussian noise only: {@code queries} noisy copies with standard deviation {@code std}. */
        public static Options noise(double std, int queries) {
            return new Options(List.of(), std, queries);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("augmentations=[");
            for (int i = 0; i < augmentations.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(augmentations.get(i).name());
            }
            return sb.append(String.format(Locale.ROOT, "] noiseStd=%s noiseQueries=%d", noiseStd, noiseQueries))
                    .toString();
        }
    }

    /**
     * Scores {@code x} (candidates {@code [n, ...]}) with true labels {@code labels}.
     *
     * @param rng noise source ({@code rng.child("label-only-noise", q)} for the q-th noisy query)
     * @throws IllegalArgumentException when {@code labels} does not have one label per candidate
     */
    public static double[] scores(LabelClassifier model, Tensor x, int[] labels, Options options, Rng rng) {
        int n = x.dim(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("label-only: " + n + " candidates but " + labels.length + " labels");
        }
        int[] correct = new int[n];
        int total = 0;
        for (QueryAugmentation a : options.augmentations()) {
            count(model.predict(a.apply(x)), labels, correct);
            total++;
        }
        for (int q = 0; q < options.noiseQueries(); q++) {
            Rng r = rng.child("label-only-noise", q);
            float[] src = x.data();
            float[] noisy = new float[src.length];
            for (int i = 0; i < src.length; i++) {
                noisy[i] = (float) (src[i] + options.noiseStd() * r.nextGaussian());
            }
            count(model.predict(Tensor.wrap(noisy, x.shape())), labels, correct);
            total++;
        }
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = (double) correct[i] / total;
        }
        return s;
    }

    private static void count(int[] pred, int[] labels, int[] correct) {
        for (int i = 0; i < labels.length; i++) {
            if (pred[i] == labels[i]) {
                correct[i]++;
            }
        }
    }
}

package org.privet.core.metrics;

import org.privet.core.tensor.Tensor;

/**
 * Classification accuracy and top-k accuracy.
 *
 * <p><b>Ties in top-k.</b> Class {@code j} ranks above the true class {@code y} if its score is
 * strictly higher, or equal with a smaller index ({@code j < y}), i.e. the order of a stable
 * descending sort, which is the order {@code argmax} (first maximum) uses. So top-1 accuracy equals
 * the accuracy of first-index argmax predictions, and ties are never counted in the model's favour
 * beyond that rule. NaN scores are rejected.
 *
 * <p>Stateless and thread safe.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /** Fraction of positions where {@code predicted[i] == actual[i]}; arrays non-empty, same length. */
    public static double of(int[] predicted, int[] actual) {
        MetricChecks.checkSameLength("Accuracy.of", "predicted", predicted.length, "actual", actual.length);
        if (actual.length == 0) {
            throw new IllegalArgumentException("Accuracy.of: labels must not be empty");
        }
        long correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        return (double) correct / actual.length;
    }

    /**
     * Top-k accuracy of class scores (logits or probabilities).
     *
     * @param scores shape {@code [n, classes]}
     * @param labels {@code n} labels in [0, classes)
     * @param k in [1, classes]
     */
    public static double topK(Tensor scores, int[] labels, int k) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("Accuracy.topK: scores must have shape [n, classes]. Provided: "
                    + scores.shapeString());
        }
        return topK(scores.data(), scores.dim(0), scores.dim(1), labels, k);
    }

    /**
     * Top-k accuracy of row-major class scores.
     *
     * @param scores {@code n * classes} values, row {@code i} at {@code [i * classes, (i + 1) * classes)}
     * @param n number of examples, at least 1
     * @param classes number of classes, at least 1
     * @param labels {@code n} labels in [0, classes)
     * @param k in [1, classes]
     */
    public static double topK(float[] scores, int n, int classes, int[] labels, int k) {
        if (n < 1 || classes < 1) {
            throw new IllegalArgumentException("Accuracy.topK: need n >= 1 and classes >= 1. Provided: n="
                    + n + ", classes=" + classes);
        }
        if ((long) n * classes != scores.length) {
            throw new IllegalArgumentException("Accuracy.topK: scores length must be n * classes = "
                    + ((long) n * classes) + ". Provided length: " + scores.length);
        }
        MetricChecks.checkSameLength("Accuracy.topK", "labels", labels.length, "score rows", n);
        if (k < 1 || k > classes) {
            throw new IllegalArgumentException("k must be in [1, " + classes + "]. Provided value: " + k);
        }
        long hits = 0;
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("Accuracy.topK: label must be in [0, " + classes
                        + "). Provided value " + y + " at index " + i);
            }
            int base = i * classes;
            float sy = scores[base + y];
            int above = 0;
            for (int j = 0; j < classes; j++) {
                float s = scores[base + j];
                if (Float.isNaN(s)) {
                    throw new IllegalArgumentException("Accuracy.topK: NaN score at row " + i + ", class " + j);
                }
                if (s > sy || (s == sy && j < y)) {
                    above++;
                }
            }
            if (above < k) {
                hits++;
            }
        }
        return (double) hits / n;
    }

    /** Top-1 accuracy of class scores {@code [n, classes]} (first-index argmax). */
    public static double of(Tensor scores, int[] labels) {
        return topK(scores, labels, 1);
    }
}

package org.privet.core.metrics;

/**
 * Confusion matrix of a {@code k}-class classifier: {@code count(actual, predicted)}, with
 * per-class precision, recall and F1 and their macro average.
 *
 * <p><b>Zero divisions.</b> Precision of a class never predicted, recall of a class that never
 * occurs, and F1 where precision + recall is 0 are reported as 0 (scikit-learn's
 * {@code zero_division=0}). {@link #macroF1()} averages F1 over the classes that occur in the actual
 * or the predicted labels (scikit-learn's default label set), so unused class slots do not drag
 * it down.
 *
 * <p>Immutable and thread safe.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[] counts; // row-major [actual][predicted]
    private final long total;

    private ConfusionMatrix(int classes, long[] counts, long total) {
        this.classes = classes;
        this.counts = counts;
        this.total = total;
    }

    /**
     * Counts pairs of {@code actual[i]}, {@code predicted[i]}.
     *
     * @param actual true labels in [0, classes)
     * @param predicted predicted labels in [0, classes), same length, not empty
     * @param classes number of classes, at least 1
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1. Provided value: " + classes);
        }
        MetricChecks.checkSameLength("ConfusionMatrix.of", "actual", actual.length, "predicted",
                predicted.length);
        if (actual.length == 0) {
            throw new IllegalArgumentException("ConfusionMatrix.of: labels must not be empty");
        }
        if ((long) classes * classes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ConfusionMatrix.of: classes must be <= 46340 for a dense"
                    + " matrix. Provided value: " + classes);
        }
        long[] c = new long[classes * classes];
        for (int i = 0; i < actual.length; i++) {
            int a = actual[i];
            int p = predicted[i];
            if (a < 0 || a >= classes) {
                throw new IllegalArgumentException("ConfusionMatrix.of: actual label must be in [0, "
                        + classes + "). Provided value " + a + " at index " + i);
            }
            if (p < 0 || p >= classes) {
                throw new IllegalArgumentException("ConfusionMatrix.of: predicted label must be in [0, "
                        + classes + "). Provided value " + p + " at index " + i);
            }
            c[a * classes + p]++;
        }
        return new ConfusionMatrix(classes, c, actual.length);
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** Number of examples counted. */
    public long total() {
        return total;
    }

    /** Examples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        checkClass(actual);
        checkClass(predicted);
        return counts[actual * classes + predicted];
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public long[][] counts() {
        long[][] m = new long[classes][classes];
        for (int a = 0; a < classes; a++) {
            System.arraycopy(counts, a * classes, m[a], 0, classes);
        }
        return m;
    }

    /** Fraction of examples on the diagonal. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += counts[c * classes + c];
        }
        return (double) correct / total;
    }

    /** Examples whose actual class is {@code c}. */
    public long support(int c) {
        checkClass(c);
        long s = 0;
        for (int p = 0; p < classes; p++) {
            s += counts[c * classes + p];
        }
        return s;
    }

    /** Examples predicted as class {@code c}. */
    public long predictedCount(int c) {
        checkClass(c);
        long s = 0;
        for (int a = 0; a < classes; a++) {
            s += counts[a * classes + c];
        }
        return s;
    }

    /** TP / (TP + FP) for class {@code c}; 0 if {@code c} is never predicted. */
    public double precision(int c) {
        long predicted = predictedCount(c);
        return predicted == 0 ? 0.0 : (double) counts[c * classes + c] / predicted;
    }

    /** TP / (TP + FN) for class {@code c}; 0 if {@code c} never occurs. */
    public double recall(int c) {
        long support = support(c);
        return support == 0 ? 0.0 : (double) counts[c * classes + c] / support;
    }

    /** Harmonic mean of precision and recall for class {@code c}; 0 if both are 0. */
    public double f1(int c) {
        // 2TP / (2TP + FP + FN) equals the harmonic mean and needs no special case but 0/0
        long tp = counts[c * classes + c];
        long denom = predictedCount(c) + support(c);
        return denom == 0 ? 0.0 : 2.0 * tp / denom;
    }

    /** Mean F1 over the classes that occur in the actual or predicted labels. */
    public double macroF1() {
        double sum = 0;
        int used = 0;
        for (int c = 0; c < classes; c++) {
            if (support(c) + predictedCount(c) > 0) {
                sum += f1(c);
                used++;
            }
        }
        return sum / used; // used >= 1 since total >= 1
    }

    private void checkClass(int c) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("class must be in [0, " + classes + "). Provided value: " + c);
        }
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[classes=" + classes + ", total=" + total + ", accuracy=" + accuracy() + "]";
    }
}

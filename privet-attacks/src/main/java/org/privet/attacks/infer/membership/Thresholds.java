package org.privet.attacks.infer.membership;

import java.util.Arrays;

/**
 * Decision thresholds on membership scores, chosen on shadow (reference) data where membership is
 * known, never on the evaluation labels: a global threshold, or one per class (Song and Mittal 2021).
 *
 * <p>Each threshold maximises the shadow advantage {@code TPR - FPR} (equivalently the balanced
 * accuracy) of the rule "member iff score >= threshold"; ties go to the largest such threshold. A
 * class with no shadow members or no shadow non-members, or where no threshold has a positive shadow
 * advantage, falls back to the global threshold. The global threshold is {@code +infinity} when no
 * threshold has a positive advantage on the shadow data at all (then nobody is called a member).
 *
 * <p>Immutable; thread safe.
 */
public final class Thresholds {
    private final double global;
    private final double[] perClass;

    private Thresholds(double global, double[] perClass) {
        this.global = global;
        this.perClass = perClass;
    }

    /**
     * Fits thresholds on shadow scores.
     *
     * @param scores    shadow membership scores (finite)
     * @param isMember  whether each shadow record was in its shadow model's training set
     * @param labels    class of each shadow record, in {@code [0, numClasses)}; may be null when {@code perClass} is false
     * @param perClass  whether to fit one threshold per class as well
     * @throws IllegalArgumentException on mismatched lengths, a non-finite score, or when there is no
     *     shadow member or no shadow non-member
     */
    public static Thresholds fit(double[] scores, boolean[] isMember, int[] labels, int numClasses, boolean perClass) {
        if (isMember.length != scores.length) {
            throw new IllegalArgumentException("thresholds: " + scores.length + " scores but " + isMember.length
                    + " membership flags");
        }
        if (perClass && (labels == null || labels.length != scores.length)) {
            throw new IllegalArgumentException("thresholds: per-class thresholds need one label per score ("
                    + scores.length + "). Provided: " + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("thresholds: score " + i + " must be finite. Provided value: "
                        + scores[i]);
            }
        }
        int[] all = new int[scores.length];
        Arrays.setAll(all, i -> i);
        double g = best(scores, isMember, all);
        if (Double.isNaN(g)) {
            throw new IllegalArgumentException("thresholds: shadow data need at least one member and one non-member");
        }
        double[] pc = null;
        if (perClass) {
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2. Provided value: " + numClasses);
            }
            int[] counts = new int[numClasses];
            for (int l : labels) {
                if (l < 0 || l >= numClasses) {
                    throw new IllegalArgumentException("thresholds: label " + l + " is outside [0, " + numClasses + ")");
                }
                counts[l]++;
            }
            int[][] byClass = new int[numClasses][];
            for (int k = 0; k < numClasses; k++) {
                byClass[k] = new int[counts[k]];
            }
            int[] fill = new int[numClasses];
            for (int i = 0; i < labels.length; i++) {
                byClass[labels[i]][fill[labels[i]]++] = i;
            }
            pc = new double[numClasses];
            for (int k = 0; k < numClasses; k++) {
                double t = best(scores, isMember, byClass[k]);
                // no usable shadow data in this class, or no threshold beats "never a member": use the global one
                pc[k] = Double.isNaN(t) || Double.isInfinite(t) ? g : t;
            }
        }
        return new Thresholds(g, pc);
    }

    /** Threshold maximising TPR - FPR over the records {@code idx}; NaN when one side is empty. */
    private static double best(double[] scores, boolean[] isMember, int[] idx) {
        int pos = 0;
        for (int i : idx) {
            if (isMember[i]) {
                pos++;
            }
        }
        int neg = idx.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        double[] s = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            s[k] = scores[idx[k]];
        }
        int[] order = sortDescending(s);
        // sweep thresholds from high to low: after including all records with score >= s, rule is "score >= s"
        // advantage scaled by pos * neg, in exact integer arithmetic so that ties are ties
        long bestAdv = 0; // threshold above every score: TPR = FPR = 0
        double bestT = Double.POSITIVE_INFINITY;
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < order.length; k++) {
            int r = order[k];
            if (isMember[idx[r]]) {
                tp++;
            } else {
                fp++;
            }
            if (k + 1 < order.length && s[order[k + 1]] == s[r]) {
                continue;
            }
            long adv = (long) tp * neg - (long) fp * pos;
            if (adv > bestAdv) {
                bestAdv = adv;
                bestT = s[r];
            }
        }
        return bestT;
    }

    private static int[] sortDescending(double[] s) {
        int n = s.length;
        // stable primitive merge sort of indices by score, descending (no boxing)
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] tmp = new int[n];
        mergeSort(idx, tmp, 0, n, s);
        return idx;
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, double[] s) {
        if (hi - lo < 2) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, s);
        mergeSort(a, tmp, mid, hi, s);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            tmp[k++] = s[a[i]] >= s[a[j]] ? a[i++] : a[j++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < hi) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
    }

    /** The global threshold (may be +infinity when no threshold beats "never a member" on shadow data). */
    public double global() {
        return global;
    }

    /** Whether per-class thresholds were fitted. */
    public boolean isPerClass() {
        return perClass != null;
    }

    /** The threshold of class {@code k} (the global one when not per-class). */
    public double threshold(int k) {
        return perClass == null ? global : perClass[k];
    }

    /** Hard decisions: member iff {@code score >= threshold(label)} (labels may be null when not per-class). */
    public boolean[] decide(double[] scores, int[] labels) {
        checkLabels(scores, labels);
        boolean[] out = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[i] >= threshold(perClass == null ? 0 : labels[i]);
        }
        return out;
    }

    /**
     * Scores calibrated per class, {@code score - threshold(label)}: one ROC over all classes then
     * compares margins above each class's own threshold. Without per-class thresholds the scores are
     * returned unchanged (a shift by one constant does not change the ROC).
     */
    public double[] calibrate(double[] scores, int[] labels) {
        checkLabels(scores, labels);
        double[] out = scores.clone();
        if (perClass != null) {
            for (int i = 0; i < out.length; i++) {
                double t = perClass[labels[i]];
                out[i] = Double.isInfinite(t) ? Double.NEGATIVE_INFINITY : out[i] - t;
            }
        }
        return out;
    }

    private void checkLabels(double[] scores, int[] labels) {
        if (perClass != null) {
            if (labels == null || labels.length != scores.length) {
                throw new IllegalArgumentException("per-class thresholds need one label per score (" + scores.length
                        + "). Provided: " + (labels == null ? "null" : labels.length));
            }
            for (int l : labels) {
                if (l < 0 || l >= perClass.length) {
                    throw new IllegalArgumentException("label " + l + " is outside [0, " + perClass.length + ")");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Thresholds[global=" + global + (perClass == null ? "" : ", perClass=" + Arrays.toString(perClass)) + "]";
    }
}

package org.privet.core.metrics;

import java.util.Arrays;

/**
 * The empirical ROC curve of a score that separates members (positives) from non-members
 * (negatives), with exact tie handling.
 *
 * <p><b>Rule.</b> At threshold {@code t} an example is flagged as a member iff {@code score >= t}.
 * Vertex {@code 0} is {@code (0, 0)} and flags nothing (its threshold is reported as
 * {@code +Infinity}; a score of {@code +Infinity} then gives a second {@code +Infinity} threshold,
 * at vertex 1, which does flag it); vertex {@code k >= 1} uses the {@code k}-th largest
 * <em>distinct</em> score as threshold, so tied scores enter together and move the curve diagonally. The last vertex is always
 * {@code (1, 1)}. Vertices are ordered by decreasing threshold, so {@code fpr} and {@code tpr} are
 * non-decreasing. No vertex is dropped (a vertex on a straight segment is kept).
 *
 * <p><b>Between vertices</b> the curve is the straight segment, which is the operating point of the
 * randomised classifier that mixes the two neighbouring thresholds; {@link #tprAtFpr(double)}
 * reads it exactly. {@link #tprAtFprStep(double)} instead reproduces the rule of the LiRA reference
 * code (Carlini et al. 2022): the TPR of the last vertex whose FPR is strictly below alpha.
 * The two differ most where few false positives are allowed: with {@code N} non-members and
 * {@code alpha = 1/N}, the step rule reports the TPR reached with <em>zero</em> false positives,
 * the interpolation the TPR reached with exactly one. The step rule never exceeds the
 * interpolation. Both read all vertices: on scikit-learn's {@code roc_curve} output the step rule
 * agrees with {@code drop_intermediate=False}; its default {@code True} can drop the vertex the
 * rule would pick.
 *
 * <p>Scores may be infinite (e.g. log-likelihood ratios) but not NaN. Immutable and thread safe;
 * accessors return copies. Building costs one sort, O(n log n).
 */
public final class RocCurve {
    private final double[] fpr;
    private final double[] tpr;
    private final double[] thresholds;
    private final long[] truePositives;
    private final long[] falsePositives;
    private final int positives;
    private final int negatives;

    private RocCurve(double[] thresholds, long[] tp, long[] fp, int positives, int negatives) {
        this.thresholds = thresholds;
        this.truePositives = tp;
        this.falsePositives = fp;
        this.positives = positives;
        this.negatives = negatives;
        int m = thresholds.length;
        this.fpr = new double[m];
        this.tpr = new double[m];
        for (int k = 0; k < m; k++) {
            fpr[k] = (double) fp[k] / negatives;
            tpr[k] = (double) tp[k] / positives;
        }
    }

    /**
     * The ROC of {@code scores} against membership.
     *
     * @param scores attack scores, higher = more likely a member; not NaN
     * @param isMember {@code true} for members (positives); same length as {@code scores}; both
     *     classes must occur
     * @throws IllegalArgumentException on mismatched lengths, an empty input, a NaN score or a
     *     single class
     */
    public static RocCurve of(double[] scores, boolean[] isMember) {
        MetricChecks.checkScoresLabels("RocCurve.of", scores, isMember);
        int n = scores.length;
        // Count members and non-members per distinct score: sort each class's scores, then merge
        // from the top. No index sort, no boxing.
        int p = 0;
        for (boolean b : isMember) {
            if (b) {
                p++;
            }
        }
        double[] pos = new double[p];
        double[] neg = new double[n - p];
        int ip = 0;
        int in = 0;
        for (int i = 0; i < n; i++) {
            if (isMember[i]) {
                pos[ip++] = scores[i] + 0.0; // -0.0 -> 0.0: one threshold
            } else {
                neg[in++] = scores[i] + 0.0;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        double[] thr = new double[n + 1];
        long[] tp = new long[n + 1];
        long[] fp = new long[n + 1];
        thr[0] = Double.POSITIVE_INFINITY;
        int a = pos.length - 1;
        int b = neg.length - 1;
        int k = 0;
        while (a >= 0 || b >= 0) {
            double t;
            if (a < 0) {
                t = neg[b];
            } else if (b < 0) {
                t = pos[a];
            } else {
                t = Math.max(pos[a], neg[b]);
            }
            long ctp = tp[k];
            long cfp = fp[k];
            while (a >= 0 && Double.compare(pos[a], t) == 0) {
                ctp++;
                a--;
            }
            while (b >= 0 && Double.compare(neg[b], t) == 0) {
                cfp++;
                b--;
            }
            k++;
            thr[k] = t;
            tp[k] = ctp;
            fp[k] = cfp;
        }
        if (tp[k] != p || fp[k] != n - p) {
            throw new AssertionError("internal invariant: ROC merge ended at (" + fp[k] + ", " + tp[k]
                    + ") instead of (" + (n - p) + ", " + p + ")");
        }
        return new RocCurve(Arrays.copyOf(thr, k + 1), Arrays.copyOf(tp, k + 1),
                Arrays.copyOf(fp, k + 1), p, n - p);
    }

    /**
     * The ROC of {@code scores} against 0/1 labels ({@code 1} = member).
     *
     * @throws IllegalArgumentException if a label is neither 0 nor 1, or as {@link #of(double[],
     *     boolean[])}
     */
    public static RocCurve of(double[] scores, int[] labels) {
        return of(scores, MetricChecks.toMembership("RocCurve.of", labels));
    }

    /** Number of vertices, {@code distinct scores + 1}. */
    public int size() {
        return fpr.length;
    }

    /** Number of members (positives). */
    public int positives() {
        return positives;
    }

    /** Number of non-members (negatives). */
    public int negatives() {
        return negatives;
    }

    /** False-positive rate at each vertex, non-decreasing, from 0 to 1. */
    public double[] fpr() {
        return fpr.clone();
    }

    /** True-positive rate at each vertex, non-decreasing, from 0 to 1. */
    public double[] tpr() {
        return tpr.clone();
    }

    /** Threshold of each vertex (flag iff {@code score >= threshold}); {@code +Infinity} at vertex 0. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Members flagged at each vertex (exact counts). */
    public long[] truePositiveCounts() {
        return truePositives.clone();
    }

    /** Non-members flagged at each vertex (exact counts). */
    public long[] falsePositiveCounts() {
        return falsePositives.clone();
    }

    /**
     * Area under the curve by the trapezoid rule over the vertices. Equals the Mann-Whitney
     * statistic P(member score > non-member score) + P(tie)/2, computed from exact counts.
     */
    public double auc() {
        // sum over segments of dFP * (TP_prev + dTP / 2), in units of counts; x2 keeps integers
        double twiceArea = 0;
        for (int k = 1; k < fpr.length; k++) {
            long dfp = falsePositives[k] - falsePositives[k - 1];
            twiceArea += (double) dfp * (double) (truePositives[k] + truePositives[k - 1]);
        }
        return twiceArea / (2.0 * positives * (double) negatives);
    }

    /**
     * TPR at false-positive rate {@code alpha}, by linear interpolation between the two vertices
     * that bracket {@code alpha}. Where several vertices share FPR {@code alpha} (a vertical
     * segment) the highest TPR is returned. This is the best TPR a (possibly randomised) threshold
     * rule reaches at FPR exactly {@code alpha}; it is never below {@link #tprAtFprStep(double)}.
     *
     * @param alpha in [0, 1]
     */
    public double tprAtFpr(double alpha) {
        checkAlpha(alpha, 0.0);
        int k = lastVertexWithFprAtMost(alpha);
        if (fpr[k] == alpha || k == fpr.length - 1) {
            return tpr[k];
        }
        double t = (alpha - fpr[k]) / (fpr[k + 1] - fpr[k]);
        return tpr[k] + t * (tpr[k + 1] - tpr[k]);
    }

    /**
     * TPR at FPR {@code alpha} by the step rule of the LiRA reference code (Carlini et al. 2022,
     * {@code tpr[np.where(fpr < alpha)[0][-1]]}): the TPR of the last vertex whose FPR is
     * <em>strictly</em> below {@code alpha}. It ignores the segment beyond that vertex, so it is at
     * most {@link #tprAtFpr(double)}; the two agree when no member enters between the last vertex
     * below alpha and FPR alpha (a flat stretch of the curve), and differ most on small non-member
     * sets. Use it to compare with numbers published from that code.
     *
     * @param alpha in (0, 1]
     */
    public double tprAtFprStep(double alpha) {
        checkAlpha(alpha, Double.MIN_VALUE);
        int lo = 0;
        int hi = fpr.length - 1;
        // last index with fpr < alpha; fpr[0] = 0 < alpha so it exists
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fpr[mid] < alpha) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return tpr[lo];
    }

    /**
     * Membership advantage {@code max over thresholds (TPR - FPR)} (Yeom et al. 2018), in [0, 1]
     * (vertex 0 gives 0). The maximum over the segments is reached at a vertex.
     */
    public double membershipAdvantage() {
        return tpr[bestVertex()] - fpr[bestVertex()];
    }

    /** Balanced accuracy {@code (TPR + 1 - FPR) / 2} at the threshold that maximises it. */
    public double balancedAccuracy() {
        int k = bestVertex();
        return (tpr[k] + 1.0 - fpr[k]) / 2.0;
    }

    /**
     * The threshold that maximises TPR - FPR (the first such vertex, i.e. the highest threshold
     * among ties); {@code +Infinity} if no threshold beats flagging nothing.
     */
    public double bestThreshold() {
        return thresholds[bestVertex()];
    }

    /** Plot-ready points: parallel arrays of FPR and TPR, both in [0, 1]. */
    public record Points(double[] fpr, double[] tpr) {
        /** Number of points. */
        public int size() {
            return fpr.length;
        }
    }

    /**
     * Points for a log-log plot of the (linearly interpolated) curve over FPR in
     * [{@code minFpr}, 1]. The curve starts at {@code (minFpr, tprAtFpr(minFpr))}, keeps every
     * vertex with FPR above {@code minFpr}, and inserts interpolated points inside any segment that
     * spans more than {@code 1 / pointsPerDecade} decades of FPR, so that a straight line between
     * consecutive points on log axes stays close to the true (linear-scale straight) segment.
     * TPR values are not clamped: a zero TPR is the caller's to floor for display.
     *
     * @param minFpr in (0, 1)
     * @param pointsPerDecade at least 1, e.g. 20
     */
    public Points logLogPoints(double minFpr, int pointsPerDecade) {
        if (!(minFpr > 0 && minFpr < 1)) {
            throw new IllegalArgumentException("minFpr must be in (0, 1). Provided value: " + minFpr);
        }
        if (pointsPerDecade < 1) {
            throw new IllegalArgumentException(
                    "pointsPerDecade must be >= 1. Provided value: " + pointsPerDecade);
        }
        double logStep = Math.log(10.0) / pointsPerDecade;
        double step = Math.exp(logStep);
        DoubleList xs = new DoubleList(fpr.length + 16);
        DoubleList ys = new DoubleList(fpr.length + 16);
        xs.add(minFpr);
        ys.add(tprAtFpr(minFpr));
        int start = lastVertexWithFprAtMost(minFpr) + 1;
        double lastX = minFpr;
        double lastY = ys.get(0);
        for (int k = start; k < fpr.length; k++) {
            double x = fpr[k];
            if (x > lastX * step) {
                // split the segment (lastX, lastY)-(x, tpr[k]) into equal ratios of FPR, each <= step
                int parts = (int) Math.ceil(Math.log(x / lastX) / logStep - 1e-9);
                double ratio = Math.pow(x / lastX, 1.0 / parts);
                double g = lastX;
                for (int i = 1; i < parts; i++) {
                    g *= ratio;
                    double t = (g - lastX) / (x - lastX);
                    xs.add(g);
                    ys.add(lastY + t * (tpr[k] - lastY));
                }
            }
            xs.add(x);
            ys.add(tpr[k]);
            lastX = x;
            lastY = tpr[k];
        }
        return new Points(xs.toArray(), ys.toArray());
    }

    private int bestVertex() {
        int best = 0;
        long bestValue = 0;
        for (int k = 1; k < fpr.length; k++) {
            // exact in counts: TPR - FPR = (tp*N - fp*P) / (P*N); both products < 2^62
            long v = truePositives[k] * negatives - falsePositives[k] * positives;
            if (v > bestValue) {
                bestValue = v;
                best = k;
            }
        }
        return best;
    }

    /** Largest index k with fpr[k] <= alpha (the top of a vertical run at alpha). */
    private int lastVertexWithFprAtMost(double alpha) {
        int lo = 0;
        int hi = fpr.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fpr[mid] <= alpha) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static void checkAlpha(double alpha, double min) {
        if (!(alpha >= min && alpha <= 1.0)) {
            String range = min == 0.0 ? "[0, 1]" : "(0, 1]";
            throw new IllegalArgumentException("alpha (a false-positive rate) must be in " + range
                    + ". Provided value: " + alpha);
        }
    }

    @Override
    public String toString() {
        return "RocCurve[positives=" + positives + ", negatives=" + negatives + ", vertices="
                + fpr.length + ", auc=" + auc() + "]";
    }

    /** Minimal growable double array (no boxing). */
    private static final class DoubleList {
        private double[] a;
        private int n;

        DoubleList(int capacity) {
            a = new double[Math.max(capacity, 4)];
        }

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        double get(int i) {
            return a[i];
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}

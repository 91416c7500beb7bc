package org.privet.dp.audit;

import java.util.Arrays;
import java.util.Locale;

/**
 * An empirical lower bound on epsilon from scores of trials run with the canary ("in") and without it ("out").
 *
 * <p>The distinguisher says "in" when {@code score >= t} (or, in the reverse direction, when {@code score < t}).
 * If the mechanism is (epsilon, delta)-DP, every distinguisher's false-positive rate {@code FPR} and false-negative
 * rate {@code FNR} satisfy {@code 1 - FNR <= e^epsilon FPR + delta} (and symmetrically), hence {@code epsilon >=
 * ln((1 - delta - FNR) / FPR)} (Kairouz et al. 2015; Jagielski et al. 2020, Section 3). Replacing the rates by
 * Clopper-Pearson upper bounds {@code FPR_hi, FNR_hi}, each at error {@code (1 - confidence)/2}, gives
 * {@code epsilon_lb = ln((1 - delta - FNR_hi) / FPR_hi)}, a bound that holds with probability at least
 * {@code confidence} (union bound over the two intervals).
 *
 * <p>Threshold choice without bias: picking the best of many thresholds on the same trials would need a
 * multiple-testing correction, so the trials are split: the first {@code selectionFraction} of each sample
 * (default half) chooses the threshold and direction (those maximising the same bound computed on that part), and
 * the rest evaluates it. The chosen threshold is then independent of the evaluation trials, so the Clopper-Pearson
 * intervals apply as stated. The bound is floored at 0. Stateless and thread-safe.
 */
public final class EpsilonLowerBound {

    /**
     * The bound and how it was found.
     *
     * @param epsilonLowerBound {@code >= 0}; holds with probability {@code >= confidence}
     * @param threshold the score threshold chosen on the selection part
     * @param reverse true when "in" means {@code score < threshold}
     * @param fpr the false-positive rate on the evaluation part
     * @param fnr the false-negative rate on the evaluation part
     * @param fprUpper its Clopper-Pearson upper bound
     * @param fnrUpper its Clopper-Pearson upper bound
     * @param evaluationIn "in" trials used for evaluation
     * @param evaluationOut "out" trials used for evaluation
     * @param delta the delta the bound is for
     * @param confidence the confidence of the bound
     */
    public record Bound(double epsilonLowerBound, double threshold, boolean reverse, double fpr, double fnr,
            double fprUpper, double fnrUpper, int evaluationIn, int evaluationOut, double delta, double confidence) {

        /** One line for reports. */
        public String describe() {
            return String.format(Locale.ROOT,
                    "epsilon >= %.4f with confidence %.3f (delta=%s; distinguisher: in if score %s %.6g; on %d in / %d "
                            + "out evaluation trials FPR=%.4f (<= %.4f), FNR=%.4f (<= %.4f))",
                    epsilonLowerBound, confidence, delta, reverse ? "<" : ">=", threshold,
                    evaluationIn, evaluationOut, fpr, fprUpper, fnr, fnrUpper);
        }
    }

    private EpsilonLowerBound() {
    }

    /**
     * Computes the bound with half of each sample choosing the threshold.
     *
     * @param scoresIn scores of trials with the canary (at least 4, finite)
     * @param scoresOut scores of trials without it (at least 4, finite)
     * @param delta the delta of the claim, in {@code [0, 1)}
     * @param confidence in {@code (0, 1)}, e.g. 0.95
     */
    public static Bound compute(double[] scoresIn, double[] scoresOut, double delta, double confidence) {
        return compute(scoresIn, scoresOut, delta, confidence, 0.5);
    }

    /**
     * Computes the bound.
     *
     * @param selectionFraction the share of each sample used to choose the threshold, in {@code (0, 1)}; the first
     *     trials of each array are used for selection (trials must be independent and identically distributed)
     */
    public static Bound compute(double[] scoresIn, double[] scoresOut, double delta, double confidence,
            double selectionFraction) {
        check(scoresIn, "scoresIn");
        check(scoresOut, "scoresOut");
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1). Provided value: " + delta);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1). Provided value: " + confidence);
        }
        if (!(selectionFraction > 0 && selectionFraction < 1)) {
            throw new IllegalArgumentException("selection fraction must be in (0, 1). Provided value: " + selectionFraction);
        }
        int selIn = split(scoresIn.length, selectionFraction);
        int selOut = split(scoresOut.length, selectionFraction);
        double alpha = (1 - confidence) / 2;
        double[] in = Arrays.copyOf(scoresIn, selIn);
        double[] out = Arrays.copyOf(scoresOut, selOut);
        Arrays.sort(in);
        Arrays.sort(out);
        // candidate thresholds: every distinct selection score
        double[] all = new double[in.length + out.length];
        System.arraycopy(in, 0, all, 0, in.length);
        System.arraycopy(out, 0, all, in.length, out.length);
        Arrays.sort(all);
        double[] cpOut = new double[out.length + 1];
        double[] cpIn = new double[in.length + 1];
        Arrays.fill(cpOut, Double.NaN);
        Arrays.fill(cpIn, Double.NaN);
        double bestEps = -1;
        double bestT = all[0];
        boolean bestReverse = false;
        for (int i = 0; i < all.length; i++) {
            if (i > 0 && all[i] == all[i - 1]) {
                continue;
            }
            double t = all[i];
            long inAbove = in.length - lowerIndex(in, t); // "in" trials with score >= t
            long outAbove = out.length - lowerIndex(out, t);
            for (boolean reverse : new boolean[] {false, true}) {
                long fp = reverse ? out.length - outAbove : outAbove;
                long fn = reverse ? inAbove : in.length - inAbove;
                double e = epsilonFrom(cp(cpOut, fp, alpha), cp(cpIn, fn, alpha), delta);
                if (e > bestEps) {
                    bestEps = e;
                    bestT = t;
                    bestReverse = reverse;
                }
            }
        }
        int evIn = scoresIn.length - selIn;
        int evOut = scoresOut.length - selOut;
        long fp = 0;
        long fn = 0;
        for (int i = selOut; i < scoresOut.length; i++) {
            boolean saysIn = bestReverse ? scoresOut[i] < bestT : scoresOut[i] >= bestT;
            fp += saysIn ? 1 : 0;
        }
        for (int i = selIn; i < scoresIn.length; i++) {
            boolean saysIn = bestReverse ? scoresIn[i] < bestT : scoresIn[i] >= bestT;
            fn += saysIn ? 0 : 1;
        }
        double fprHi = ClopperPearson.upper(fp, evOut, alpha);
        double fnrHi = ClopperPearson.upper(fn, evIn, alpha);
        double eps = epsilonFrom(fprHi, fnrHi, delta);
        return new Bound(eps, bestT, bestReverse, (double) fp / evOut, (double) fn / evIn, fprHi, fnrHi, evIn, evOut,
                delta, confidence);
    }

    /** {@code max(0, ln((1 - delta - fnrHi) / fprHi))}. */
    static double epsilonFrom(double fprHi, double fnrHi, double delta) {
        double num = 1 - delta - fnrHi;
        if (!(num > 0) || !(fprHi > 0)) {
            return num > 0 ? Double.POSITIVE_INFINITY : 0.0;
        }
        return Math.max(0.0, Math.log(num / fprHi));
    }

    /** Memoised Clopper-Pearson upper bound for {@code k} of {@code memo.length - 1} trials. */
    private static double cp(double[] memo, long k, double alpha) {
        double v = memo[(int) k];
        if (Double.isNaN(v)) {
            v = ClopperPearson.upper(k, memo.length - 1, alpha);
            memo[(int) k] = v;
        }
        return v;
    }

    /** The first index with {@code a[i] >= t} in sorted {@code a}. */
    private static int lowerIndex(double[] a, double t) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] < t) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    private static int split(int n, double fraction) {
        int s = (int) Math.round(n * fraction);
        return Math.max(1, Math.min(n - 1, s));
    }

    private static void check(double[] s, String name) {
        if (s == null || s.length < 4) {
            throw new IllegalArgumentException(name + " must hold at least 4 trials. Provided value: "
                    + (s == null ? "null" : s.length));
        }
        for (int i = 0; i < s.length; i++) {
            if (!Double.isFinite(s[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite. Provided value: " + s[i]);
            }
        }
    }
}

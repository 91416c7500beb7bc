package org.privet.core.metrics;

import java.util.Arrays;
import org.privet.core.rng.Rng;

/**
 * Stratified percentile bootstrap confidence intervals for any statistic of (scores, membership).
 *
 * <p><b>Method.</b> Each of {@code B} resamples draws, with replacement, as many members from the
 * members and as many non-members from the non-members as the data has (stratified resampling:
 * class sizes stay fixed, so ROC statistics stay defined). The interval is
 * {@code [q((1 - level) / 2), q((1 + level) / 2)]} of the {@code B} replicate values, where
 * {@code q} is the linearly interpolated sample quantile (type 7 of Hyndman and Fan 1996, numpy's
 * default). The point is the statistic on the original data.
 *
 * <p><b>Reproducibility.</b> All draws come from the given {@link Rng} in a fixed order, so the
 * same seed gives the same interval bit for bit. The generator is advanced; pass a
 * {@code rng.child("bootstrap")} to keep other streams unaffected.
 *
 * <p>Stateless and thread safe (the {@code Rng} is not: do not share one between threads). Cost:
 * {@code B} evaluations of the statistic; two scratch arrays are reused between resamples.
 */
public final class Bootstrap {
    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;

    private Bootstrap() {
    }

    /**
     * A {@code level} confidence interval for {@code stat} from {@link #DEFAULT_RESAMPLES}
     * resamples.
     */
    public static Interval ci(double[] scores, boolean[] isMember, ScoreStatistic stat, double level,
            Rng rng) {
        return ci(scores, isMember, stat, level, DEFAULT_RESAMPLES, rng);
    }

    /**
     * A {@code level} confidence interval for {@code stat} from {@code resamples} stratified
     * resamples.
     *
     * @param scores attack scores, not NaN
     * @param isMember membership, same length, both classes present
     * @param stat the statistic; must return a non-NaN value on every resample
     * @param level confidence level in (0, 1), e.g. 0.95
     * @param resamples B, at least 2
     * @param rng the seeded source of resampling indices (advanced)
     * @throws IllegalArgumentException on bad arguments
     * @throws IllegalStateException if the statistic returns NaN on the data or a resample
     */
    public static Interval ci(double[] scores, boolean[] isMember, ScoreStatistic stat, double level,
            int resamples, Rng rng) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1). Provided value: " + level);
        }
        checkArguments(scores, isMember, stat, resamples, rng);
        double point = stat.compute(scores.clone(), isMember.clone());
        if (Double.isNaN(point)) {
            throw new IllegalStateException("Bootstrap: the statistic is NaN on the original data");
        }
        double[] reps = replicates(scores, isMember, stat, resamples, rng);
        Arrays.sort(reps);
        double lo = quantile(reps, (1 - level) / 2);
        double hi = quantile(reps, (1 + level) / 2);
        return new Interval(lo, point, hi);
    }

    /** As {@link #ci(double[], boolean[], ScoreStatistic, double, int, Rng)} with 0/1 labels. */
    public static Interval ci(double[] scores, int[] labels, ScoreStatistic stat, double level,
            int resamples, Rng rng) {
        return ci(scores, MetricChecks.toMembership("Bootstrap.ci", labels), stat, level, resamples, rng);
    }

    /**
     * The bootstrap distribution: {@code stat} on each of {@code resamples} stratified resamples,
     * in draw order (unsorted).
     *
     * @throws IllegalStateException if the statistic returns NaN on a resample
     */
    public static double[] replicates(double[] scores, boolean[] isMember, ScoreStatistic stat,
            int resamples, Rng rng) {
        checkArguments(scores, isMember, stat, resamples, rng);
        int n = scores.length;
        int p = 0;
        for (boolean b : isMember) {
            if (b) {
                p++;
            }
        }
        // Each class's scores sorted once; a resample is a multiset of them, drawn as multiplicities
        // and written out in sorted order (O(n) per resample, and sorting the resample again, as a
        // ROC does, meets an already sorted run). Each value is still a uniform draw from its class.
        double[] members = new double[p];
        double[] nonMembers = new double[n - p];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (isMember[i]) {
                members[a++] = scores[i];
            } else {
                nonMembers[b++] = scores[i];
            }
        }
        Arrays.sort(members);
        Arrays.sort(nonMembers);
        int[] memberCounts = new int[p];
        int[] nonMemberCounts = new int[n - p];
        // resample layout: members first, then non-members; labels never change
        boolean[] labels = new boolean[n];
        Arrays.fill(labels, 0, p, true);
        double[] sample = new double[n];
        boolean[] labelScratch = new boolean[n];
        double[] reps = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            draw(members, memberCounts, sample, 0, rng);
            draw(nonMembers, nonMemberCounts, sample, p, rng);
            System.arraycopy(labels, 0, labelScratch, 0, n); // a statistic that writes can't leak
            double v = stat.compute(sample, labelScratch);
            if (Double.isNaN(v)) {
                throw new IllegalStateException("Bootstrap: the statistic is NaN on resample " + r
                        + " of " + resamples);
            }
            reps[r] = v;
        }
        return reps;
    }

    private static void checkArguments(double[] scores, boolean[] isMember, ScoreStatistic stat,
            int resamples, Rng rng) {
        MetricChecks.checkScoresLabels("Bootstrap", scores, isMember);
        if (resamples < 2) {
            throw new IllegalArgumentException("resamples must be >= 2. Provided value: " + resamples);
        }
        if (stat == null || rng == null) {
            throw new IllegalArgumentException("Bootstrap: stat and rng must not be null");
        }
    }

    /**
     * Draws {@code source.length} values with replacement from {@code source} and writes them,
     * in the order of {@code source}, into {@code out} from {@code offset}.
     */
    private static void draw(double[] source, int[] counts, double[] out, int offset, Rng rng) {
        int m = source.length;
        Arrays.fill(counts, 0);
        for (int i = 0; i < m; i++) {
            counts[rng.nextInt(m)]++;
        }
        int o = offset;
        for (int i = 0; i < m; i++) {
            for (int c = counts[i]; c > 0; c--) {
                out[o++] = source[i];
            }
        }
    }

    /**
     * Linearly interpolated quantile (type 7) of ascending {@code sorted} values.
     *
     * @param q in [0, 1]
     */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of an empty array");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1]. Provided value: " + q);
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double f = h - lo;
        if (f == 0 || sorted[lo] == sorted[hi]) {
            return sorted[lo]; // also avoids inf - inf
        }
        return sorted[lo] + f * (sorted[hi] - sorted[lo]);
    }
}

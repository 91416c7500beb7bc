package org.privet.dp.aggregate;

import java.util.Arrays;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * Differentially private quantiles of values clamped to {@code [lower, upper]} over one partition, by a
 * hierarchical quantile tree with noisy counts (Google DP's {@code BoundedQuantiles} / {@code QuantileTree};
 * Cormode et al. 2019 "Answering range queries under local differential privacy", Section 4, for the tree).
 *
 * <p>The range {@code [lower, upper]} is cut into {@code b^h} equal-width leaves ({@code b} = branching factor,
 * {@code h} = tree height; default 16 and 4, 65,536 leaves). Each value increments the count of its leaf and of
 * every ancestor on {@code h} levels (the root is not stored). At release every node count gets independent noise
 * from the chosen {@link NoiseKind} calibrated to {@code Sensitivity(l0 = h * maxPartitionsContributed, lInf =
 * maxContributionsPerPartition)}: a privacy unit changes at most {@code Linf} counts per level, by at most
 * {@code Linf} in L1, in each of {@code h} levels and {@code L0} partitions (Google's calibration). The
 * quantile of rank {@code r} walks down from the root: at each node the noisy child counts (negative ones set to
 * 0) are scanned until their running sum reaches {@code r} times their total, and {@code r} is rescaled to the rank
 * inside that child; in the leaf the result is interpolated linearly. A node whose children all have noisy count 0
 * is treated as uniform over its range.
 *
 * <p>Release: the first {@link #computeResult(double)} freezes the tree (no more entries); any number of ranks may
 * then be queried, since every answer is post-processing of the same noisy tree (each node's noise is drawn once,
 * lazily on first visit, and cached; drawing it lazily has the same distribution as drawing all of it up front).
 * The whole set of answers is {@link #budget()}-DP with respect to adding or removing one privacy unit whose
 * contributions the caller bounded as for {@link Count}. Results are monotone in the rank and lie in {@code [lower,
 * upper]}. Empty data is not refused (refusing would itself reveal emptiness): the result is then noise. Memory:
 * {@code 8 (b^h + ... + b)} bytes of counts plus as much again for the noisy cache once released. Not thread-safe.
 */
public final class BoundedQuantiles {
    /** Default tree height (Google's). */
    public static final int DEFAULT_TREE_HEIGHT = 4;
    /** Default branching factor (Google's). */
    public static final int DEFAULT_BRANCHING_FACTOR = 16;

    private final double lower;
    private final double upper;
    private final int height;
    private final int branching;
    private final int leaves;
    /** counts[l][i]: level l+1 (1 = children of the root, h = leaves). */
    private final long[][] counts;
    private double[][] noisy;
    private final NoiseMechanism mechanism;
    private final Release release = new Release("BoundedQuantiles");

    private BoundedQuantiles(double lower, double upper, int height, int branching, NoiseMechanism mechanism) {
        this.lower = lower;
        this.upper = upper;
        this.height = height;
        this.branching = branching;
        this.mechanism = mechanism;
        this.counts = new long[height][];
        int size = 1;
        for (int l = 0; l < height; l++) {
            size *= branching;
            counts[l] = new long[size];
        }
        this.leaves = size;
    }

    /** Tests only: a tree with a given per-node mechanism (e.g. a deliberately mis-calibrated one). */
    static BoundedQuantiles withMechanism(double lower, double upper, int height, int branching, NoiseMechanism m) {
        return new BoundedQuantiles(lower, upper, height, branching, m);
    }

    /** A builder; set epsilon, lower and upper. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds one value, clamped to {@code [lower, upper]}.
     *
     * @throws IllegalArgumentException if the value is NaN
     * @throws IllegalStateException after the first result
     */
    public void addEntry(double value) {
        release.checkOpen();
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("BoundedQuantiles: value must not be NaN");
        }
        int idx = leafIndex(value);
        for (int l = height - 1; l >= 0; l--) {
            counts[l][idx]++;
            idx /= branching;
        }
    }

    int leafIndex(double value) {
        double c = Math.min(upper, Math.max(lower, value));
        int idx = (int) Math.floor((c - lower) / (upper - lower) * leaves);
        return Math.min(leaves - 1, Math.max(0, idx));
    }

    /**
     * The noisy quantile of the given rank. The first call releases (freezes) the tree; later calls are free
     * post-processing of it.
     *
     * @param rank in {@code [0, 1]} (0.5 = median)
     * @return a value in {@code [lower, upper]}
     * @throws IllegalArgumentException if the rank is outside {@code [0, 1]} or NaN (checked before any noise)
     */
    public double computeResult(double rank) {
        checkRank(rank);
        if (noisy == null) {
            release.release();
            noisy = new double[height][];
            for (int l = 0; l < height; l++) {
                noisy[l] = new double[counts[l].length];
                Arrays.fill(noisy[l], Double.NaN);
            }
        }
        double r = rank;
        int node = 0; // index of the current node within its level (the root is level 0, index 0)
        double lo = lower;
        double width = upper - lower;
        for (int l = 0; l < height; l++) {
            int first = node * branching;
            double total = 0;
            for (int c = 0; c < branching; c++) {
                total += noisyCount(l, first + c);
            }
            width /= branching;
            int chosen;
            if (total <= 0) {
                // no mass below this node: uniform over its range
                chosen = Math.min(branching - 1, (int) Math.floor(r * branching));
                r = r * branching - chosen;
            } else {
                double target = r * total;
                chosen = -1;
                int lastPositive = 0;
                for (int c = 0; c < branching; c++) {
                    double n = noisyCount(l, first + c);
                    if (n <= 0) {
                        continue;
                    }
                    lastPositive = c;
                    if (target <= n) {
                        chosen = c;
                        r = target / n;
                        break;
                    }
                    target -= n;
                }
                if (chosen < 0) { // floating-point rounding left a sliver past the last child
                    chosen = lastPositive;
                    r = 1.0;
                }
            }
            r = Math.min(1.0, Math.max(0.0, r));
            node = first + chosen;
            lo += chosen * width;
        }
        return Math.min(upper, Math.max(lower, lo + r * width));
    }

    /** Several quantiles of one noisy tree (post-processing of a single release). */
    public double[] computeResults(double... ranks) {
        for (double r : ranks) {
            checkRank(r);
        }
        double[] out = new double[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            out[i] = computeResult(ranks[i]);
        }
        return out;
    }

    private static void checkRank(double rank) {
        if (!(rank >= 0 && rank <= 1)) {
            throw new IllegalArgumentException("quantile rank must be in [0, 1]. Provided value: " + rank);
        }
    }

    private double noisyCount(int level, int i) {
        double v = noisy[level][i];
        if (Double.isNaN(v)) {
            v = Math.max(0.0, mechanism.addNoise((double) counts[level][i]));
            noisy[level][i] = v;
            counts[level][i] = 0; // the raw count is no longer needed
        }
        return v;
    }

    /** The per-node noise mechanism (its sensitivity is {@code (h L0, Linf)}). */
    public NoiseMechanism mechanism() {
        return mechanism;
    }

    /** The guarantee of the whole set of quantiles. */
    public PrivacyBudget budget() {
        return mechanism.budget();
    }

    /** The tree height. */
    public int treeHeight() {
        return height;
    }

    /** The branching factor. */
    public int branchingFactor() {
        return branching;
    }

    /** Builder for {@link BoundedQuantiles}. */
    public static final class Builder extends BoundedAggregationBuilder<Builder> {
        private int treeHeight = DEFAULT_TREE_HEIGHT;
        private int branchingFactor = DEFAULT_BRANCHING_FACTOR;

        private Builder() {
        }

        /** Tree height {@code h >= 1} (default 4); {@code b^h <= 2^24}. */
        public Builder treeHeight(int h) {
            this.treeHeight = h;
            return this;
        }

        /** Branching factor {@code b >= 2} (default 16); {@code b^h <= 2^24}. */
        public Builder branchingFactor(int b) {
            this.branchingFactor = b;
            return this;
        }

        /** Validates every parameter and builds the tree. */
        public BoundedQuantiles build() {
            PrivacyBudget b = validatedBudget();
            checkValueBounds(lower, upper);
            if (!(lower < upper)) {
                throw new IllegalArgumentException("BoundedQuantiles: lower must be < upper. Provided values: lower=" + lower
                        + ", upper=" + upper);
            }
            if (!Double.isFinite(upper - lower)) {
                throw new IllegalArgumentException("BoundedQuantiles: upper - lower must be finite. Provided values: lower="
                        + lower + ", upper=" + upper);
            }
            checkTree(treeHeight, branchingFactor);
            Sensitivity s = sensitivity(treeHeight, maxPartitionsContributed, maxContributionsPerPartition);
            return new BoundedQuantiles(lower, upper, treeHeight, branchingFactor, noise.mechanism(b, s, randomOrDefault()));
        }
    }

    static void checkTree(int h, int b) {
        if (h < 1) {
            throw new IllegalArgumentException("tree height must be >= 1. Provided value: " + h);
        }
        if (b < 2) {
            throw new IllegalArgumentException("branching factor must be >= 2. Provided value: " + b);
        }
        if (h * (Math.log(b) / Math.log(2)) > 24 + 1e-9) {
            throw new IllegalArgumentException("branching factor ^ tree height must be <= 2^24 leaves. Provided values: "
                    + "branching factor=" + b + ", tree height=" + h);
        }
    }

    static Sensitivity sensitivity(int h, int l0, int lInf) {
        long l0Tree = (long) h * l0;
        if (l0Tree > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tree height * maxPartitionsContributed must fit in an int. Provided values: "
                    + h + " * " + l0);
        }
        return new Sensitivity((int) l0Tree, lInf);
    }
}

package org.privet.core.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * CART classification tree on numeric features (Breiman et al. 1984), with its structure open to
 * white-box attacks.
 *
 * <p><b>Decision rule.</b> An internal node {@code v} sends an input {@code x} to
 * {@link #left(int) left(v)} when {@code x[feature(v)] <= threshold(v)} and to the right
 * otherwise (so NaN features go right). Thresholds are float32 values strictly below the next
 * distinct training value and at or above the previous one: the midpoint of adjacent distinct
 * values, rounded into that half-open interval.
 *
 * <p><b>Structure.</b> Nodes are numbered {@code 0..nodeCount()-1} in breadth-first order, the
 * root is 0 and children have larger ids than their parent. Each node keeps the per-class counts
 * of the training samples that reached it ({@link #classCounts(int)}, summing to
 * {@link #samples(int)}); an internal node's counts are the sum of its children's. This is what
 * path-finding extraction (Tramer et al. 2016) and Fredrikson et al.'s white-box tree inversion use:
 * leaf identities ({@link #apply}, {@link #decisionPath}) and the counts at each node.
 *
 * <p><b>Probabilities.</b> {@code P(k | x) = (n_k + alpha) / (n + alpha C)} over the leaf reached,
 * with Laplace smoothing {@code alpha >= 0} ({@code alpha = 0}: raw leaf frequencies).
 *
 * <p><b>Training.</b> Greedy top-down: at each node every candidate feature's values are sorted
 * once and all midpoints scanned with running class counts, the split minimising the weighted
 * child impurity (Gini or entropy) is taken, ties going to the lower feature index and then the
 * lower threshold. A split is made even when it does not lower the impurity (so XOR-like data can
 * be fitted), provided the node is impure, is shallower than {@code maxDepth}, has at least
 * {@code minSamplesSplit} samples, and both children keep at least {@code minSamplesLeaf}. With
 * {@code maxFeatures < d}, each node draws its candidate features without replacement from the
 * given {@link Rng}. Cost {@code O(F n log n)} per tree level for {@code F} candidate features.
 *
 * <p>Immutable after construction; safe to use from several threads.
 */
public final class DecisionTree implements ProbabilisticClassifier {
    /** Value of {@link #feature(int)} and the child accessors at a leaf. */
    public static final int LEAF = -1;

    private final int numFeatures;
    private final int numClasses;
    private final int[] feature;
    private final float[] threshold;
    private final int[] left;
    private final int[] right;
    private final int[] counts;
    private final int[] samples;
    private final int[] depth;
    private final double alpha;
    private final int maxDepthReached;

    /** Split quality measure. */
    public enum Criterion {
        /** Gini impurity {@code 1 - sum p_k^2}. */
        GINI,
        /** Shannon entropy {@code -sum p_k ln p_k} (nats). */
        ENTROPY
    }

    /**
     * Training settings.
     *
     * @param criterion impurity measure
     * @param maxDepth maximum depth, {@code >= 0} (the root has depth 0; 0 gives a single leaf);
     *     use {@link Integer#MAX_VALUE} for no limit
     * @param minSamplesSplit a node with fewer samples becomes a leaf, {@code >= 2}
     * @param minSamplesLeaf each child of a split keeps at least this many samples, {@code >= 1}
     * @param maxFeatures candidate features per node, {@code >= 1}, or {@code 0} for all
     * @param laplace Laplace smoothing {@code alpha >= 0} for the leaf probabilities
     */
    public record Options(Criterion criterion, int maxDepth, int minSamplesSplit, int minSamplesLeaf,
            int maxFeatures, double laplace) {
        public Options {
            if (criterion == null) {
                throw new IllegalArgumentException("criterion must not be null");
            }
            if (maxDepth < 0) {
                throw new IllegalArgumentException("maxDepth must be >= 0. Provided value: " + maxDepth);
            }
            if (minSamplesSplit < 2) {
                throw new IllegalArgumentException("minSamplesSplit must be >= 2. Provided value: " + minSamplesSplit);
            }
            if (minSamplesLeaf < 1) {
                throw new IllegalArgumentException("minSamplesLeaf must be >= 1. Provided value: " + minSamplesLeaf);
            }
            if (maxFeatures < 0) {
                throw new IllegalArgumentException("maxFeatures must be >= 1, or 0 for all. Provided value: "
                        + maxFeatures);
            }
            checkLaplace(laplace);
        }

        /** Gini, unlimited depth, minSamplesSplit 2, minSamplesLeaf 1, all features, no smoothing. */
        public static Options defaults() {
            return new Options(Criterion.GINI, Integer.MAX_VALUE, 2, 1, 0, 0.0);
        }

        public Options withCriterion(Criterion value) {
            return new Options(value, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, laplace);
        }

        public Options withMaxDepth(int value) {
            return new Options(criterion, value, minSamplesSplit, minSamplesLeaf, maxFeatures, laplace);
        }

        public Options withMinSamplesSplit(int value) {
            return new Options(criterion, maxDepth, value, minSamplesLeaf, maxFeatures, laplace);
        }

        public Options withMinSamplesLeaf(int value) {
            return new Options(criterion, maxDepth, minSamplesSplit, value, maxFeatures, laplace);
        }

        public Options withMaxFeatures(int value) {
            return new Options(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, value, laplace);
        }

        public Options withLaplace(double value) {
            return new Options(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, value);
        }
    }

    /**
     * A read-only view of one node.
     *
     * @param id node id
     * @param feature split feature, or {@link #LEAF}
     * @param threshold split threshold (NaN at a leaf)
     * @param left left child id, or {@link #LEAF}
     * @param right right child id, or {@link #LEAF}
     * @param classCounts training samples of each class reaching the node (a copy)
     * @param samples training samples reaching the node
     * @param depth distance from the root
     */
    public record Node(int id, int feature, float threshold, int left, int right, int[] classCounts, int samples,
            int depth) {
        public boolean isLeaf() {
            return feature == LEAF;
        }
    }

    /**
     * Builds a tree from its arrays (for model files and hand-made trees); arrays are copied.
     *
     * @param numFeatures input dimension {@code d >= 1}
     * @param numClasses {@code C >= 2}
     * @param feature per node: split feature in {@code [0, d)}, or {@link #LEAF}
     * @param threshold per node: finite split threshold (ignored, stored as NaN, at leaves)
     * @param left per node: left child id, {@link #LEAF} exactly at leaves
     * @param right per node: right child id, {@link #LEAF} exactly at leaves
     * @param classCounts {@code nodes * C} non-negative counts, row-major by node; an internal
     *     node's row must equal the sum of its children's rows
     * @param laplace smoothing {@code alpha >= 0}
     * @throws IllegalArgumentException naming the node and the rule when the arrays do not form a
     *     tree rooted at 0 in which every node is reached exactly once, with children after parents
     */
    public static DecisionTree of(int numFeatures, int numClasses, int[] feature, float[] threshold, int[] left,
            int[] right, int[] classCounts, double laplace) {
        return new DecisionTree(numFeatures, numClasses, feature.clone(), threshold.clone(), left.clone(),
                right.clone(), classCounts.clone(), laplace);
    }

    private DecisionTree(int numFeatures, int numClasses, int[] feature, float[] threshold, int[] left,
            int[] right, int[] counts, double laplace) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("numFeatures must be >= 1. Provided value: " + numFeatures);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2. Provided value: " + numClasses);
        }
        checkLaplace(laplace);
        int n = feature.length;
        if (n < 1) {
            throw new IllegalArgumentException("a tree needs at least one node. Provided: 0 nodes");
        }
        if (threshold.length != n || left.length != n || right.length != n) {
            throw new IllegalArgumentException("node arrays must all have length " + n + " (feature). Provided: threshold "
                    + threshold.length + ", left " + left.length + ", right " + right.length);
        }
        if (counts.length != (long) n * numClasses) {
            throw new IllegalArgumentException("classCounts must have length nodes * classes = " + n + " * "
                    + numClasses + ". Provided length: " + counts.length);
        }
        this.numFeatures = numFeatures;
        this.numClasses = numClasses;
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.counts = counts;
        this.alpha = laplace;
        this.samples = new int[n];
        this.depth = new int[n];
        int[] parents = new int[n];
        Arrays.fill(parents, -1);
        int deepest = 0;
        for (int v = 0; v < n; v++) {
            long total = 0;
            for (int k = 0; k < numClasses; k++) {
                int cnt = counts[v * numClasses + k];
                if (cnt < 0) {
                    throw new IllegalArgumentException("node " + v + ": class count " + k + " must be >= 0. Provided value: "
                            + cnt);
                }
                total += cnt;
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("node " + v + ": total count " + total + " exceeds " + Integer.MAX_VALUE);
            }
            samples[v] = (int) total;
            if (feature[v] == LEAF) {
                if (left[v] != LEAF || right[v] != LEAF) {
                    throw new IllegalArgumentException("node " + v + " is a leaf (feature -1) but has children "
                            + left[v] + ", " + right[v]);
                }
                threshold[v] = Float.NaN;
                continue;
            }
            if (feature[v] < 0 || feature[v] >= numFeatures) {
                throw new IllegalArgumentException("node " + v + ": feature must be in [0, " + numFeatures
                        + ") or -1 for a leaf. Provided value: " + feature[v]);
            }
            if (!Float.isFinite(threshold[v])) {
                throw new IllegalArgumentException("node " + v + ": threshold must be finite. Provided value: "
                        + threshold[v]);
            }
            for (int child : new int[] {left[v], right[v]}) {
                if (child <= v || child >= n) {
                    throw new IllegalArgumentException("node " + v + ": child id must be in (" + v + ", " + n
                            + "). Provided value: " + child);
                }
                if (parents[child] != -1) {
                    throw new IllegalArgumentException("node " + child + " has two parents: " + parents[child]
                            + " and " + v);
                }
                parents[child] = v;
            }
        }
        for (int v = 1; v < n; v++) {
            if (parents[v] == -1) {
                throw new IllegalArgumentException("node " + v + " is not reachable from the root");
            }
            depth[v] = depth[parents[v]] + 1;
            deepest = Math.max(deepest, depth[v]);
        }
        for (int v = 0; v < n; v++) {
            if (feature[v] != LEAF) {
                for (int k = 0; k < numClasses; k++) {
                    long sum = (long) counts[left[v] * numClasses + k] + counts[right[v] * numClasses + k];
                    if (sum != counts[v * numClasses + k]) {
                        throw new IllegalArgumentException("node " + v + ": class " + k + " count "
                                + counts[v * numClasses + k] + " != left + right = " + sum);
                    }
                }
            }
        }
        this.maxDepthReached = deepest;
    }

    /** Trains with all features as candidates ({@code options.maxFeatures()} must be 0 or {@code >= d}). */
    public static DecisionTree fit(Tensor x, int[] y, int numClasses, Options options) {
        return fit(x, y, numClasses, options, null);
    }

    /**
     * Trains a tree on {@code x} ({@code [n, d]}, finite values) with labels {@code y} in
     * {@code [0, numClasses)}.
     *
     * @param rng source of the per-node feature subsets; required when
     *     {@code 0 < options.maxFeatures() < d}, unused otherwise (may be null)
     * @throws IllegalArgumentException on shape mismatch, a label out of range, a
     *     non-finite feature, or a missing {@code rng}
     */
    public static DecisionTree fit(Tensor x, int[] y, int numClasses, Options options, Rng rng) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2. Provided value: " + numClasses);
        }
        if (x.rank() != 2 || x.dim(0) < 1 || x.dim(1) < 1) {
            throw new IllegalArgumentException("x must have shape [n >= 1, d >= 1]. Provided shape: " + x.shapeString());
        }
        if (y.length != x.dim(0)) {
            throw new IllegalArgumentException("y has " + y.length + " labels but x has " + x.dim(0) + " rows");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException("label y[" + i + "] must be in [0, " + numClasses
                        + "). Provided value: " + y[i]);
            }
        }
        float[] xs = x.data();
        int d = x.dim(1);
        for (int i = 0; i < xs.length; i++) {
            if (!Float.isFinite(xs[i])) {
                throw new IllegalArgumentException("x[" + (i / d) + ", " + (i % d) + "] must be finite. Provided value: "
                        + xs[i]);
            }
        }
        boolean subsample = options.maxFeatures() > 0 && options.maxFeatures() < d;
        if (subsample && rng == null) {
            throw new IllegalArgumentException("maxFeatures = " + options.maxFeatures() + " < d = " + d
                    + " needs an Rng for the feature subsets");
        }
        return new Builder(xs, y, x.dim(0), d, numClasses, options, subsample ? rng : null).build();
    }

    static void checkLaplace(double laplace) {
        if (!(laplace >= 0) || Double.isInfinite(laplace)) {
            throw new IllegalArgumentException("laplace must be >= 0 and finite. Provided value: " + laplace);
        }
    }

    // ---------------------------------------------------------------- structure

    /** Number of nodes (internal and leaves). */
    public int nodeCount() {
        return feature.length;
    }

    /** Number of leaves. */
    public int leafCount() {
        int c = 0;
        for (int f : feature) {
            if (f == LEAF) {
                c++;
            }
        }
        return c;
    }

    /** Depth of the deepest leaf (0 for a single leaf). */
    public int depth() {
        return maxDepthReached;
    }

    /** Input dimension {@code d}. */
    public int numFeatures() {
        return numFeatures;
    }

    /** Laplace smoothing {@code alpha} used by {@link #predictProba}. */
    public double laplace() {
        return alpha;
    }

    public boolean isLeaf(int node) {
        return feature[check(node)] == LEAF;
    }

    /** Split feature of {@code node}, or {@link #LEAF}. */
    public int feature(int node) {
        return feature[check(node)];
    }

    /** Split threshold of {@code node} (NaN at a leaf). */
    public float threshold(int node) {
        return threshold[check(node)];
    }

    /** Left child ({@code x[feature] <= threshold}), or {@link #LEAF}. */
    public int left(int node) {
        return left[check(node)];
    }

    /** Right child, or {@link #LEAF}. */
    public int right(int node) {
        return right[check(node)];
    }

    /** Training samples of each class reaching {@code node} (a copy, length {@link #numClasses()}). */
    public int[] classCounts(int node) {
        int o = check(node) * numClasses;
        return Arrays.copyOfRange(counts, o, o + numClasses);
    }

    /** Training samples reaching {@code node}. */
    public int samples(int node) {
        return samples[check(node)];
    }

    /** Distance of {@code node} from the root. */
    public int depth(int node) {
        return depth[check(node)];
    }

    /** A view of one node. */
    public Node node(int node) {
        check(node);
        return new Node(node, feature[node], threshold[node], left[node], right[node], classCounts(node),
                samples[node], depth[node]);
    }

    /** Copy of the per-node feature array ({@link #LEAF} at leaves). */
    public int[] featureArray() {
        return feature.clone();
    }

    /** Copy of the per-node threshold array (NaN at leaves). */
    public float[] thresholdArray() {
        return threshold.clone();
    }

    /** Copy of the per-node left-child array. */
    public int[] leftArray() {
        return left.clone();
    }

    /** Copy of the per-node right-child array. */
    public int[] rightArray() {
        return right.clone();
    }

    /** Copy of the class counts, {@code nodes * C}, row-major by node. */
    public int[] classCountArray() {
        return counts.clone();
    }

    private int check(int node) {
        if (node < 0 || node >= feature.length) {
            throw new IndexOutOfBoundsException("node " + node + " out of range [0, " + feature.length + ")");
        }
        return node;
    }

    // ---------------------------------------------------------------- prediction

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int[] inputShape() {
        return new int[] {numFeatures};
    }

    /** The leaf id reached by each row of {@code x} ({@code [batch, d]}). */
    public int[] apply(Tensor x) {
        checkInput(x, "apply");
        int n = x.dim(0);
        float[] xs = x.data();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = leafOf(xs, i * numFeatures);
        }
        return out;
    }

    /** Node ids from the root to the leaf for one input of shape {@code [d]} (or {@code [1, d]}). */
    public int[] decisionPath(Tensor x) {
        if (x.size() != numFeatures || (x.rank() != 1 && !(x.rank() == 2 && x.dim(0) == 1))) {
            throw new IllegalArgumentException("decisionPath: x must have shape [" + numFeatures + "] or [1, "
                    + numFeatures + "]. Provided shape: " + x.shapeString());
        }
        float[] xs = x.data();
        int v = 0;
        int[] path = new int[maxDepthReached + 1];
        int len = 0;
        path[len++] = v;
        while (feature[v] != LEAF) {
            v = xs[feature[v]] <= threshold[v] ? left[v] : right[v];
            path[len++] = v;
        }
        return Arrays.copyOf(path, len);
    }

    private int leafOf(float[] xs, int offset) {
        int v = 0;
        while (feature[v] != LEAF) {
            v = xs[offset + feature[v]] <= threshold[v] ? left[v] : right[v];
        }
        return v;
    }

    /** Smoothed class frequencies of the leaf each row reaches, shape {@code [batch, C]}. */
    @Override
    public Tensor predictProba(Tensor x) {
        checkInput(x, "predictProba");
        int n = x.dim(0);
        float[] xs = x.data();
        float[] out = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            int leaf = leafOf(xs, i * numFeatures);
            double denom = samples[leaf] + alpha * numClasses;
            int o = leaf * numClasses;
            for (int k = 0; k < numClasses; k++) {
                // An empty leaf (only in hand-made trees) with alpha = 0 predicts uniformly.
                out[i * numClasses + k] = denom > 0 ? (float) ((counts[o + k] + alpha) / denom) : 1f / numClasses;
            }
        }
        return Tensor.wrap(out, n, numClasses);
    }

    private void checkInput(Tensor x, String op) {
        if (x.rank() != 2 || x.dim(1) != numFeatures) {
            throw new IllegalArgumentException(op + ": x must have shape [batch, " + numFeatures + "]. Provided shape: "
                    + x.shapeString());
        }
    }

    @Override
    public String toString() {
        return "DecisionTree[d=" + numFeatures + ", classes=" + numClasses + ", nodes=" + nodeCount() + ", depth="
                + depth() + "]";
    }

    // ---------------------------------------------------------------- training

    /** Greedy breadth-first CART construction over one shared index array. */
    private static final class Builder {
        private final float[] xs;
        private final int[] y;
        private final int d;
        private final int c;
        private final Options opt;
        private final Rng rng;
        private final int[] index;
        private final long[] keys;
        private final int[] featureOrder;
        private final int[] leftCounts;
        private final int[] rightCounts;

        private int[] feature = new int[16];
        private float[] threshold = new float[16];
        private int[] left = new int[16];
        private int[] right = new int[16];
        private int[] counts;
        private int nodes;

        Builder(float[] xs, int[] y, int n, int d, int c, Options opt, Rng rng) {
            this.xs = xs;
            this.y = y;
            this.d = d;
            this.c = c;
            this.opt = opt;
            this.rng = rng;
            this.index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
            this.keys = new long[n];
            this.featureOrder = new int[d];
            for (int j = 0; j < d; j++) {
                featureOrder[j] = j;
            }
            this.leftCounts = new int[c];
            this.rightCounts = new int[c];
            this.counts = new int[16 * c];
        }

        /** A pending node: its id, its sample range in {@link #index}, and its depth. */
        private record Task(int node, int from, int to, int depth) {
        }

        DecisionTree build() {
            ArrayDeque<Task> queue = new ArrayDeque<>();
            queue.add(new Task(newNode(0, index.length), 0, index.length, 0));
            while (!queue.isEmpty()) {
                Task t = queue.poll();
                split(t, queue);
            }
            return new DecisionTree(d, c, Arrays.copyOf(feature, nodes), Arrays.copyOf(threshold, nodes),
                    Arrays.copyOf(left, nodes), Arrays.copyOf(right, nodes), Arrays.copyOf(counts, nodes * c),
                    opt.laplace());
        }

        private int newNode(int from, int to) {
            if (nodes == feature.length) {
                int cap = nodes * 2;
                feature = Arrays.copyOf(feature, cap);
                threshold = Arrays.copyOf(threshold, cap);
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                counts = Arrays.copyOf(counts, cap * c);
            }
            int v = nodes++;
            feature[v] = LEAF;
            threshold[v] = Float.NaN;
            left[v] = LEAF;
            right[v] = LEAF;
            int o = v * c;
            for (int i = from; i < to; i++) {
                counts[o + y[index[i]]]++;
            }
            return v;
        }

        private void split(Task t, ArrayDeque<Task> queue) {
            int m = t.to() - t.from();
            int v = t.node();
            int nonZero = 0;
            for (int k = 0; k < c; k++) {
                if (counts[v * c + k] > 0) {
                    nonZero++;
                }
            }
            if (nonZero <= 1 || t.depth() >= opt.maxDepth() || m < opt.minSamplesSplit()
                    || m < 2 * opt.minSamplesLeaf()) {
                return;
            }
            int candidates = d;
            if (rng != null) {
                candidates = opt.maxFeatures();
                // Partial Fisher-Yates: the first `candidates` entries become a uniform sample.
                for (int j = 0; j < candidates; j++) {
                    int r = j + rng.nextInt(d - j);
                    int tmp = featureOrder[j];
                    featureOrder[j] = featureOrder[r];
                    featureOrder[r] = tmp;
                }
            }
            int minLeaf = opt.minSamplesLeaf();
            double bestScore = Double.POSITIVE_INFINITY;
            int bestFeature = -1;
            float bestThreshold = Float.NaN;
            int o = v * c;
            for (int fi = 0; fi < candidates; fi++) {
                int f = rng == null ? fi : featureOrder[fi];
                for (int i = 0; i < m; i++) {
                    int s = index[t.from() + i];
                    keys[i] = ((long) sortable(xs[s * d + f]) << 32) | y[s];
                }
                Arrays.sort(keys, 0, m);
                Arrays.fill(leftCounts, 0);
                System.arraycopy(counts, o, rightCounts, 0, c);
                for (int i = 0; i < m - 1; i++) {
                    int label = (int) keys[i];
                    leftCounts[label]++;
                    rightCounts[label]--;
                    int nl = i + 1;
                    int nr = m - nl;
                    if (nl < minLeaf) {
                        continue;
                    }
                    if (nr < minLeaf) {
                        break;
                    }
                    int hiBits = (int) (keys[i] >> 32);
                    int nextBits = (int) (keys[i + 1] >> 32);
                    float a = unsortable(hiBits);
                    float b = unsortable(nextBits);
                    if (!(a < b)) {
                        continue; // equal values (incl. -0.0 and 0.0) cannot be separated
                    }
                    double score = weightedImpurity(leftCounts, nl) + weightedImpurity(rightCounts, nr);
                    if (score < bestScore) {
                        bestScore = score;
                        bestFeature = f;
                        bestThreshold = midpoint(a, b);
                    }
                }
            }
            if (bestFeature < 0) {
                return;
            }
            // Partition index[from, to) into <= threshold | > threshold.
            int lo = t.from();
            int hi = t.to() - 1;
            while (lo <= hi) {
                if (xs[index[lo] * d + bestFeature] <= bestThreshold) {
                    lo++;
                } else {
                    int tmp = index[lo];
                    index[lo] = index[hi];
                    index[hi] = tmp;
                    hi--;
                }
            }
            int mid = lo;
            if (mid - t.from() < minLeaf || t.to() - mid < minLeaf) {
                throw new AssertionError("internal invariant: split of node " + v + " on feature " + bestFeature
                        + " at " + bestThreshold + " gave children of " + (mid - t.from()) + " and " + (t.to() - mid)
                        + " samples");
            }
            feature[v] = bestFeature;
            threshold[v] = bestThreshold;
            int l = newNode(t.from(), mid);
            int r = newNode(mid, t.to());
            left[v] = l;
            right[v] = r;
            queue.add(new Task(l, t.from(), mid, t.depth() + 1));
            queue.add(new Task(r, mid, t.to(), t.depth() + 1));
        }

        /** n * impurity(counts / n), so that left + right is n times the weighted child impurity. */
        private double weightedImpurity(int[] cnt, int n) {
            if (opt.criterion() == Criterion.GINI) {
                long sq = 0;
                for (int k = 0; k < c; k++) {
                    sq += (long) cnt[k] * cnt[k];
                }
                return n - (double) sq / n;
            }
            double h = 0;
            double logN = Math.log(n);
            for (int k = 0; k < c; k++) {
                int ck = cnt[k];
                if (ck > 0) {
                    h -= ck * (Math.log(ck) - logN);
                }
            }
            return h;
        }
    }

    /** Maps a float to an int whose signed order is the float order (no NaN). */
    static int sortable(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    static float unsortable(int s) {
        return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7FFFFFFF));
    }

    /**
     * For finite {@code a < b}: a float t with {@code a <= t < b}, the midpoint rounded to float, or
     * {@code a} when that rounding lands on {@code b} (adjacent floats). The sum is exact in double,
     * and rounding a value of [a, b] to float stays in [a, b].
     */
    static float midpoint(float a, float b) {
        float t = (float) (((double) a + (double) b) / 2.0);
        return t < b ? t : a;
    }
}

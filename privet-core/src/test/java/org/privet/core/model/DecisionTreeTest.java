package org.privet.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class DecisionTreeTest {
    /** The hand-made example of the Gini test: best split x0 <= 3.5 (see there). */
    private static final Tensor HAND_X = Tensor.of(new float[][] {
        {1, 10}, {2, 20}, {3, 10}, {4, 20}, {5, 10}, {6, 20}});
    private static final int[] HAND_Y = {0, 0, 0, 1, 1, 0};

    @Test
    void fitsXorPerfectlyWithDepthTwo() {
        // Corners of the unit square, labelled by XOR, with unequal multiplicities. No single split
        // helps much, so greedy CART must split the root anyway and finish at depth 2.
        int[][] corners = {{0, 0, 0, 3}, {1, 1, 0, 5}, {0, 1, 1, 4}, {1, 0, 1, 2}};
        int n = 0;
        for (int[] c : corners) {
            n += c[3];
        }
        float[] x = new float[2 * n];
        int[] y = new int[n];
        int row = 0;
        for (int[] c : corners) {
            for (int k = 0; k < c[3]; k++) {
                x[2 * row] = c[0];
                x[2 * row + 1] = c[1];
                y[row++] = c[2];
            }
        }
        Tensor xs = Tensor.wrap(x, n, 2);
        DecisionTree t = DecisionTree.fit(xs, y, 2, DecisionTree.Options.defaults().withMaxDepth(2));
        assertThat(t.predict(xs)).containsExactly(y);
        assertThat(t.depth()).isEqualTo(2);
        assertThat(t.leafCount()).isEqualTo(4);
        assertThat(t.threshold(0)).isEqualTo(0.5f);
        // Depth 1 cannot represent XOR.
        DecisionTree stump = DecisionTree.fit(xs, y, 2, DecisionTree.Options.defaults().withMaxDepth(1));
        assertThat(LogisticRegressionTest.accuracy(stump, xs, y)).isLessThan(1.0);
    }

    @Test
    void choosesTheGiniBestSplitOfAHandMadeExample() {
        // Feature 0 thresholds and n * weighted Gini: 1.5 -> 2.4, 2.5 -> 2.0, 3.5 -> 1.333,
        // 4.5 -> 2.5, 5.5 -> 2.4; feature 1 at 15 -> 2.667. Best: feature 0 at 3.5.
        DecisionTree t = DecisionTree.fit(HAND_X, HAND_Y, 2, DecisionTree.Options.defaults().withMaxDepth(1));
        assertThat(t.feature(0)).isEqualTo(0);
        assertThat(t.threshold(0)).isEqualTo(3.5f);
        assertThat(t.classCounts(t.left(0))).containsExactly(3, 0);
        assertThat(t.classCounts(t.right(0))).containsExactly(1, 2);
        assertThat(t.samples(0)).isEqualTo(6);
        assertThat(t.samples(t.right(0))).isEqualTo(3);
        // Entropy agrees here: 3.5 -> 3 * H(1/3) = 1.91 nats beats 2.5 -> 4 ln 2 = 2.77.
        DecisionTree e = DecisionTree.fit(HAND_X, HAND_Y, 2,
                DecisionTree.Options.defaults().withMaxDepth(1).withCriterion(DecisionTree.Criterion.ENTROPY));
        assertThat(e.feature(0)).isEqualTo(0);
        assertThat(e.threshold(0)).isEqualTo(3.5f);
    }

    @Test
    void giniAndEntropyPickTheirOwnOptimum() {
        // Class counts (8, 4, 2). Feature 0 peels off one class-2 sample: n * Gini 6.769 (best for
        // Gini) vs 6.800 for feature 1; feature 1 isolates (2, 0, 2): n * entropy 9.503 nats (best
        // for entropy) vs 11.164 for feature 0.
        float[][] rows = new float[14][];
        int[] y = new int[14];
        int r = 0;
        for (int i = 0; i < 8; i++) {
            rows[r] = new float[] {1, i < 2 ? 0 : 1};
            y[r++] = 0;
        }
        for (int i = 0; i < 4; i++) {
            rows[r] = new float[] {1, 1};
            y[r++] = 1;
        }
        rows[r] = new float[] {0, 0};
        y[r++] = 2;
        rows[r] = new float[] {1, 0};
        y[r] = 2;
        Tensor x = Tensor.of(rows);
        int[] expected = {0, 1};
        for (DecisionTree.Criterion c : DecisionTree.Criterion.values()) {
            DecisionTree t = DecisionTree.fit(x, y, 3, DecisionTree.Options.defaults().withMaxDepth(1).withCriterion(c));
            double[] score = new double[2];
            for (int f = 0; f < 2; f++) {
                int[] left = new int[3];
                int[] right = new int[3];
                for (int i = 0; i < y.length; i++) {
                    (x.get(i, f) <= 0.5f ? left : right)[y[i]]++;
                }
                score[f] = impurity(left, c) + impurity(right, c);
            }
            int best = score[0] < score[1] ? 0 : 1;
            assertThat(best).as("independent recomputation for " + c).isEqualTo(expected[c.ordinal()]);
            assertThat(t.feature(0)).as(c.name()).isEqualTo(best);
            assertThat(t.threshold(0)).isEqualTo(0.5f);
        }
    }

    private static double impurity(int[] counts, DecisionTree.Criterion c) {
        int n = 0;
        for (int v : counts) {
            n += v;
        }
        double out = c == DecisionTree.Criterion.GINI ? n : 0;
        for (int v : counts) {
            double p = v / (double) n;
            if (c == DecisionTree.Criterion.GINI) {
                out -= n * p * p;
            } else if (v > 0) {
                out -= n * p * Math.log(p);
            }
        }
        return out;
    }

    @Test
    void probabilitiesAreLeafFrequenciesWithOptionalLaplace() {
        Tensor q = Tensor.of(new float[][] {{2, 0}, {5, 0}});
        DecisionTree raw = DecisionTree.fit(HAND_X, HAND_Y, 2, DecisionTree.Options.defaults().withMaxDepth(1));
        Tensor p = raw.predictProba(q);
        assertThat(p.data()).containsExactly(new float[] {1, 0, 1 / 3f, 2 / 3f}, org.assertj.core.data.Offset.offset(1e-7f));
        DecisionTree smooth = DecisionTree.fit(HAND_X, HAND_Y, 2,
                DecisionTree.Options.defaults().withMaxDepth(1).withLaplace(1));
        // (n_k + 1) / (n + 2): left (3,0) -> (4/5, 1/5); right (1,2) -> (2/5, 3/5).
        assertThat(smooth.predictProba(q).data())
                .containsExactly(new float[] {0.8f, 0.2f, 0.4f, 0.6f}, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void respectsDepthAndSampleLimitsOnNoisyData() {
        // Random labels force a deep tree when unconstrained.
        Rng rng = Rng.of(99);
        int n = 400;
        Tensor x = Tensor.randn(rng.child("x"), 1f, n, 3);
        int[] y = new int[n];
        Rng ry = rng.child("y");
        for (int i = 0; i < n; i++) {
            y[i] = ry.nextInt(3);
        }
        DecisionTree full = DecisionTree.fit(x, y, 3, DecisionTree.Options.defaults());
        assertThat(LogisticRegressionTest.accuracy(full, x, y)).as("distinct inputs are fitted exactly").isEqualTo(1.0);
        assertThat(full.depth()).isGreaterThan(5);
        checkStructure(full);
        for (int maxDepth : new int[] {0, 1, 3, 5}) {
            DecisionTree t = DecisionTree.fit(x, y, 3, DecisionTree.Options.defaults().withMaxDepth(maxDepth));
            assertThat(t.depth()).isLessThanOrEqualTo(maxDepth);
            assertThat(t.nodeCount()).isLessThanOrEqualTo((1 << (maxDepth + 1)) - 1);
            checkStructure(t);
        }
        DecisionTree leafy = DecisionTree.fit(x, y, 3, DecisionTree.Options.defaults().withMinSamplesLeaf(20));
        DecisionTree split = DecisionTree.fit(x, y, 3, DecisionTree.Options.defaults().withMinSamplesSplit(50));
        for (int v = 0; v < leafy.nodeCount(); v++) {
            assertThat(leafy.samples(v)).isGreaterThanOrEqualTo(20);
        }
        for (int v = 0; v < split.nodeCount(); v++) {
            if (!split.isLeaf(v)) {
                assertThat(split.samples(v)).isGreaterThanOrEqualTo(50);
            }
        }
        checkStructure(leafy);
        checkStructure(split);
    }

    /** Counts add up, children follow parents, thresholds separate the training rows reaching each node. */
    private static void checkStructure(DecisionTree t) {
        for (int v = 0; v < t.nodeCount(); v++) {
            DecisionTree.Node node = t.node(v);
            int sum = 0;
            for (int c : node.classCounts()) {
                sum += c;
            }
            assertThat(sum).isEqualTo(node.samples());
            if (!node.isLeaf()) {
                assertThat(node.left()).isGreaterThan(v);
                assertThat(node.right()).isGreaterThan(v);
                assertThat(t.samples(node.left()) + t.samples(node.right())).isEqualTo(node.samples());
                assertThat(t.depth(node.left())).isEqualTo(node.depth() + 1);
            }
        }
    }

    @Test
    void exposesLeavesAndPathsForWhiteBoxAttacks() {
        DecisionTree t = DecisionTree.fit(HAND_X, HAND_Y, 2, DecisionTree.Options.defaults());
        int[] leaves = t.apply(HAND_X);
        for (int i = 0; i < HAND_Y.length; i++) {
            int[] path = t.decisionPath(HAND_X.row(i));
            assertThat(path[0]).isEqualTo(0);
            assertThat(path[path.length - 1]).isEqualTo(leaves[i]);
            assertThat(t.isLeaf(leaves[i])).isTrue();
            for (int s = 0; s + 1 < path.length; s++) {
                int v = path[s];
                boolean goesLeft = HAND_X.get(i, t.feature(v)) <= t.threshold(v);
                assertThat(path[s + 1]).isEqualTo(goesLeft ? t.left(v) : t.right(v));
            }
            assertThat(t.classCounts(leaves[i])[HAND_Y[i]]).isPositive();
        }
        int total = 0;
        for (int v = 0; v < t.nodeCount(); v++) {
            if (t.isLeaf(v)) {
                total += t.samples(v);
                assertThat(t.feature(v)).isEqualTo(DecisionTree.LEAF);
                assertThat(t.left(v)).isEqualTo(DecisionTree.LEAF);
            }
        }
        assertThat(total).isEqualTo(HAND_Y.length);
    }

    @Test
    void maxFeaturesIsSeededAndDeterministic() {
        Rng rng = Rng.of(4);
        Tensor x = Tensor.randn(rng.child("x"), 1f, 200, 6);
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = x.get(i, 2) + x.get(i, 4) > 0 ? 1 : 0;
        }
        DecisionTree.Options o = DecisionTree.Options.defaults().withMaxFeatures(2).withMaxDepth(4);
        DecisionTree a = DecisionTree.fit(x, y, 2, o, Rng.of(1));
        DecisionTree b = DecisionTree.fit(x, y, 2, o, Rng.of(1));
        assertThat(a.featureArray()).containsExactly(b.featureArray());
        assertThat(a.thresholdArray()).containsExactly(b.thresholdArray());
        // Over seeds the root feature varies (a uniform 2-of-6 subset misses features 2 and 4 with
        // probability 6/15 per seed); over 10 seeds seeing one root feature only has probability < 1e-3.
        java.util.Set<Integer> roots = new java.util.HashSet<>();
        for (int s = 0; s < 10; s++) {
            roots.add(DecisionTree.fit(x, y, 2, o, Rng.of(100 + s)).feature(0));
        }
        assertThat(roots.size()).isGreaterThan(1);
        assertThatThrownBy(() -> DecisionTree.fit(x, y, 2, o))
                .hasMessage("maxFeatures = 2 < d = 6 needs an Rng for the feature subsets");
    }

    @Test
    void thresholdsSeparateAdjacentFloats() {
        float a = 1f;
        float b = Math.nextUp(a);
        float t = DecisionTree.midpoint(a, b);
        assertThat(a <= t && t < b).isTrue();
        Tensor x = Tensor.of(new float[] {a, b}, 2, 1);
        DecisionTree tree = DecisionTree.fit(x, new int[] {0, 1}, 2, DecisionTree.Options.defaults());
        assertThat(tree.predict(x)).containsExactly(0, 1);
        assertThat(DecisionTree.midpoint(-3f, 5f)).isEqualTo(1f);
        assertThat(DecisionTree.unsortable(DecisionTree.sortable(-2.5f))).isEqualTo(-2.5f);
        assertThat(DecisionTree.sortable(-2.5f)).isLessThan(DecisionTree.sortable(-1f));
        assertThat(DecisionTree.sortable(-1f)).isLessThan(DecisionTree.sortable(0f));
        assertThat(DecisionTree.sortable(0f)).isLessThan(DecisionTree.sortable(Float.MIN_VALUE));
    }

    @Test
    void constantFeaturesGiveALeaf() {
        DecisionTree t = DecisionTree.fit(Tensor.ones(4, 2), new int[] {0, 1, 0, 1}, 2, DecisionTree.Options.defaults());
        assertThat(t.nodeCount()).isEqualTo(1);
        assertThat(t.predictProba(Tensor.zeros(1, 2)).data()).containsExactly(0.5f, 0.5f);
    }

    @Test
    void ofValidatesStructure() {
        int[] counts = {2, 1, 2, 0, 0, 1};
        DecisionTree ok = DecisionTree.of(1, 2, new int[] {0, -1, -1}, new float[] {0.5f, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, counts, 0);
        assertThat(ok.predict(Tensor.of(new float[] {0, 1}, 2, 1))).containsExactly(0, 1);
        assertThat(Float.isNaN(ok.threshold(1))).isTrue();
        assertThatThrownBy(() -> DecisionTree.of(1, 2, new int[] {0, -1, -1}, new float[] {0.5f, 0, 0},
                new int[] {1, -1, -1}, new int[] {1, -1, -1}, counts, 0))
                .hasMessage("node 1 has two parents: 0 and 0");
        assertThatThrownBy(() -> DecisionTree.of(1, 2, new int[] {0, -1, -1}, new float[] {0.5f, 0, 0},
                new int[] {0, -1, -1}, new int[] {2, -1, -1}, counts, 0))
                .hasMessage("node 0: child id must be in (0, 3). Provided value: 0");
        assertThatThrownBy(() -> DecisionTree.of(1, 2, new int[] {0, -1, -1}, new float[] {0.5f, 0, 0},
                new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {2, 1, 2, 0, 0, 2}, 0))
                .hasMessage("node 0: class 1 count 1 != left + right = 2");
        assertThatThrownBy(() -> DecisionTree.of(1, 2, new int[] {3, -1, -1}, new float[] {0.5f, 0, 0},
                new int[] {1, -1, -1}, new int[] {2, -1, -1}, counts, 0))
                .hasMessage("node 0: feature must be in [0, 1) or -1 for a leaf. Provided value: 3");
        assertThatThrownBy(() -> DecisionTree.of(1, 2, new int[] {-1, -1}, new float[] {0, 0}, new int[] {-1, -1},
                new int[] {-1, -1}, new int[] {1, 0, 0, 1}, 0))
                .hasMessage("node 1 is not reachable from the root");
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> DecisionTree.Options.defaults().withMinSamplesLeaf(0))
                .hasMessage("minSamplesLeaf must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> DecisionTree.fit(Tensor.zeros(2, 1), new int[] {0, 5}, 2, DecisionTree.Options.defaults()))
                .hasMessage("label y[1] must be in [0, 2). Provided value: 5");
        DecisionTree t = DecisionTree.fit(HAND_X, HAND_Y, 2, DecisionTree.Options.defaults());
        assertThatThrownBy(() -> t.predictProba(Tensor.zeros(1, 3)))
                .hasMessage("predictProba: x must have shape [batch, 2]. Provided shape: [1, 3]");
        assertThatThrownBy(() -> t.node(99)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void probabilitiesSumToOne() {
        Rng rng = Rng.of(8);
        Tensor x = Tensor.randn(rng, 1f, 50, 2);
        int[] y = new int[50];
        for (int i = 0; i < 50; i++) {
            y[i] = i % 3;
        }
        DecisionTree t = DecisionTree.fit(x, y, 3, DecisionTree.Options.defaults().withMaxDepth(3).withLaplace(0.5));
        Tensor p = t.predictProba(Tensor.randn(rng, 2f, 20, 2));
        for (int i = 0; i < 20; i++) {
            assertThat((double) (p.get(i, 0) + p.get(i, 1) + p.get(i, 2))).isCloseTo(1.0, within(1e-6));
        }
    }
}

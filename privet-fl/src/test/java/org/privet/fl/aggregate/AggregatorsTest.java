package org.privet.fl.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every rule on constructed inputs with answers worked out by hand. */
class AggregatorsTest {
    private static final AggregationContext CTX = new AggregationContext(0, new float[2]);

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    private static void close(float[] got, double... want) {
        assertThat(got).hasSize(want.length);
        for (int j = 0; j < want.length; j++) {
            assertThat((double) got[j]).as("coordinate %d", j).isCloseTo(want[j], within(1e-5));
        }
    }

    /** Five honest updates around (1, 1) whose mean is exactly (1, 1), plus one far outlier. */
    private static final float[][] CLUSTER = {{1f, 1f}, {1f, 1.1f}, {1.1f, 1f}, {0.9f, 1f}, {1f, 0.9f}, {100f, -100f}};

    @Test
    void weightedMean() {
        float[][] u = {{1f, 2f}, {3f, 6f}};
        close(new WeightedMean(true).aggregate(u, new double[] {1, 3}, CTX), 2.5, 5);
        close(new WeightedMean(false).aggregate(u, new double[] {1, 3}, CTX), 2, 4);
        assertThatThrownBy(() -> new WeightedMean(true).aggregate(u, new double[] {1, 0}, CTX))
                .hasMessageContaining("weight 1 = 0.0");
    }

    @Test
    void coordinateMedianOddAndEven() {
        close(new CoordinateMedian().aggregate(new float[][] {{1f, 9f}, {5f, 1f}, {3f, 4f}}, ones(3), CTX), 3, 4);
        close(new CoordinateMedian().aggregate(new float[][] {{1f}, {5f}, {3f}, {100f}}, ones(4), CTX), 4);
    }

    @Test
    void trimmedMeanDropsTheExtremes() {
        float[][] u = {{1f}, {2f}, {3f}, {4f}, {100f}};
        close(new TrimmedMean(0.2).aggregate(u, ones(5), CTX), 3); // drop 1 and 100
        close(new TrimmedMean(0).aggregate(u, ones(5), CTX), 22);
        assertThatThrownBy(() -> new TrimmedMean(0.5)).hasMessageContaining("Provided value: 0.5");
    }

    @Test
    void geometricMedianIgnoresAMinorityOutlier() {
        // three copies of (0, 0) against one (100, 100): the weighted geometric median is (0, 0) (weight 3 > 1)
        float[][] u = {{0f, 0f}, {0f, 0f}, {0f, 0f}, {100f, 100f}};
        float[] z = new GeometricMedian(1000, 1e-9, 0).aggregate(u, ones(4), CTX);
        assertThat(Math.hypot(z[0], z[1])).isLessThan(1e-3);
        // collinear 1-D points 0, 1, 10: the median 1
        float[] m = new GeometricMedian(1000, 1e-9, 0).aggregate(new float[][] {{0f}, {1f}, {10f}}, ones(3), CTX);
        assertThat((double) m[0]).isCloseTo(1, within(1e-3));
        // the four corners of a square: the centre
        float[][] sq = {{0f, 0f}, {2f, 0f}, {0f, 2f}, {2f, 2f}};
        close(new GeometricMedian().aggregate(sq, ones(4), CTX), 1, 1);
    }

    @Test
    void krumPicksTheCentralUpdateAndMultiKrumExcludesTheOutlier() {
        close(new Krum(1, 1).aggregate(CLUSTER, ones(6), CTX), 1, 1);
        close(new Krum(1, 5).aggregate(CLUSTER, ones(6), CTX), 1, 1);
        // m = n includes the outlier: plain mean
        close(new Krum(1, 6).aggregate(CLUSTER, ones(6), CTX), (5 + 100) / 6.0, (5 - 100) / 6.0);
        assertThatThrownBy(() -> new Krum(2, 1).aggregate(CLUSTER, ones(6), CTX))
                .hasMessageContaining("more than 2f + 2 = 6").hasMessageContaining("Provided: 6");
    }

    @Test
    void bulyanStaysWithTheHonestCoordinates() {
        // n = 7, f = 1: theta = 5 selected (the outlier never is), beta = 3 values nearest the median per coordinate
        float[][] u = {{1f, 10f}, {2f, 10f}, {3f, 10f}, {4f, 10f}, {5f, 10f}, {6f, 10f}, {1000f, -1000f}};
        float[] r = new Bulyan(1).aggregate(u, ones(7), CTX);
        assertThat((double) r[1]).isCloseTo(10, within(1e-5));
        // Krum picks 3, then 4 (k=3), 2 (k=2; tie with 5, lower pool position), 5 (k=1), 1: selected x = {3,4,2,5,1},
        // median 3, the three closest to it 3, 2, 4: mean 3
        assertThat((double) r[0]).isCloseTo(3, within(1e-6));
        assertThatThrownBy(() -> new Bulyan(2).aggregate(u, ones(7), CTX)).hasMessageContaining("4f + 3 = 11");
    }

    @Test
    void bulyanWithFZeroIsTheMean() {
        float[][] u = {{1f}, {2f}, {6f}};
        close(new Bulyan(0).aggregate(u, ones(3), CTX), 3);
    }

    @Test
    void centredClippingClipsAroundTheCentreAndRemembersIt() {
        CenteredClipping cc = new CenteredClipping(1, 1);
        // from v = 0: (3, 4) clipped to (0.6, 0.8); (0, 0) contributes 0; mean (0.3, 0.4)
        close(cc.aggregate(new float[][] {{3f, 4f}, {0f, 0f}}, ones(2), CTX), 0.3, 0.4);
        // next round starts at (0.3, 0.4); an update equal to it leaves it there
        close(cc.aggregate(new float[][] {{0.3f, 0.4f}}, ones(1), CTX), 0.3, 0.4);
        // a large radius is one step of the plain mean
        close(new CenteredClipping(1e9, 1).aggregate(new float[][] {{3f, 4f}, {1f, 0f}}, ones(2), CTX), 2, 2);
    }

    @Test
    void normClippingScalesLargeUpdatesToTheBound() {
        close(new NormClipping(1).aggregate(new float[][] {{3f, 4f}, {0f, 0.5f}}, ones(2), CTX), 0.3, 0.65);
        close(new NormClipping(1).aggregate(new float[][] {{3f, 4f}, {0f, 0.5f}}, new double[] {3, 1}, CTX),
                (3 * 0.6) / 4, (3 * 0.8 + 0.5) / 4);
    }

    @Test
    void flTrustWeighsByCosineAndRescalesToTheServerNorm() {
        float[] g0 = {1f, 0f};
        FlTrust rule = new FlTrust((global, round) -> g0);
        // (2,0): trust 1, rescaled (1,0); (0,5) and (-1,0): trust 0; (1,1): trust 1/sqrt2, rescaled (1/sqrt2, 1/sqrt2)
        float[][] u = {{2f, 0f}, {0f, 5f}, {-1f, 0f}, {1f, 1f}};
        double t = 1 / Math.sqrt(2);
        close(rule.aggregate(u, ones(4), CTX), (1 + t * t) / (1 + t), (t * t) / (1 + t));
        close(rule.aggregate(new float[][] {{-1f, 0f}}, ones(1), CTX), 0, 0);
        assertThatThrownBy(() -> new FlTrust((g, r) -> new float[3]).aggregate(u, ones(4), CTX))
                .hasMessageContaining("length 3");
    }

    @Test
    void selectionBasedMedianAndTrimmedMeanMatchSorting() {
        // seeded random matrices with many ties (values from a small set), n = 1..13, d = 150 (> one column block)
        org.privet.core.rng.Rng rng = org.privet.core.rng.Rng.of(42);
        for (int n = 1; n <= 13; n++) {
            float[][] u = new float[n][150];
            for (float[] row : u) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = rng.nextInt(7) - 3 + (rng.nextBoolean() ? 0.5f : 0f);
                }
            }
            float[] med = new CoordinateMedian().aggregate(u, ones(n), CTX);
            float[] tm = new TrimmedMean(0.25).aggregate(u, ones(n), CTX);
            int k = (int) Math.floor(0.25 * n);
            for (int j = 0; j < 150; j++) {
                float[] col = new float[n];
                for (int i = 0; i < n; i++) {
                    col[i] = u[i][j];
                }
                java.util.Arrays.sort(col);
                float wantMed = (n & 1) == 1 ? col[n / 2] : (float) (((double) col[n / 2 - 1] + col[n / 2]) / 2);
                assertThat(med[j]).as("median n=%d j=%d", n, j).isEqualTo(wantMed);
                double s = 0;
                for (int i = k; i < n - k; i++) {
                    s += col[i];
                }
                assertThat((double) tm[j]).as("trimmed n=%d j=%d", n, j).isCloseTo(s / (n - 2 * k), within(1e-6));
            }
        }
    }

    @Test
    void simdDistancesMatchScalarOnesAcrossBlockBoundaries() {
        org.privet.core.rng.Rng rng = org.privet.core.rng.Rng.of(7);
        for (int d : new int[] {1, 7, 8, 9, 1023, 1024, 1025, 2050}) {
            float[] a = new float[d];
            float[] b = new float[d];
            double dot = 0;
            double dist = 0;
            for (int j = 0; j < d; j++) {
                a[j] = (float) rng.nextGaussian();
                b[j] = (float) rng.nextGaussian();
                dot += (double) a[j] * b[j];
                dist += ((double) a[j] - b[j]) * ((double) a[j] - b[j]);
            }
            // float lanes over blocks of 1024: relative error well below 1e-4 at these sizes
            assertThat(Vectors.dot(a, b)).as("dot d=%d", d).isCloseTo(dot, within(1e-4 * Math.max(1, Math.abs(dot)) + 1e-4));
            assertThat(Vectors.sqDist(a, b)).as("dist d=%d", d).isCloseTo(dist, within(1e-4 * dist));
        }
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> new CoordinateMedian().aggregate(new float[][] {{1f}, {1f, 2f}}, ones(2), CTX))
                .hasMessageContaining("update 1 has 2");
        assertThatThrownBy(() -> new CoordinateMedian().aggregate(new float[0][], new double[0], CTX))
                .hasMessageContaining("at least one update");
    }
}

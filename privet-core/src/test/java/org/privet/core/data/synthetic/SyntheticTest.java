package org.privet.core.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.core.data.ColumnKind;
import org.privet.core.data.Dataset;
import org.privet.core.rng.Rng;

class SyntheticTest {
    /** Held-out accuracy of a nearest-class-mean classifier trained on the first half. */
    static double nearestMeanAccuracy(Dataset d) {
        int n = d.size();
        int half = n / 2;
        int dim = d.schema().featureCount();
        int k = d.numClasses();
        float[] x = d.features().data();
        double[] mean = new double[k * dim];
        int[] cnt = new int[k];
        for (int i = 0; i < half; i++) {
            int c = d.label(i);
            cnt[c]++;
            for (int t = 0; t < dim; t++) {
                mean[c * dim + t] += x[i * dim + t];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int t = 0; t < dim; t++) {
                mean[c * dim + t] /= Math.max(1, cnt[c]);
            }
        }
        int correct = 0;
        for (int i = half; i < n; i++) {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int t = 0; t < dim; t++) {
                    double diff = x[i * dim + t] - mean[c * dim + t];
                    s += diff * diff;
                }
                if (s < bd) {
                    bd = s;
                    best = c;
                }
            }
            if (best == d.label(i)) {
                correct++;
            }
        }
        return (double) correct / (n - half);
    }

    /** Held-out accuracy of 1-nearest-neighbour with the first half as the reference set. */
    static double oneNearestNeighbourAccuracy(Dataset d) {
        int n = d.size();
        int half = n / 2;
        int dim = d.schema().featureCount();
        float[] x = d.features().data();
        int correct = 0;
        for (int i = half; i < n; i++) {
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < half; j++) {
                double s = 0;
                for (int t = 0; t < dim; t++) {
                    double diff = x[i * dim + t] - x[j * dim + t];
                    s += diff * diff;
                }
                if (s < bd) {
                    bd = s;
                    best = j;
                }
            }
            if (d.label(best) == d.label(i)) {
                correct++;
            }
        }
        return (double) correct / (n - half);
    }

    @Test
    void kMeansRecoversWellSeparatedBlobs() {
        // 3 blobs of 50 points around (0,0), (10,0), (0,10) with unit noise: any error would need a
        // 5-sigma excursion (probability < 1e-5 per point), so the partition must be exact.
        Rng r = Rng.of(1);
        int n = 150;
        float[] x = new float[2 * n];
        float[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        for (int i = 0; i < n; i++) {
            x[2 * i] = centres[i / 50][0] + (float) r.nextGaussian();
            x[2 * i + 1] = centres[i / 50][1] + (float) r.nextGaussian();
        }
        KMeans.Result res = KMeans.fit(x, n, 2, 3, 100, Rng.of(2));
        assertThat(res.converged()).isTrue();
        for (int b = 0; b < 3; b++) {
            int label = res.assignment()[b * 50];
            for (int i = b * 50; i < b * 50 + 50; i++) {
                assertThat(res.assignment()[i]).isEqualTo(label);
            }
        }
        assertThat(res.assignment()[0]).isNotEqualTo(res.assignment()[50]).isNotEqualTo(res.assignment()[100]);
        assertThat(res.assignment()[50]).isNotEqualTo(res.assignment()[100]);
        // inertia is about 2 * 150 (unit variance in 2 dims); 3 wrongly merged blobs would give ~5000
        assertThat(res.inertia()).isBetween(150.0, 600.0);
        KMeans.Result again = KMeans.fit(x, n, 2, 3, 100, Rng.of(2));
        assertThat(again.assignment()).containsExactly(res.assignment());
        assertThatThrownBy(() -> KMeans.fit(x, n, 2, 0, 10, Rng.of(2))).hasMessageContaining("k must be in [1, 150]");
    }

    @Test
    void kMeansOnDuplicatesKeepsEveryClusterNonEmpty() {
        // 6 points with only 2 distinct values and k = 3: empty-cluster handling must still give 3 labels
        float[] x = {0, 0, 0, 1, 1, 1};
        KMeans.Result res = KMeans.fit(x, 6, 1, 3, 20, Rng.of(4));
        assertThat(res.inertia()).isZero();
        assertThat(res.assignment()).containsOnly(0, 1, 2);
    }

    @Test
    void purchaseLikeIsBinarySparseClusteredAndSeeded() {
        Dataset d = PurchaseLike.generate(1500, 100, 10, Rng.of(42));
        assertThat(d.features().shape()).containsExactly(1500, 100);
        assertThat(d.numClasses()).isEqualTo(10);
        float[] x = d.features().data();
        int ones = 0;
        for (float v : x) {
            assertThat(v == 0f || v == 1f).isTrue();
            if (v == 1f) {
                ones++;
            }
        }
        double density = (double) ones / x.length;
        assertThat(density).isBetween(0.03, 0.3);
        // greedy k-means++ seeding avoids clusters of a few outliers: every class has at least a tenth
        // of the average class size (150 records)
        assertThat(java.util.Arrays.stream(d.classCounts()).min().getAsInt()).isGreaterThanOrEqualTo(15);
        // labels are k-means clusters, so the nearest-mean rule reproduces them on held-out records
        assertThat(nearestMeanAccuracy(d)).isGreaterThan(0.8);
        assertThat(PurchaseLike.generate(1500, 100, 10, Rng.of(42)).contentHash()).isEqualTo(d.contentHash());
        assertThat(PurchaseLike.generate(1500, 100, 10, Rng.of(43)).contentHash()).isNotEqualTo(d.contentHash());
    }

    @Test
    void gaussianMixtureSeparationControlsDifficulty() {
        Dataset easy = GaussianMixture.generate(2000, 4, 10, 4.0, Rng.of(5));
        Dataset hard = GaussianMixture.generate(2000, 4, 10, 0.2, Rng.of(5));
        // with means 4 sigma from the origin in random directions, nearest-mean accuracy is ~99%;
        // at 0.2 sigma the classes overlap almost completely (chance is 25%)
        assertThat(nearestMeanAccuracy(easy)).isGreaterThan(0.95);
        assertThat(nearestMeanAccuracy(hard)).isLessThan(0.45);
        assertThat(easy.classCounts()).containsOnly(500);
    }

    @Test
    void gaussianMixtureCategoricalColumnsDependOnTheClass() {
        Dataset d = GaussianMixture.generate(4000, 2, 2, 1.0, 2, 5, Rng.of(9));
        assertThat(d.schema().column("cat1").kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(d.schema().column("cat1").categories()).hasSize(5);
        int[][] hist = new int[2][5];
        float[] x = d.features().data();
        for (int i = 0; i < d.size(); i++) {
            float v = x[i * 4 + 2];
            assertThat(v).isBetween(0f, 4f);
            hist[d.label(i)][(int) v]++;
        }
        // each class's favourite category has probability 0.6 + 0.4/5 = 0.68 (binomial sd < 1%)
        for (int c = 0; c < 2; c++) {
            int max = 0;
            for (int v : hist[c]) {
                max = Math.max(max, v);
            }
            assertThat(max / 2000.0).isBetween(0.63, 0.73);
        }
    }

    @Test
    void syntheticImagesAreInRangeBalancedAndLearnable() {
        Dataset d = SyntheticImages.generate(1000, 10, Rng.of(3));
        assertThat(d.features().shape()).containsExactly(1000, 1, 16, 16);
        assertThat(d.features().min()).isGreaterThanOrEqualTo(0f);
        assertThat(d.features().max()).isLessThanOrEqualTo(1f);
        assertThat(d.classCounts()).containsOnly(100);
        // learnable: even a nearest-mean rule is far above chance (0.1) despite shifts and noise, and
        // 1-nearest-neighbour, which tolerates the shifts better, is nearly perfect
        assertThat(nearestMeanAccuracy(d)).isGreaterThan(0.5);
        assertThat(oneNearestNeighbourAccuracy(d)).isGreaterThan(0.9);
        Dataset big = SyntheticImages.generate(20, 3, 28, 0.0, 3, Rng.of(3));
        assertThat(big.features().shape()).containsExactly(20, 1, 28, 28);
        assertThat(big.classNames()).containsExactly("hbar", "vbar", "diag");
        assertThatThrownBy(() -> SyntheticImages.generate(10, 11, Rng.of(1))).hasMessageContaining("classes in [2, 10]");
    }
}

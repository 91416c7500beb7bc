package org.privet.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Distribution tests (tier c) for the exponential mechanism, report-noisy-max (permute-and-flip) and
 * randomised response: chi-square of selection counts against the exact selection probabilities,
 * alpha = 1e-4 with a majority of three repeats (false failure about 3e-8), and each test must reject
 * the same mechanism run at twice the claimed epsilon.
 */
class SelectionMechanismsTest {

    private static final double ALPHA = 1e-4;
    private static final int N = 60_000;
    private static final double[] UTILITIES = {0.0, 1.0, 2.5, 3.0, -1.25};

    private static boolean fits(long[] counts, double[] probs) {
        long[] samples = new long[N];
        int k = 0;
        for (int i = 0; i < counts.length; i++) {
            for (long c = 0; c < counts[i]; c++) {
                samples[k++] = i;
            }
        }
        return StatisticalTests.chiSquareAccepts(samples, z -> z >= 0 && z < probs.length ? probs[(int) z] : 0, 0,
                probs.length - 1, ALPHA);
    }

    @Test
    void exponentialMechanismMatchesItsProbabilities() {
        double[] expected = ExponentialMechanism.builder().epsilon(1.2).utilitySensitivity(1).insecureSeededForTests(0).build()
                .probabilities(UTILITIES);
        // exp(eps u / 2): independent check of one ratio
        assertThat(expected[3] / expected[0]).isCloseTo(Math.exp(1.2 * 3.0 / 2), within(1e-12));
        for (double used : new double[] {1.2, 2.4}) {
            boolean ok = StatisticalTests.majority(rep -> {
                ExponentialMechanism m = ExponentialMechanism.builder().epsilon(used).utilitySensitivity(1)
                        .insecureSeededForTests(50 + rep).build();
                long[] counts = new long[UTILITIES.length];
                for (int i = 0; i < N; i++) {
                    counts[m.select(UTILITIES)]++;
                }
                return fits(counts, expected);
            });
            assertThat(ok).as("epsilon used %s", used).isEqualTo(used == 1.2);
        }
    }

    /** Exact permute-and-flip probabilities by enumerating all orders. */
    private static double[] permuteAndFlipProbabilities(double[] u, double epsilon) {
        int n = u.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : u) {
            max = Math.max(max, v);
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(epsilon * (u[i] - max) / 2);
        }
        double[] out = new double[n];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int count = 0;
        do {
            double reach = 1;
            for (int idx : perm) {
                out[idx] += reach * p[idx];
                reach *= 1 - p[idx];
            }
            count++;
        } while (nextPermutation(perm));
        for (int i = 0; i < n; i++) {
            out[i] /= count;
        }
        return out;
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    @Test
    void reportNoisyMaxIsPermuteAndFlip() {
        double[] expected = permuteAndFlipProbabilities(UTILITIES, 1.0);
        assertThat(java.util.Arrays.stream(expected).sum()).isCloseTo(1.0, within(1e-12));
        for (double used : new double[] {1.0, 2.0}) {
            boolean ok = StatisticalTests.majority(rep -> {
                ReportNoisyMax m = ReportNoisyMax.insecureSeededForTests(used, 1, 60 + rep);
                long[] counts = new long[UTILITIES.length];
                for (int i = 0; i < N; i++) {
                    counts[m.argmax(UTILITIES)]++;
                }
                return fits(counts, expected);
            });
            assertThat(ok).as("epsilon used %s", used).isEqualTo(used == 1.0);
        }
        // counts overload picks the clear winner almost always at large epsilon
        ReportNoisyMax big = ReportNoisyMax.insecureSeededForTests(50, 1, 3);
        assertThat(big.argmax(new long[] {3, 100, 7})).isEqualTo(1);
    }

    @Test
    void randomizedResponseMatchesItsProbabilities() {
        int k = 4;
        double eps = 1.0;
        double p = Math.exp(eps) / (Math.exp(eps) + k - 1);
        double[] expected = {(1 - p) / 3, (1 - p) / 3, p, (1 - p) / 3};
        assertThat(RandomizedResponse.of(eps, k).truthProbability()).isCloseTo(p, within(1e-15));
        for (double used : new double[] {1.0, 2.0}) {
            boolean ok = StatisticalTests.majority(rep -> {
                RandomizedResponse rr = RandomizedResponse.insecureSeededForTests(used, k, 70 + rep);
                long[] counts = new long[k];
                for (int i = 0; i < N; i++) {
                    counts[rr.respond(2)]++;
                }
                return fits(counts, expected);
            });
            assertThat(ok).as("epsilon used %s", used).isEqualTo(used == 1.0);
        }
    }

    /**
     * Frequency estimation is unbiased: true shares (0.1, 0.2, 0.3, 0.4), 100000 users, epsilon 2.
     * The estimator's sd per category is below 0.005 here; tolerance 0.03 is over 6 sd (false failure
     * < 1e-8).
     */
    @Test
    void randomizedResponseFrequencyEstimates() {
        RandomizedResponse rr = RandomizedResponse.insecureSeededForTests(2.0, 4, 9);
        long[] counts = new long[4];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            int truth = i % 10 < 1 ? 0 : i % 10 < 3 ? 1 : i % 10 < 6 ? 2 : 3;
            counts[rr.respond(truth)]++;
        }
        double[] est = rr.estimateFrequencies(counts);
        assertThat(est[0]).isCloseTo(0.1, within(0.03));
        assertThat(est[1]).isCloseTo(0.2, within(0.03));
        assertThat(est[2]).isCloseTo(0.3, within(0.03));
        assertThat(est[3]).isCloseTo(0.4, within(0.03));
    }
}

package org.privet.dp.pate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The erfc form of q for the discrete noise and Papernot et al.'s smooth-sensitivity analysis on it
 * ({@link GaussianTail}, {@link SmoothSensitivity.ErfcCost}), checked against exact computation and brute force.
 */
class ErfcSmoothSensitivityTest {

    @Test
    void logErfcMatchesHighPrecisionValues() {
        // mpmath, 30 digits: ln erfc(x)
        double[][] ref = {{-1.5, 0.67605450273396056397}, {-0.2, 0.20106364578290632122}, {0, 0},
            {0.3, -0.3984300514400852726}, {1, -1.8496055099332482486}, {2.5, -7.8068152727272643589},
            {2.999, -10.714060245678915583}, {3.001, -10.726667753071744448}, {5, -27.200889545537434422},
            {10, -102.87988902484488857}, {30, -903.97411711064387808}, {300, -90006.276152973059298}};
        for (double[] r : ref) {
            // 1e-13 in ln erfc is a relative error of 1e-13 in erfc, far inside the 1e-9 slack of the tail bound
            assertThat(GaussianTail.logErfc(r[0])).as("x = %s", r[0]).isCloseTo(r[1], within(1e-13 + 1e-15 * Math.abs(r[1])));
        }
        assertThatThrownBy(() -> GaussianTail.logErfc(Double.NaN)).hasMessageContaining("finite");
    }

    /** Exact P(Z1 - Z2 >= g), g = 0..maxGap, for independent N_Z(0, sigma^2), by convolution in double. */
    private static double[] discreteDifferenceTail(double sigma, int maxGap) {
        int r = (int) Math.ceil(40 * sigma) + maxGap;
        double[] p = new double[2 * r + 1];
        double s = 0;
        for (int z = -r; z <= r; z++) {
            p[z + r] = Math.exp(-z * (double) z / (2 * sigma * sigma));
            s += p[z + r];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= s;
        }
        double[] pd = new double[4 * r + 1]; // P(D = d), d = -2r..2r
        for (int a = 0; a < p.length; a++) {
            for (int b = 0; b < p.length; b++) {
                pd[a - b + 2 * r] += p[a] * p[b];
            }
        }
        double[] tail = new double[maxGap + 1];
        double acc = 0;
        for (int d = 2 * r; d >= 0; d--) { // from the far end: no cancellation
            acc += pd[d + 2 * r];
            if (d <= maxGap) {
                tail[d] = acc;
            }
        }
        return tail;
    }

    @Test
    void erfcTailBoundsTheDiscreteNoiseAndTheUnshiftedFormDoesNot() {
        for (double sigma : new double[] {2, 3.5, 7.25}) {
            int maxGap = (int) (10 * sigma);
            double[] exact = discreteDifferenceTail(sigma, maxGap);
            double scale = GaussianTail.logScale(sigma);
            boolean unshiftedFails = false;
            for (int g = 0; g <= maxGap; g++) {
                double bound = Math.exp(GaussianTail.logTail(g, sigma, scale));
                assertThat(exact[g]).as("sigma %s gap %d", sigma, g).isLessThanOrEqualTo(bound);
                // Papernot's continuous-noise form erfc(g / (2 sigma)) / 2 is NOT a bound for the discrete noise
                if (exact[g] > 0.5 * GaussianTail.erfc(g / (2 * sigma))) {
                    unshiftedFails = true;
                }
            }
            assertThat(unshiftedFails).as("sigma %s", sigma).isTrue();
        }
    }

    @Test
    void logQUsesTheErfcFormFromSigmaTwo() {
        int[] votes = {250, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        double expected = Math.log(9) + GaussianTail.logTail(250, 40, GaussianTail.logScale(40));
        assertThat(GnMax.logQ(votes, 40)).isCloseTo(expected, within(1e-12));
        // about 9 times below the sub-Gaussian form at this gap (the polynomial factor of the Gaussian tail)
        double subGaussian = Math.log(9) - 250.0 * 250 / (4 * 1600);
        assertThat(subGaussian - GnMax.logQ(votes, 40)).isBetween(Math.log(5), Math.log(20));
        assertThat(GnMax.logQ(new int[] {20, 0}, 1.5)).isCloseTo(-400 / (4 * 2.25), within(1e-12)); // sigma < 2
    }

    @Test
    void erfcCostIsMonotoneValidAndEqualsTheoremSixWhereItIncreases() {
        SmoothSensitivity.ErfcCost c = SmoothSensitivity.erfcCost(40, 10, 15, 250);
        double independent = 15.0 / 1600;
        double prev = -1;
        for (double logq = -200; logq <= Math.log(0.9); logq += 0.013) {
            double b = c.rdp(logq);
            assertThat(b).isGreaterThanOrEqualTo(prev).isLessThanOrEqualTo(independent);
            // a valid bound: at least Theorem 6 (or the data-independent bound) at some q' >= q
            prev = b;
        }
        double logq = GnMax.logQ(new int[] {230, 10, 5, 5, 0, 0, 0, 0, 0, 0}, 40);
        double theorem6 = GnMax.rdpDataDependent(logq, 40, new double[] {15})[0];
        // the grid point at or above q is at most 1/40 of a vote of gap away: within 1%
        assertThat(c.rdp(logq)).isGreaterThanOrEqualTo(theorem6)
                .isCloseTo(theorem6, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(c.papernotConditionsHold()).isTrue(); // MNIST's setting at order 15: C5, C6 hold (as in the paper)
        assertThatThrownBy(() -> SmoothSensitivity.erfcCost(1.5, 10, 15, 250)).hasMessageContaining("sigma must be >= 2");
        assertThatThrownBy(() -> SmoothSensitivity.erfcCost(40, 1, 15, 250)).hasMessage("classes must be >= 2. Provided value: 1");
    }

    /**
     * Papernot et al.'s Algorithms 4-5 as in their reference code (votes sorted; from the top to the second while q is
     * below q1, from the second to the top while above q0), each distance scored with Algorithm 3 from the same table.
     */
    private static double[] papernotPath(int[] votes0, SmoothSensitivity.ErfcCost c, double sigma) {
        int teachers = Arrays.stream(votes0).sum();
        double lq0 = c.logQ0();
        double lq1 = c.logQ1();
        double logq = GnMax.logQ(votes0, sigma);
        double[] res = new double[teachers + 1];
        Arrays.fill(res, c.papernotAlgorithm3(lq1));
        if (lq1 <= logq && logq <= lq0) {
            return res;
        }
        int[] v = Arrays.stream(votes0).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
        res[0] = c.papernotAlgorithm3(logq);
        int d = 0;
        boolean left = logq > lq0;
        while ((left && logq > lq0 && v[1] > 0) || (!left && logq < lq1)) {
            d++;
            if (left) {
                v[0]++;
                v[1]--;
                for (int i = 1; i < v.length - 1 && v[i] < v[i + 1]; i++) {
                    int t = v[i];
                    v[i] = v[i + 1];
                    v[i + 1] = t;
                }
            } else {
                v[0]--;
                v[1]++;
            }
            logq = GnMax.logQ(v, sigma);
            res[d] = c.papernotAlgorithm3(logq);
        }
        return res;
    }

    @Test
    void smoothSensitivityIsWithinAFewPercentOfPapernotsAlgorithmsWhereC5AndC6Hold() {
        // 400 MNIST-like queries at sigma 40 (also the 10% without consensus, which Confident-GNMax mostly drops):
        // Papernot's path + Algorithm 3 (sound here since C5-C6 hold) against our cell bounds. Ours is larger by the
        // grid step and, for the unconfident queries, by moving every gap by 2d on the lower end (their path moves the
        // top two only); measured SS 0.0247 vs 0.0222 at order 10 (answered queries only: 0.0196 vs 0.0185)
        int[][] votes = PateReleaseFigureTest.mnistLikeVotes(400, 7);
        for (double order : new double[] {10, 20}) {
            SmoothSensitivity.ErfcCost c = SmoothSensitivity.erfcCost(40, 10, order, 250);
            assertThat(c.papernotConditionsHold()).isTrue();
            double[] ours = new double[251];
            double[] paper = new double[251];
            for (int[] v : votes) {
                double[] a = SmoothSensitivity.localSensitivities(v, c);
                double[] b = papernotPath(v, c, 40);
                for (int d = 0; d <= 250; d++) {
                    ours[d] += a[d];
                    paper[d] += b[d];
                }
            }
            double ssOurs = SmoothSensitivity.smooth(ours, 0.49 / order);
            double ssPaper = SmoothSensitivity.smooth(paper, 0.49 / order);
            assertThat(ssOurs).as("order %s", order).isBetween(ssPaper, 1.15 * ssPaper);
        }
    }

    // ---- brute force over all histograms ----

    private record Space(List<int[]> all, Map<String, Integer> index, int[][] neighbours) {
    }

    private static Space space(int classes, int teachers) {
        List<int[]> all = new ArrayList<>();
        enumerate(new int[classes], 0, teachers, all);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            index.put(Arrays.toString(all.get(i)), i);
        }
        int[][] nb = new int[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            int[] h = all.get(i);
            List<Integer> list = new ArrayList<>();
            for (int from = 0; from < classes; from++) {
                for (int to = 0; to < classes; to++) {
                    if (from != to && h[from] > 0) {
                        int[] n = h.clone();
                        n[from]--;
                        n[to]++;
                        list.add(index.get(Arrays.toString(n)));
                    }
                }
            }
            nb[i] = list.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Space(all, index, nb);
    }

    private static void enumerate(int[] h, int pos, int left, List<int[]> out) {
        if (pos == h.length - 1) {
            h[pos] = left;
            out.add(h.clone());
            return;
        }
        for (int v = 0; v <= left; v++) {
            h[pos] = v;
            enumerate(h, pos + 1, left - v, out);
        }
    }

    private static int[] distances(Space s, int start) {
        int[] dist = new int[s.all().size()];
        Arrays.fill(dist, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        dist[start] = 0;
        queue.add(start);
        while (!queue.isEmpty()) {
            int h = queue.poll();
            for (int n : s.neighbours()[h]) {
                if (dist[n] < 0) {
                    dist[n] = dist[h] + 1;
                    queue.add(n);
                }
            }
        }
        return dist;
    }

    /** What the brute force found for one setting and one way of computing LS(d). */
    private record BruteForce(int violations, String first, double worst, double tightestRatio,
            int admissibilityViolations, String firstInadmissible) {
    }

    /**
     * For every histogram of {@code teachers} votes over {@code classes} classes as the start, compares
     * {@code lsOf(start)[d]} with the exact largest change of the cost between any histogram within distance d of
     * the start and any of its neighbours; and checks admissibility, {@code LS_x(d) <= LS_y(d + 1)} for neighbours.
     */
    private static BruteForce bruteForce(int classes, int teachers, double sigma, SmoothSensitivity.ErfcCost cost,
            java.util.function.Function<int[], double[]> lsOf) {
        Space s = space(classes, teachers);
        int n = s.all().size();
        double[] beta = new double[n];
        for (int i = 0; i < n; i++) {
            beta[i] = cost.rdp(GnMax.logQ(s.all().get(i), sigma));
        }
        double[] change = new double[n]; // the true local sensitivity at each histogram
        for (int i = 0; i < n; i++) {
            for (int j : s.neighbours()[i]) {
                change[i] = Math.max(change[i], Math.abs(beta[j] - beta[i]));
            }
        }
        double[][] ls = new double[n][];
        double worst = 0;
        double tightestRatio = 0;
        int violations = 0;
        String first = null;
        for (int start = 0; start < n; start++) {
            ls[start] = lsOf.apply(s.all().get(start));
            int[] dist = distances(s, start);
            double[] truth = new double[teachers + 1];
            for (int h = 0; h < n; h++) {
                for (int e = dist[h]; e <= teachers; e++) {
                    truth[e] = Math.max(truth[e], change[h]);
                }
            }
            for (int d = 0; d <= teachers; d++) {
                if (ls[start][d] < truth[d] - 1e-15) {
                    violations++;
                    if (first == null) {
                        first = "start " + Arrays.toString(s.all().get(start)) + " d " + d + ": LS " + ls[start][d]
                                + " < true " + truth[d];
                    }
                }
                worst = Math.max(worst, truth[d]);
                if (ls[start][d] > 0) {
                    tightestRatio = Math.max(tightestRatio, truth[d] / ls[start][d]);
                }
            }
        }
        int inadmissible = 0;
        String firstInadmissible = null;
        for (int i = 0; i < n; i++) {
            for (int j : s.neighbours()[i]) {
                for (int d = 0; d < teachers; d++) {
                    if (ls[i][d] > ls[j][d + 1]) {
                        inadmissible++;
                        if (firstInadmissible == null) {
                            firstInadmissible = Arrays.toString(s.all().get(i)) + " vs neighbour "
                                    + Arrays.toString(s.all().get(j)) + " at d " + d;
                        }
                    }
                }
            }
        }
        return new BruteForce(violations, first, worst, tightestRatio, inadmissible, firstInadmissible);
    }

    /** (classes, teachers, sigma, order): orders where Theorem 6 applies for most gaps, so the cost varies. */
    private static final double[][] SETTINGS = {{3, 20, 2, 3}, {4, 12, 2, 2.5}, {3, 36, 3, 5}, {5, 9, 2, 2}};

    /** Every returned LS(d), for every starting histogram, bounds the true largest change within distance d. */
    @Test
    void localSensitivitiesBoundTheTrueChangeAtEveryDistanceAndAreSmooth() {
        for (double[] st : SETTINGS) {
            int classes = (int) st[0];
            int teachers = (int) st[1];
            double sigma = st[2];
            double order = st[3];
            SmoothSensitivity.ErfcCost cost = SmoothSensitivity.erfcCost(sigma, classes, order, teachers);
            BruteForce r = bruteForce(classes, teachers, sigma, cost, v -> SmoothSensitivity.localSensitivities(v, cost));
            assertThat(r.violations()).as("setting %s: %s", Arrays.toString(st), r.first()).isZero();
            assertThat(r.admissibilityViolations()).as("setting %s: %s", Arrays.toString(st), r.firstInadmissible())
                    .isZero();
            assertThat(r.worst()).as("the brute force saw real changes").isGreaterThan(0.05 * order / (sigma * sigma));
            assertThat(r.tightestRatio()).as("the bound is attained to within 2x somewhere").isGreaterThan(0.5);
        }
    }

    /**
     * The same brute force rejects two deliberately wrong bounds, so it can fail: the local sensitivity at distance 0
     * used at every distance (the classic mistake smooth sensitivity exists to avoid), and a one-step bound that
     * assumes one teacher moves every gap by 1 vote (the runner-up gap moves by 2 when the vote goes from the plurality
     * to the runner-up).
     */
    @Test
    void deliberatelyWrongBoundsFailTheBruteForce() {
        int classes = 3;
        int teachers = 20;
        double sigma = 2;
        double order = 3;
        SmoothSensitivity.ErfcCost cost = SmoothSensitivity.erfcCost(sigma, classes, order, teachers);
        BruteForce distanceZero = bruteForce(classes, teachers, sigma, cost, v -> {
            double[] ls = SmoothSensitivity.localSensitivities(v, cost);
            Arrays.fill(ls, ls[0]);
            return ls;
        });
        assertThat(distanceZero.violations()).isPositive();
        double scale = GaussianTail.logScale(sigma);
        BruteForce byOne = bruteForce(classes, teachers, sigma, cost, v -> {
            double b = cost.rdp(GnMax.logQ(v, sigma));
            double wrong = Math.max(cost.rdp(shiftedLogQ(v, -1, sigma, scale)) - b,
                    b - cost.rdp(shiftedLogQ(v, 1, sigma, scale)));
            double[] ls = new double[teachers + 1];
            ls[0] = wrong;
            Arrays.fill(ls, 1, ls.length, Double.POSITIVE_INFINITY); // only distance 0 is under test
            return ls;
        });
        assertThat(byOne.violations()).isPositive();
    }

    /** ln min(cap, sum_i f(gap_i + shift)). */
    private static double shiftedLogQ(int[] h, int shift, double sigma, double scale) {
        int star = 0;
        for (int j = 1; j < h.length; j++) {
            if (h[j] > h[star]) {
                star = j;
            }
        }
        double s = 0;
        for (int j = 0; j < h.length; j++) {
            if (j != star) {
                s += Math.exp(GaussianTail.logTail(h[star] - h[j] + shift, sigma, scale));
            }
        }
        return Math.min(Math.log1p(-1.0 / h.length), Math.log(s));
    }
}

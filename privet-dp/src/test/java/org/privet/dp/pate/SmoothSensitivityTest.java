package org.privet.dp.pate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.NoiseRandom;

class SmoothSensitivityTest {

    @Test
    void theoremSixMatchesThePapersFormula() {
        // Papernot et al. 2018 Theorem 6 with Proposition 10's mu1, mu2, evaluated independently (Python, float64):
        // sigma = 5, ln q = -10, lambda = 8 -> 0.050245507577 (data-independent: 8/25 = 0.32)
        assertThat(GnMax.rdpDataDependent(-10, 5, new double[] {8})[0]).isCloseTo(0.050245507577, within(1e-10));
    }

    @Test
    void releaseCostIsTheoremTwentyThree() {
        // lambda e^{2 beta} / sigma^2 + (beta lambda - ln(1 - 2 lambda beta)/2) / (lambda - 1), by hand / Python:
        assertThat(SmoothSensitivity.releaseRdp(0.049, 2.0, 10)).isCloseTo(3.029186018628, within(1e-10));
        assertThatThrownBy(() -> SmoothSensitivity.releaseRdp(0.06, 2.0, 10))
                .hasMessageContaining("order must be in (1, 1/(2 beta))");
    }

    @Test
    void smoothSensitivityIsTheDiscountedMaximum() {
        // max(1, 3 e^-0.5, 4 e^-1) = 3 e^-0.5
        assertThat(SmoothSensitivity.smooth(new double[] {1, 3, 4}, 0.5)).isCloseTo(1.819591979138, within(1e-12));
    }

    @Test
    void monotoneCostIsMonotoneValidAndCloseToTheorem6() {
        double sigma = 4;
        double order = 5;
        SmoothSensitivity.MonotoneRdp m = SmoothSensitivity.monotoneRdp(sigma, order, 200);
        double prev = -1;
        for (double logq = -400; logq <= 0; logq += 0.37) {
            double b = m.rdp(logq);
            assertThat(b).isGreaterThanOrEqualTo(prev);                  // non-decreasing in q
            assertThat(b).isLessThanOrEqualTo(order / (sigma * sigma));  // never above data-independent
            prev = b;
        }
        // at a grid point of gap g, equal to Theorem 6 when that is increasing there (C5); within 1% near it
        double logq = -Math.pow(40 / (2 * sigma), 2);
        assertThat(m.rdp(logq)).isCloseTo(GnMax.rdpDataDependent(logq, sigma, new double[] {order})[0],
                org.assertj.core.data.Percentage.withPercentage(1));
    }

    /**
     * Brute force over all 3-class histograms of 20 votes: the bound holds at every distance (the sub-Gaussian form of
     * q, used below sigma 2).
     */
    @Test
    void localSensitivityBoundsHoldAgainstBruteForce() {
        int teachers = 20;
        double sigma = 1.5;
        double order = 3;
        SmoothSensitivity.MonotoneRdp cost = SmoothSensitivity.monotoneRdp(sigma, order, 3 * teachers + 4);
        List<int[]> all = new ArrayList<>();
        for (int a = 0; a <= teachers; a++) {
            for (int b = 0; a + b <= teachers; b++) {
                all.add(new int[] {a, b, teachers - a - b});
            }
        }
        Map<String, Double> beta = new HashMap<>();
        for (int[] h : all) {
            beta.put(key(h), cost.rdp(GnMax.logQ(h, sigma)));
        }
        double worstGap = 0;
        int checked = 0;
        for (int[] start : new int[][] {{20, 0, 0}, {14, 4, 2}, {11, 9, 0}, {8, 7, 5}, {17, 3, 0}}) {
            double[] ls = SmoothSensitivity.localSensitivities(start, cost);
            // BFS distances (one vote moved per step)
            Map<String, Integer> dist = new HashMap<>();
            ArrayDeque<int[]> queue = new ArrayDeque<>();
            dist.put(key(start), 0);
            queue.add(start);
            while (!queue.isEmpty()) {
                int[] h = queue.poll();
                for (int[] n : neighbours(h)) {
                    if (!dist.containsKey(key(n))) {
                        dist.put(key(n), dist.get(key(h)) + 1);
                        queue.add(n);
                    }
                }
            }
            double[] truth = new double[teachers + 1];
            for (int[] h : all) {
                int d = dist.get(key(h));
                for (int[] n : neighbours(h)) {
                    double diff = Math.abs(beta.get(key(n)) - beta.get(key(h)));
                    for (int e = d; e <= teachers; e++) {
                        truth[e] = Math.max(truth[e], diff);
                    }
                }
            }
            for (int d = 0; d <= teachers; d++) {
                assertThat(ls[d]).as("start %s, d = %d", key(start), d).isGreaterThanOrEqualTo(truth[d] - 1e-12);
                worstGap = Math.max(worstGap, truth[d]);
                checked++;
            }
            // at distance 0 the bound is the local sensitivity's own scale, not vacuous
            assertThat(ls[0]).isLessThanOrEqualTo(order / (sigma * sigma));
        }
        assertThat(worstGap).isPositive(); // the brute force saw real changes
        assertThat(checked).isEqualTo(5 * (teachers + 1));
    }

    @Test
    void aBoundThatIgnoresTheRunnerUpsDoubleStepFailsTheBruteForce() {
        // the deliberately wrong bound: beta(q) - beta(q with every gap widened by 1), i.e. one vote moves a gap by 1
        int teachers = 20;
        double sigma = 1.5;
        double order = 3;
        SmoothSensitivity.MonotoneRdp cost = SmoothSensitivity.monotoneRdp(sigma, order, 3 * teachers + 4);
        boolean violated = false;
        for (int a = 0; a <= teachers; a++) {
            for (int b = 0; a + b <= teachers; b++) {
                int[] h = {a, b, teachers - a - b};
                int star = a >= b && a >= h[2] ? 0 : b >= h[2] ? 1 : 2;
                int[] gaps = new int[2];
                for (int j = 0, i = 0; j < 3; j++) {
                    if (j != star) {
                        gaps[i++] = h[star] - h[j];
                    }
                }
                double q = cost.rdp(GnMax.logQ(h, sigma));
                double wrong = Math.max(cost.rdp(SmoothSensitivity.logQShifted(gaps, -1, sigma)) - q,
                        q - cost.rdp(SmoothSensitivity.logQShifted(gaps, 1, sigma)));
                for (int[] n : neighbours(h)) {
                    if (Math.abs(cost.rdp(GnMax.logQ(n, sigma)) - q) > wrong + 1e-12) {
                        violated = true;
                    }
                }
            }
        }
        assertThat(violated).isTrue();
    }

    private static String key(int[] h) {
        return h[0] + "," + h[1] + "," + h[2];
    }

    private static List<int[]> neighbours(int[] h) {
        List<int[]> r = new ArrayList<>();
        for (int from = 0; from < 3; from++) {
            for (int to = 0; to < 3; to++) {
                if (from != to && h[from] > 0) {
                    int[] n = h.clone();
                    n[from]--;
                    n[to]++;
                    r.add(n);
                }
            }
        }
        return r;
    }

    @Test
    void releaseOfAConfidentEnsembleBeatsTheDataIndependentBoundAtItsOrder() {
        // 250 unanimous teachers, sigma 40, 5000 queries, order 10: data-independent RDP 5000 * 10 / 1600 = 31.25;
        // the released data-dependent RDP (with the release's own cost and 2 sd of its noise) measured 1.53 (SS 0.109,
        // sigma_s 4.66, release cost 0.78; the sub-Gaussian bounds of the previous analysis gave 19.9)
        PateAccountant acc = new PateAccountant();
        double sigma = 40;
        int queries = 5000;
        for (int i = 0; i < queries; i++) {
            acc.record(new int[] {250, 0, 0, 0, 0, 0, 0, 0, 0, 0}, sigma);
        }
        double order = 10;
        PateAccountant.DataDependentRelease r = acc.releaseDataDependent(order, 1e-5, NoiseRandom.insecureSeededForTests(1));
        double independentRdp = queries * order / (sigma * sigma);
        assertThat(r.queries()).isEqualTo(queries);
        assertThat(r.beta()).isCloseTo(0.49 / order, within(1e-15));
        assertThat(r.smoothSensitivity()).isPositive();
        assertThat(r.sigmaS()).isCloseTo(Math.cbrt(order * Math.exp(2 * r.beta()) / r.smoothSensitivity()), within(1e-12));
        assertThat(r.releaseRdp()).isCloseTo(SmoothSensitivity.releaseRdp(r.beta(), r.sigmaS(), order), within(1e-12));
        assertThat(r.reportedRdp()).isCloseTo(r.noisyRdp() + 2 * r.smoothSensitivity() * r.sigmaS() + r.releaseRdp(),
                within(1e-9));
        assertThat(r.reportedRdp()).isLessThan(0.1 * independentRdp);
        assertThatThrownBy(() -> acc.releaseDataDependent(order, 1e-5, NoiseRandom.insecureSeededForTests(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already released");
        assertThatThrownBy(() -> acc.record(new int[] {1, 2}, sigma)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releaseChecksItsSmoothingParameter() {
        PateAccountant acc = new PateAccountant();
        acc.record(new int[] {20, 0}, 4);
        assertThatThrownBy(() -> acc.releaseDataDependent(10, 0.5, 1e-5, NoiseRandom.insecureSeededForTests(1)))
                .hasMessage("betaTimesOrder must be in (0, 0.5). Provided value: 0.5");
        PateAccountant.DataDependentRelease r = acc.releaseDataDependent(10, 0.3, 1e-5, NoiseRandom.insecureSeededForTests(1));
        assertThat(r.beta()).isCloseTo(0.03, within(1e-15));
    }

    @Test
    void releaseNoiseHasTheStatedScale() {
        // 400 independent releases of the same accountant contents: sd of noisyRdp = SS sigmaS (tolerance 20%:
        // the sd estimate's own sd is ~3.5% at n = 400, so ~6 sd; false failure ~1e-9)
        double[] v = new double[400];
        double expectedSd = 0;
        for (int i = 0; i < v.length; i++) {
            PateAccountant acc = new PateAccountant();
            for (int t = 0; t < 20; t++) {
                acc.record(new int[] {60, 30, 10}, 10);
            }
            PateAccountant.DataDependentRelease r = acc.releaseDataDependent(8, 1e-5, NoiseRandom.insecureSeededForTests(100 + i));
            v[i] = r.noisyRdp();
            expectedSd = r.smoothSensitivity() * r.sigmaS();
        }
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        assertThat(expectedSd).isPositive();
        assertThat(sd / expectedSd).isCloseTo(1.0, within(0.2));
    }

    @Test
    void confidentGnMaxChecksTheThresholdAndIsAccounted() {
        ConfidentGnMax c = ConfidentGnMax.insecureSeededForTests(100, 10, 20, 3);
        int pass = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            if (c.passesThreshold(new int[] {100, 50, 0})) {
                pass++;
            }
        }
        // P(Z >= 0) for N_Z(0, 100) = 1/2 + p(0)/2 ~ 0.5199; binomial sd 0.0079, tolerance 5 sd (false failure ~6e-7)
        assertThat((double) pass / n).isCloseTo(0.5199, within(0.04));
        int answered = 0;
        for (int i = 0; i < 200; i++) {
            assertThat(c.answer(new int[] {10, 5, 0})).isEqualTo(-1); // 90 below T: never passes (9 sd)
            int a = c.answer(new int[] {200, 0, 0});
            assertThat(a).isEqualTo(0); // 100 above T (10 sd) and a 200-vote lead for GNMax (10 sd)
            answered++;
        }
        assertThat(answered).isEqualTo(200);
        PateAccountant acc = new PateAccountant();
        acc.recordThreshold(10);
        acc.recordThreshold(10);
        assertThat(acc.thresholdChecks()).isEqualTo(2);
        assertThat(ConfidentGnMax.thresholdRdp(10, new double[] {4})[0]).isCloseTo(0.02, within(1e-15));
        double checksOnly = acc.epsilonDataIndependent(1e-5);
        assertThat(checksOnly).isPositive(); // the checks alone cost privacy, even with no query answered
        acc.record(new int[] {200, 0, 0}, 20);
        assertThat(acc.epsilonDataIndependent(1e-5)).isGreaterThan(checksOnly);
        assertThatThrownBy(() -> ConfidentGnMax.create(-1, 10, 20)).hasMessage("threshold must be >= 0. Provided value: -1");
    }
}

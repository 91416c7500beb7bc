package org.privet.dp.pate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * The data-dependent cost of Confident-GNMax's threshold check: the discrete tail bound it rests on (checked against
 * exact discrete Gaussian tails, with a deliberately wrong bound that the check catches), the cost against the
 * data-independent one, and the admissibility of its local sensitivities (brute force over every histogram of a small
 * ensemble). Deterministic; no tolerance beyond the stated rounding.
 */
class ThresholdDataDependentTest {

    /** P(Z >= a) for Z ~ N_Z(0, sigma^2), exactly enough: sums of exp(-z^2 / (2 sigma^2)) in 40-digit decimals. */
    private static double exactTail(long a, int sigma) {
        MathContext mc = new MathContext(40);
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal tail = BigDecimal.ZERO;
        long reach = 60L * sigma + Math.abs(a) + 10;
        for (long z = -reach; z <= reach; z++) {
            BigDecimal w = new BigDecimal(Math.exp(-(double) z * z / (2.0 * sigma * sigma)), mc);
            total = total.add(w, mc);
            if (z >= a) {
                tail = tail.add(w, mc);
            }
        }
        return tail.divide(total, mc).doubleValue();
    }

    @Test
    void singleTailBoundHoldsForTheDiscreteNoiseAndTheUnshiftedOneDoesNot() {
        boolean unshiftedFails = false;
        for (int sigma : new int[] {1, 2, 3, 5, 8, 150}) {
            for (long a = -3; a <= 8L * sigma; a += Math.max(1, sigma / 4)) {
                double exact = exactTail(a, sigma);
                if (exact < 1e-290) {
                    continue; // below what the doubles resolve
                }
                double bound = Math.exp(GaussianTail.logTailSingle(a, sigma));
                // exp/log of the bound: relative rounding below 1e-12
                assertThat(bound * (1 + 1e-12)).as("sigma %d a %d", sigma, a).isGreaterThanOrEqualTo(exact);
                double unshifted = GaussianTail.erfc(a / (sigma * Math.sqrt(2))) / 2;
                if (a >= 1 && unshifted < exact * (1 - 1e-9)) {
                    unshiftedFails = true; // the continuous tail at a itself is below the discrete one
                }
            }
        }
        assertThat(unshiftedFails).isTrue();
    }

    @Test
    void dataDependentCostIsBelowTheIndependentOneAndFarBelowItForClearHistograms() {
        PateAccountant clear = new PateAccountant();
        PateAccountant none = new PateAccountant();
        for (int i = 0; i < 100; i++) {
            clear.recordThreshold(10, 100, new int[] {240, 5, 5}); // n = 240: 14 sigma above T
            none.recordThreshold(10);
        }
        assertThat(clear.epsilonDataIndependent(1e-5)).isEqualTo(none.epsilonDataIndependent(1e-5));
        assertThat(clear.epsilonDataDependent(1e-5)).isLessThan(0.5 * clear.epsilonDataIndependent(1e-5));
        PateAccountant borderline = new PateAccountant();
        for (int i = 0; i < 100; i++) {
            borderline.recordThreshold(10, 100, new int[] {100, 90, 60}); // n = T: a coin flip, nothing to gain
        }
        assertThat(borderline.epsilonDataDependent(1e-5)).isCloseTo(borderline.epsilonDataIndependent(1e-5),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> borderline.recordThreshold(2.5, 10, new int[] {3, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integer in [1, 2^20]");
    }

    @Test
    void thresholdLocalSensitivitiesAreAdmissibleOnEveryHistogramOfASmallEnsemble() {
        // two classes, 14 teachers: histogram v = votes of class 0, largest count max(v, 14 - v); neighbours v +- 1
        int teachers = 14;
        for (int sigma1 : new int[] {1, 2, 4}) {
            for (long threshold : new long[] {5, 9, 12}) {
                SmoothSensitivity.MonotoneRdp table = SmoothSensitivity.thresholdRdp(sigma1, 6, teachers + threshold);
                double[] c = new double[teachers + 1];
                for (int m = 0; m <= teachers; m++) {
                    c[m] = table.rdp(PateAccountant.thresholdLogQ(m, threshold, sigma1));
                }
                // c is the cost as the release computes it; the brute force below checks the local sensitivities
                int len = teachers + 1;
                for (int v = 0; v <= teachers; v++) {
                    double[] ls = PateAccountant.thresholdLocalSensitivities(c, Math.max(v, teachers - v), len);
                    for (int d = 0; d < len; d++) {
                        // the largest local sensitivity of any histogram within distance d
                        double worst = 0;
                        for (int w = Math.max(0, v - d); w <= Math.min(teachers, v + d); w++) {
                            int nw = Math.max(w, teachers - w);
                            for (int u : new int[] {w - 1, w + 1}) {
                                if (u >= 0 && u <= teachers) {
                                    worst = Math.max(worst, Math.abs(c[nw] - c[Math.max(u, teachers - u)]));
                                }
                            }
                        }
                        assertThat(ls[d]).as("sigma1 %d T %d v %d d %d", sigma1, threshold, v, d)
                                .isGreaterThanOrEqualTo(worst);
                        // admissible: every neighbour's bound at d + 1 is at least ours at d
                        for (int u : new int[] {v - 1, v + 1}) {
                            if (u >= 0 && u <= teachers && d + 1 < len) {
                                double[] lsU = PateAccountant.thresholdLocalSensitivities(c, Math.max(u, teachers - u), len);
                                assertThat(lsU[d + 1]).isGreaterThanOrEqualTo(ls[d]);
                            }
                        }
                    }
                }
                // the costs change somewhere (otherwise the check above would be empty)
                double spread = 0;
                for (int m = 1; m <= teachers; m++) {
                    spread = Math.max(spread, Math.abs(c[m] - c[m - 1]));
                }
                assertThat(spread).as("sigma1 %d T %d", sigma1, threshold).isPositive();
            }
        }
    }
}

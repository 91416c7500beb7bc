package org.privet.dp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.accounting.NoiseCalibration;
import org.privet.dp.accounting.PldAccountant;
import org.privet.dp.accounting.RdpAccountant;
import org.privet.dp.noise.ConfidenceInterval;
import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/** The example of docs/dp.md, kept compiling and running (copy any change back to the page). */
class DocsExampleTest {

    @Test
    void example() {
        // --- docs/dp.md example begins ---
        // One budget shared by two releases over the same data.
        BudgetAccountant budget = new BudgetAccountant(new PrivacyBudget(1.0, 1e-6));

        // A count: one record changes it by at most 1.
        LaplaceMechanism count = LaplaceMechanism.builder()
                .epsilon(0.5)
                .sensitivity(Sensitivity.ofScalar(1))
                .build();                                   // SecureRandom noise by default
        budget.spend("row count", count.budget());
        double noisyCount = count.addNoise(1234.0);
        ConfidenceInterval ci = count.confidenceInterval(noisyCount, 0.95);

        // A sum of values clamped to [0, 10]: Gaussian noise, analytic calibration.
        GaussianMechanism sum = GaussianMechanism.builder()
                .epsilon(0.5).delta(1e-6)
                .sensitivity(Sensitivity.ofScalar(10))
                .build();
        budget.spend("clamped sum", sum.budget());
        double noisySum = sum.addNoise(5678.25);

        // DP-SGD accounting: noise multiplier for epsilon 3 over 1000 steps at q = 0.01.
        double sigma = NoiseCalibration.noiseMultiplier(3.0, 1e-5, 0.01, 1000);
        RdpAccountant rdp = new RdpAccountant();
        rdp.steps(sigma, 0.01, 1000);
        double epsRdp = rdp.epsilon(1e-5).epsilon();        // <= 3.0
        PldAccountant pld = new PldAccountant();
        pld.steps(sigma, 0.01, 1000);
        double epsPld = pld.epsilon(1e-5);                  // tighter: below epsRdp
        // --- docs/dp.md example ends ---

        assertThat(budget.remainingEpsilon()).isZero();
        assertThat(ci.upper() - ci.lower()).isGreaterThan(0);
        assertThat(noisyCount / count.granularity()).isEqualTo(Math.rint(noisyCount / count.granularity()));
        assertThat(noisySum / sum.granularity()).isEqualTo(Math.rint(noisySum / sum.granularity()));
        assertThat(epsRdp).isLessThanOrEqualTo(3.0);
        assertThat(epsPld).isLessThan(epsRdp);
    }
}

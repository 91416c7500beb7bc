package org.privet.dp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.dp.aggregate.ApproximateBounds;
import org.privet.dp.aggregate.BoundedQuantiles;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.Sensitivity;

/** The examples of docs/dp.md, sections "Quantiles, histograms, bounds" and "Auditing", compiled and run. */
class AuditDocsExampleTest {
    @Test
    void quantilesWithAutomaticBounds() {
        SplittableRandom r = new SplittableRandom(1);
        double[] salaries = new double[20_000];
        for (int i = 0; i < salaries.length; i++) {
            salaries[i] = 20_000 + 60_000 * r.nextDouble();
        }
        // --- docs begin (quantiles)
        // 1. Bounds nobody knows: a quarter of the budget finds them.
        ApproximateBounds bounds = ApproximateBounds.builder().epsilon(0.25).build();
        for (double s : salaries) {
            bounds.addEntry(s);
        }
        ApproximateBounds.Bounds b = bounds.computeResult();        // [16384, 131072] here
        // 2. Quartiles from one noisy quantile tree on the rest.
        BoundedQuantiles q = BoundedQuantiles.builder().epsilon(0.75).lower(b.lower()).upper(b.upper()).build();
        for (double s : salaries) {
            q.addEntry(s);
        }
        double[] quartiles = q.computeResults(0.25, 0.5, 0.75);   // ~35,000, ~50,000, ~65,000
        // --- docs end
        // Secure (unseeded) noise here, as in the docs: the bins (16384, 32768] .. (65536, 131072] hold thousands of
        // values against a threshold of ~100, an empty bin passes with probability < 1e-9, and the median's error bound
        // below is over 10 noise scales: a false failure is below 1e-9.
        assertThat(b.lower()).isEqualTo(16384.0);
        assertThat(b.upper()).isEqualTo(131072.0);
        // leaf width 114688 / 65536 = 1.75; the rank error of the upper levels is < 0.5% of the range (~600)
        assertThat(quartiles[1]).isBetween(48_500.0, 51_500.0);
    }

    @Test
    void auditOfALaplaceMechanism() {
        // the mechanism under audit (seeded here so the test is reproducible; the docs' point is the audit)
        LaplaceMechanism m = LaplaceMechanism.builder().epsilon(1).sensitivity(Sensitivity.ofScalar(1))
                .insecureSeededForTests(3).build();
        // --- docs begin (audit)
        CanaryAudit.Result r = CanaryAudit.builder()
                .trialsPerSide(4000).claimedEpsilon(1.0).delta(0).confidence(0.95)
                .description("Laplace count, epsilon 1").build()
                .run((canaryIn, seed) -> m.addNoise(canaryIn ? 1.0 : 0.0)); // score: the release itself
        r.epsilonLowerBound();   // ~0.8: below 1, as it must be
        r.refutesClaim();        // false
        // --- docs end
        // With 2,000 evaluation trials per side the bound of a correct epsilon-1 mechanism is about 0.7-0.9; it
        // exceeds 1 with probability at most 5% (the confidence), here never (0.95 holds per audit).
        assertThat(r.epsilonLowerBound()).isBetween(0.3, 1.0);
        assertThat(r.refutesClaim()).isFalse();
        assertThat(r.statement()).contains("Laplace count, epsilon 1");
    }
}

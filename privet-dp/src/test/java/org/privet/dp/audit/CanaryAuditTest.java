package org.privet.dp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.Sensitivity;

/**
 * Audits of additive mechanisms on a sensitivity-1 query (0 without the canary, 1 with it; the score is the
 * release): a correct mechanism's lower bound stays below its epsilon, a mechanism with noise 10x too small is caught.
 * Each bound holds with confidence 0.95 per audit, so the "below the claim" assertions fail falsely with probability
 * at most 5% each if the implementation were merely at its limit; the correct mechanisms sit far below it (the
 * seeds make every run deterministic).
 */
class CanaryAuditTest {

    private static CanaryAudit.Result audit(NoiseMechanism m, double claimedEpsilon, double delta, int trials) {
        return CanaryAudit.builder().trialsPerSide(trials).claimedEpsilon(claimedEpsilon).delta(delta).seed(7)
                .description(m.description()).build().run((in, seed) -> m.addNoise(in ? 1.0 : 0.0));
    }

    @Test
    void laplaceAtItsClaimIsNotRefutedAndTheBoundHasPower() {
        LaplaceMechanism lap = LaplaceMechanism.builder().epsilon(1).sensitivity(Sensitivity.ofScalar(1))
                .insecureSeededForTests(11).build();
        CanaryAudit.Result r = audit(lap, 1.0, 0, 5000);
        assertThat(r.epsilonLowerBound()).isLessThanOrEqualTo(1.0).isGreaterThan(0.5); // ideal: 1.0 at the tails
        assertThat(r.refutesClaim()).isFalse();
        assertThat(r.statement()).contains("Consistent with the claim");
    }

    @Test
    void laplaceWithNoiseTenTimesTooSmallIsRefuted() {
        LaplaceMechanism broken = LaplaceMechanism.builder().epsilon(10).sensitivity(Sensitivity.ofScalar(1))
                .insecureSeededForTests(12).build();
        CanaryAudit.Result r = audit(broken, 1.0, 0, 1000);
        assertThat(r.epsilonLowerBound()).isGreaterThan(1.0);
        assertThat(r.refutesClaim()).isTrue();
        assertThat(r.statement()).contains("EXCEEDS the claim");
    }

    @Test
    void gaussianWithDelta() {
        GaussianMechanism g = GaussianMechanism.builder().epsilon(1).delta(1e-5).sensitivity(Sensitivity.ofScalar(1))
                .insecureSeededForTests(13).build();
        CanaryAudit.Result ok = audit(g, 1.0, 1e-5, 3000);
        assertThat(ok.epsilonLowerBound()).isLessThanOrEqualTo(1.0).isGreaterThan(0.2);
        GaussianMechanism broken = GaussianMechanism.builder().epsilon(10).delta(1e-5).sensitivity(Sensitivity.ofScalar(1))
                .insecureSeededForTests(14).build();
        assertThat(audit(broken, 1.0, 1e-5, 1000).refutesClaim()).isTrue();
    }

    @Test
    void identicalDistributionsGiveZeroAndValidationNamesTheRule() {
        double[] a = new double[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 10;
        }
        assertThat(EpsilonLowerBound.compute(a, a.clone(), 0, 0.95).epsilonLowerBound()).isZero();
        assertThatThrownBy(() -> EpsilonLowerBound.compute(new double[3], a, 0, 0.95))
                .hasMessage("scoresIn must hold at least 4 trials. Provided value: 3");
        assertThatThrownBy(() -> EpsilonLowerBound.compute(a, new double[] {0, 1, Double.NaN, 2}, 0, 0.95))
                .hasMessage("scoresOut[2] must be finite. Provided value: NaN");
        assertThatThrownBy(() -> EpsilonLowerBound.compute(a, a, 1, 0.95)).hasMessageContaining("delta must be in [0, 1)");
        assertThatThrownBy(() -> CanaryAudit.builder().trialsPerSide(4).claimedEpsilon(1).build())
                .hasMessage("trials per side must be >= 8. Provided value: 4");
        assertThatThrownBy(() -> CanaryAudit.builder().trialsPerSide(10).claimedEpsilon(-1).build())
                .hasMessageContaining("claimed epsilon must be > 0");
        CanaryAudit audit = CanaryAudit.builder().trialsPerSide(10).claimedEpsilon(1).build();
        assertThatThrownBy(() -> audit.run((in, s) -> Double.NaN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-finite score");
    }

    @Test
    void perfectSeparationIsBoundedByTheTrialCount() {
        double[] in = new double[200];
        double[] out = new double[200];
        java.util.Arrays.fill(in, 1);
        EpsilonLowerBound.Bound b = EpsilonLowerBound.compute(in, out, 0, 0.95);
        // 100 evaluation trials per side, no errors: FPR_hi = FNR_hi = 1 - 0.025^(1/100) = 0.0362 -> ln(0.9638/0.0362)
        double cp = 1 - Math.pow(0.025, 0.01);
        assertThat(b.epsilonLowerBound()).isCloseTo(Math.log((1 - cp) / cp), org.assertj.core.data.Offset.offset(1e-9));
    }
}

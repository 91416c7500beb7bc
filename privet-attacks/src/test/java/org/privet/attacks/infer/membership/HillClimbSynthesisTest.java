package org.privet.attacks.infer.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class HillClimbSynthesisTest {
    @Test
    void synthesisedRecordsAreClassifiedIntoTheRequestedClassWithHighConfidence() {
        Scenario s = Scenario.purchase(31, 400, 10, 5, Scenario.overfitRecipe());
        ProbabilisticClassifier target = s.target();
        for (int c : new int[] {0, 3}) {
            HillClimbSynthesis.Result r = HillClimbSynthesis.synthesize(target, c, 12,
                    HillClimbSynthesis.FeatureDomain.binaryFeatures(), HillClimbSynthesis.Options.defaults(100),
                    Rng.of(c));
            assertThat(r.produced()).as("class " + c + ": " + r).isGreaterThanOrEqualTo(10);
            Tensor p = target.predictProba(r.records());
            int[] pred = p.argmaxRows();
            for (int i = 0; i < r.produced(); i++) {
                assertThat(pred[i]).isEqualTo(c);
                assertThat(p.get(i, c)).isGreaterThan(0.8f);
                for (int j = 0; j < 100; j++) {
                    float v = r.records().get(i, j);
                    assertThat(v == 0f || v == 1f).isTrue();
                }
            }
            assertThat(r.queries()).isPositive();
        }
    }

    @Test
    void sameSeedSameRecords() {
        Scenario s = Scenario.purchase(32, 200, 10, 4, Scenario.overfitRecipe());
        HillClimbSynthesis.Options o = HillClimbSynthesis.Options.defaults(100);
        Tensor a = HillClimbSynthesis.synthesize(s.target(), 1, 5, HillClimbSynthesis.FeatureDomain.binaryFeatures(),
                o, Rng.of(5)).records();
        Tensor b = HillClimbSynthesis.synthesize(s.target(), 1, 5, HillClimbSynthesis.FeatureDomain.binaryFeatures(),
                o, Rng.of(5)).records();
        assertThat(a.data()).containsExactly(b.data());
    }

    @Test
    void shokriTrainedOnSynthesisedShadowDataBeatsChance() {
        // the attacker has no data: 50 synthesised records per class become the shadow population.
        // Observed AUC 0.71 on 250 + 250 candidates (AUC sd under no signal ~0.026); bound 0.6.
        Scenario s = Scenario.purchase(41, 250, 10, 10, Scenario.overfitRecipe());
        org.privet.core.data.Dataset synth = HillClimbSynthesis.shadowData(s.target(), 50,
                HillClimbSynthesis.FeatureDomain.binaryFeatures(), HillClimbSynthesis.Options.defaults(100),
                s.candidates().schema(), Rng.of(2));
        assertThat(synth.classCounts()).containsOnly(50);
        AuditResult r = MembershipAudit.run(AuditRequest.builder().target(s.target()).candidates(s.candidates())
                .population(synth).recipe(s.recipe()).attacks("shokri").references(4).threads(2).seed(1)
                .referenceMode(AuditRequest.ReferenceMode.OFFLINE).build(), null);
        assertThat(org.privet.core.metrics.RocCurve.of(r.attack("shokri").scores(), s.isMember()).auc())
                .isGreaterThan(0.6);
    }

    @Test
    void badInput() {
        Scenario s = Scenario.purchase(33, 50, 10, 3, Scenario.overfitRecipe());
        HillClimbSynthesis.FeatureDomain bin = HillClimbSynthesis.FeatureDomain.binaryFeatures();
        assertThatThrownBy(() -> HillClimbSynthesis.synthesize(s.target(), 3, 1, bin,
                HillClimbSynthesis.Options.defaults(100), Rng.of(1))).hasMessageContaining("class must be in [0, 3)");
        assertThatThrownBy(() -> HillClimbSynthesis.synthesize(s.target(), 0, 1, bin,
                new HillClimbSynthesis.Options(101, 1, 0.8, 10, 10, 1), Rng.of(1)))
                .hasMessageContaining("kMax must be <= the number of features 100");
        assertThatThrownBy(() -> new HillClimbSynthesis.Options(1, 2, 0.8, 10, 10, 1))
                .hasMessageContaining("kMin <= kMax");
        assertThatThrownBy(() -> HillClimbSynthesis.FeatureDomain.uniform(1, 0)).hasMessageContaining("low < high");
    }
}

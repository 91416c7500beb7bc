package org.privet.attacks.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.GaussianMixture;
import org.privet.core.model.LabelClassifier;
import org.privet.core.model.LogisticRegression;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** The audit runs each applicable attack; a label-only API defeats equation solving but not retraining. */
class ExtractionAuditTest {
    @Test
    void auditTableCoversTheAttacksAndShowsTheLabelOnlyDefence() {
        Dataset train = GaussianMixture.generate(800, 3, 4, 3.0, Rng.of(1));
        Dataset test = GaussianMixture.generate(400, 3, 4, 3.0, Rng.of(2));
        LogisticRegression target = LogisticRegression.fit(train.features(), train.labels(), 3,
                LogisticRegression.Options.defaults());
        InputDomain domain = InputDomain.of(train.features());
        ExtractionAudit.Options o = new ExtractionAudit.Options(300, ExtractionAudit.familyOf(target));
        List<ExtractionAudit.Row> open = ExtractionAudit.run(target, train.features(), test.features(),
                test.labels(), domain, o, Rng.of(3), Progress.NONE);
        assertThat(open).extracting(ExtractionAudit.Row::attack).contains("equation-solving (5 queries)",
                "retraining uniform (labels)", "retraining line-search (probabilities)", "knockoff");
        ExtractionAudit.Row eq = open.get(0);
        assertThat(eq.error()).isNull();
        assertThat(eq.agreementTest()).isEqualTo(1.0);
        assertThat(eq.queries()).isEqualTo(5);

        LabelClassifier labelsOnly = new LabelClassifier() {
            public int numClasses() {
                return 3;
            }

            public int[] inputShape() {
                return new int[] {4};
            }

            public int[] predict(Tensor x) {
                return target.predict(x);
            }
        };
        List<ExtractionAudit.Row> defended = ExtractionAudit.run(labelsOnly, train.features(), test.features(),
                test.labels(), domain, o, Rng.of(3), Progress.NONE);
        assertThat(defended.get(0).error()).contains("labels only");
        ExtractionAudit.Row retrain = defended.stream().filter(r -> r.attack().equals("retraining uniform (labels)"))
                .findFirst().orElseThrow();
        assertThat(retrain.agreementTest()).isGreaterThan(0.9);
    }
}

package org.privet.attacks.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.attacks.extract.EquationSolving;
import org.privet.attacks.extract.Fidelity;
import org.privet.attacks.extract.InputDomain;
import org.privet.attacks.extract.QueryCounter;
import org.privet.attacks.invert.AttributeInference;
import org.privet.attacks.invert.SensitiveAttribute;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.GaussianMixture;
import org.privet.core.model.LogisticRegression;
import org.privet.core.rng.Rng;

/** The example of docs/inversion-extraction.md, verbatim. */
class ExtractionDocsExampleTest {
    @Test
    void documentedExampleRuns() {
        Dataset data = GaussianMixture.generate(1000, 3, 4, 3.0, Rng.of(1));
        LogisticRegression target = LogisticRegression.fit(data.features(), data.labels(), 3,
                LogisticRegression.Options.defaults());

        // Extraction: d + 1 = 5 confidence queries recover the model (Tramer et al. 2016)
        QueryCounter api = new QueryCounter(target, 5);                 // refuses a 6th query
        InputDomain domain = InputDomain.of(data.features());           // feature ranges the attacker knows
        LogisticRegression copy = EquationSolving.extract(api, domain, 5, Rng.of(2)).copy();
        double agreement = Fidelity.agreement(target, copy, domain.sample(1000, Rng.of(3)));

        // Attribute inference: guess feature 0's sign class from the other features and the label
        float[] x = data.features().data().clone();
        for (int i = 0; i < data.size(); i++) {
            x[i * 4] = x[i * 4] > 0 ? 1f : 0f;                          // make feature 0 binary
        }
        org.privet.core.tensor.Tensor xs = org.privet.core.tensor.Tensor.wrap(x, data.size(), 4);
        LogisticRegression model = LogisticRegression.fit(xs, data.labels(), 3,
                LogisticRegression.Options.defaults());
        SensitiveAttribute s = new SensitiveAttribute("f0>0", 0, 1, new float[][] {{0f}, {1f}},
                java.util.List.of("no", "yes"), new double[] {0.5, 0.5});
        AttributeInference.Report r = AttributeInference.evaluate(model, s, xs, data.labels(), xs, data.labels());

        assertThat(agreement).isGreaterThan(0.99);
        assertThat(r.get("map-confidence").balancedAccuracy()).isGreaterThan(r.get("prior").balancedAccuracy());
    }
}

package org.privet.attacks.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.GaussianMixture;
import org.privet.core.model.DecisionTree;
import org.privet.core.model.LabelClassifier;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;

/**
 * Extraction attacks on targets whose answer is known: equation solving must recover a logistic regression
 * exactly (deterministic linear algebra, fixed seeds: no false failures), path finding must reproduce a tree,
 * retraining and knockoff must reach high agreement within their budgets (fixed seeds; the margins below
 * the thresholds were 4-20 points when written).
 */
class ExtractionTest {
    private static final Dataset DATA = GaussianMixture.generate(1200, 3, 5, 3.0, Rng.of(7));

    private static Tensor testX() {
        return GaussianMixture.generate(600, 3, 5, 3.0, Rng.of(8)).features();
    }

    /** Rounds each probability to {@code decimals} places, as an API defence would. */
    private record Rounded(ProbabilisticClassifier inner, int decimals) implements ProbabilisticClassifier {
        public int numClasses() {
            return inner.numClasses();
        }

        public int[] inputShape() {
            return inner.inputShape();
        }

        public Tensor predictProba(Tensor x) {
            float[] p = inner.predictProba(x).data().clone();
            double s = Math.pow(10, decimals);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (Math.round(p[i] * s) / s);
            }
            return Tensor.wrap(p, x.dim(0), inner.numClasses());
        }
    }

    /** Hides the probabilities of a model: label-only API. */
    private record LabelsOnly(LabelClassifier inner) implements LabelClassifier {
        public int numClasses() {
            return inner.numClasses();
        }

        public int[] inputShape() {
            return inner.inputShape();
        }

        public int[] predict(Tensor x) {
            return inner.predict(x);
        }
    }

    @Test
    void equationSolvingRecoversMultinomialLogisticRegressionWithDPlusOneQueries() {
        LogisticRegression target = LogisticRegression.fit(DATA.features(), DATA.labels(), 3,
                LogisticRegression.Options.defaults());
        InputDomain domain = InputDomain.of(DATA.features());
        QueryCounter api = new QueryCounter(target, 6);
        EquationSolving.Result r = EquationSolving.extract(api, domain, 6, Rng.of(1));
        assertThat(r.queries()).isEqualTo(6);
        assertThat(api.used()).isEqualTo(6);
        Tensor uniform = domain.sample(2000, Rng.of(2));
        assertThat(Fidelity.agreement(target, r.copy(), testX())).isEqualTo(1.0);
        assertThat(Fidelity.agreement(target, r.copy(), uniform)).isGreaterThan(0.998);
        assertThat(Fidelity.meanTotalVariation(target, r.copy(), uniform)).isLessThan(1e-3);
    }

    @Test
    void roundingDefenceNeedsMoreQueriesButLeastSquaresRecoversTheModel() {
        LogisticRegression target = LogisticRegression.fit(DATA.features(), DATA.labels(), 3,
                LogisticRegression.Options.defaults());
        InputDomain domain = InputDomain.of(DATA.features());
        Rounded api = new Rounded(target, 2);
        Tensor uniform = domain.sample(2000, Rng.of(3));
        double few;
        try {
            few = Fidelity.agreement(target, EquationSolving.extract(new QueryCounter(api, 6), domain, 6, Rng.of(1))
                    .copy(), uniform);
        } catch (IllegalArgumentException e) {
            few = 0; // too few answers with non-zero confidence: the defence won this round
        }
        double many = Fidelity.agreement(target, EquationSolving.extract(new QueryCounter(api, 600), domain, 600,
                Rng.of(1)).copy(), uniform);
        assertThat(many).isGreaterThan(0.95).isGreaterThan(few);
    }

    @Test
    void pathFindingReproducesADecisionTree() {
        DecisionTree tree = DecisionTree.fit(DATA.features(), DATA.labels(), 3,
                DecisionTree.Options.defaults().withMaxDepth(4).withLaplace(1.0)); // distinct confidences per leaf
        InputDomain domain = InputDomain.of(DATA.features());
        QueryCounter api = new QueryCounter(tree, 200_000);
        PathFinding.Result r = PathFinding.extract(api, domain, PathFinding.Options.defaults(), Rng.of(4),
                Progress.NONE);
        assertThat(r.budgetExhausted()).isFalse();
        assertThat(r.leaves()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(4 * tree.leafCount());
        assertThat(Fidelity.agreement(tree, r.copy(), domain.sample(3000, Rng.of(5)))).isGreaterThan(0.99);
        assertThat(Fidelity.agreement(tree, r.copy(), testX())).isGreaterThan(0.99);
    }

    @Test
    void budgetIsEnforcedAndLabelOnlyTargetsAreRefusedByConfidenceAttacks() {
        LogisticRegression target = LogisticRegression.fit(DATA.features(), DATA.labels(), 3,
                LogisticRegression.Options.defaults());
        InputDomain domain = InputDomain.of(DATA.features());
        assertThatThrownBy(() -> EquationSolving.extract(new QueryCounter(target, 5), domain, 6, Rng.of(1)))
                .isInstanceOf(QueryCounter.BudgetExhaustedException.class).hasMessageContaining("budget");
        assertThatThrownBy(() -> EquationSolving.extract(new QueryCounter(new LabelsOnly(target), 100), domain, 6,
                Rng.of(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels only");
        assertThatThrownBy(() -> EquationSolving.extract(new QueryCounter(target, 100), domain, 5, Rng.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("d + 1");
    }

    private static NetworkClassifier mlpTarget() {
        Sequential net = Networks.mlp(Rng.of(11), 5, new int[] {32}, 3);
        Trainer.fit(net, DATA.features(), DATA.labels(), TrainConfig.adam(1e-2f, 20, 64, 12), Progress.NONE);
        return new NetworkClassifier(net, new int[] {5}, 3);
    }

    @Test
    void retrainingCopiesALabelOnlyNetwork() {
        NetworkClassifier target = mlpTarget();
        InputDomain domain = InputDomain.of(DATA.features());
        Tensor uniform = domain.sample(2000, Rng.of(6));
        Retraining.Options o = Retraining.Options.defaults().withEpochs(40);
        QueryCounter api = new QueryCounter(new LabelsOnly(target), 800);
        Retraining.Result uni = Retraining.extract(api, domain, 800, o, Rng.of(9), Progress.NONE);
        assertThat(uni.queries()).isEqualTo(800);
        double uniAgree = Fidelity.agreement(target, uni.copy(), uniform);
        assertThat(uniAgree).isGreaterThan(0.9);
        assertThat(Fidelity.agreement(target, uni.copy(), testX())).isGreaterThan(0.9);
        Retraining.Result line = Retraining.extract(new QueryCounter(new LabelsOnly(target), 800), domain, 800,
                o.withStrategy(Retraining.Strategy.LINE_SEARCH), Rng.of(9), Progress.NONE);
        assertThat(line.queries()).isLessThanOrEqualTo(800);
        assertThat(Fidelity.agreement(target, line.copy(), uniform)).isGreaterThan(0.9);
    }

    @Test
    void knockoffLearnsFromAnotherDistributionsDataWithSoftLabels() {
        NetworkClassifier target = mlpTarget();
        // attacker data: a different mixture (other centres), same feature space
        Tensor transfer = GaussianMixture.generate(1500, 4, 5, 3.0, Rng.of(99)).features();
        Knockoff.Result r = Knockoff.extract(new QueryCounter(target, 1000), transfer, 1000,
                Retraining.CopyFactory.mlp(32), 40, Rng.of(13), Progress.NONE);
        assertThat(r.queries()).isEqualTo(1000);
        assertThat(Fidelity.agreement(target, r.copy(), testX())).isGreaterThan(0.85);
    }
}

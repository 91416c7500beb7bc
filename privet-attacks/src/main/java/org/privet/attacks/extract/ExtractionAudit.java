package org.privet.attacks.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.privet.core.model.DecisionTree;
import org.privet.core.model.LabelClassifier;
import org.privet.core.model.LogisticRegression;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Every extraction attack that applies to a target, each with its own query budget, scored the same way:
 * agreement with the target on test data and on uniform inputs, the copy's test accuracy, queries used.
 * The target is any {@link LabelClassifier}: an in-process model or a remote endpoint.
 */
public final class ExtractionAudit {
    private ExtractionAudit() {
    }

    /**
     * Settings.
     *
     * @param budget        queries for each budgeted attack (retraining, knockoff), {@code >= 2}
     * @param knownFamily   the model family the attacker assumes: "logreg" and "tree" enable equation
     *                      solving and path finding; "any" runs only the generic attacks
     */
    public record Options(int budget, String knownFamily) {
        public Options {
            if (budget < 2) {
                throw new IllegalArgumentException("extraction budget must be >= 2. Provided value: " + budget);
            }
            Objects.requireNonNull(knownFamily, "knownFamily");
        }
    }

    /** One attack's outcome; {@code error} is non-null when the attack could not run (e.g. a defence stopped it). */
    public record Row(String attack, long queries, double agreementTest, double agreementUniform,
                      double copyAccuracy, String error) {
    }

    /**
     * @param target     the model under attack (queries are counted per attack)
     * @param transfer   attacker's natural data (for Knockoff), flat rows {@code [n, d]}, may be null
     * @param testX      held-out data for fidelity and accuracy, with labels {@code testY}
     * @param domain     the feature box the attacker assumes (for uniform queries)
     */
    public static List<Row> run(LabelClassifier target, Tensor transfer, Tensor testX, int[] testY,
                                InputDomain domain, Options options, Rng rng, Progress progress) {
        Objects.requireNonNull(target, "target");
        Tensor uniform = domain.sample(2000, rng.child("uniform-eval"));
        List<Row> rows = new ArrayList<>();
        int d = domain.dimension();
        Progress pr = progress == null ? Progress.NONE : progress;
        pr.start("extraction attacks", 5);
        String family = options.knownFamily();
        int step = 0;
        if (family.equals("logreg")) {
            for (int q : new int[] {d + 1, 20 * (d + 1)}) {
                QueryCounter api = new QueryCounter(target, q);
                String name = "equation-solving (" + q + " queries)";
                if (!api.hasProbabilities()) {
                    rows.add(new Row(name, 0, Double.NaN, Double.NaN, Double.NaN, "target returns labels only"));
                    continue;
                }
                try {
                    LogisticRegression copy = EquationSolving.extract(api, domain, q, rng.child("eq", q)).copy();
                    rows.add(row(name, api.used(), target, copy, testX, testY, uniform));
                } catch (RuntimeException e) {
                    rows.add(new Row(name, api.used(), Double.NaN, Double.NaN, Double.NaN, e.getMessage()));
                }
            }
        }
        pr.update(++step, "equation solving");
        if (family.equals("tree")) {
            QueryCounter api = new QueryCounter(target, Math.max(options.budget(), 100_000));
            try {
                PathFinding.Result r = PathFinding.extract(api, domain, PathFinding.Options.defaults(),
                        rng.child("path"), Progress.NONE);
                rows.add(row("path-finding (" + r.leaves() + " leaves)", api.used(), target, r.copy(), testX, testY,
                        uniform));
            } catch (RuntimeException e) {
                rows.add(new Row("path-finding", api.used(), Double.NaN, Double.NaN, Double.NaN, e.getMessage()));
            }
        }
        pr.update(++step, "path finding");
        for (Retraining.Strategy s : new Retraining.Strategy[] {Retraining.Strategy.UNIFORM,
                Retraining.Strategy.LINE_SEARCH}) {
            for (boolean soft : new boolean[] {true, false}) {
                QueryCounter api = new QueryCounter(target, options.budget());
                if (soft && !api.hasProbabilities()) {
                    continue;
                }
                String name = "retraining " + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + (soft ? " (probabilities)" : " (labels)");
                try {
                    Retraining.Result r = Retraining.extract(api, domain, options.budget(),
                            Retraining.Options.defaults().withStrategy(s).withProbabilities(soft),
                            rng.child(name), Progress.NONE);
                    rows.add(row(name, api.used(), target, r.copy(), testX, testY, uniform));
                } catch (RuntimeException e) {
                    rows.add(new Row(name, api.used(), Double.NaN, Double.NaN, Double.NaN, e.getMessage()));
                }
            }
            pr.update(++step, "retraining");
        }
        if (transfer != null) {
            QueryCounter api = new QueryCounter(target, options.budget());
            try {
                Knockoff.Result r = Knockoff.extract(api, transfer, options.budget(), Retraining.CopyFactory.mlp(64),
                        40, rng.child("knockoff"), Progress.NONE);
                rows.add(row("knockoff", api.used(), target, r.copy(), testX, testY, uniform));
            } catch (RuntimeException e) {
                rows.add(new Row("knockoff", api.used(), Double.NaN, Double.NaN, Double.NaN, e.getMessage()));
            }
        }
        pr.update(++step, "knockoff");
        pr.finish();
        return List.copyOf(rows);
    }

    private static Row row(String name, long queries, LabelClassifier target, LabelClassifier copy, Tensor testX,
                           int[] testY, Tensor uniform) {
        return new Row(name, queries, Fidelity.agreement(target, copy, testX),
                Fidelity.agreement(target, copy, uniform), Fidelity.accuracy(copy, testX, testY), null);
    }

    /** The family name of a known in-process model ("logreg", "tree"), or "any". */
    public static String familyOf(LabelClassifier model) {
        if (model instanceof LogisticRegression) {
            return "logreg";
        }
        if (model instanceof DecisionTree) {
            return "tree";
        }
        return "any";
    }
}

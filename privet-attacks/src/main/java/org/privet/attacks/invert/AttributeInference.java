package org.privet.attacks.invert;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.privet.core.model.DecisionTree;
import org.privet.core.model.LabelClassifier;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.tensor.Tensor;

/**
 * Attribute inference: the attacker knows a record's other features and its label (e.g. the outcome the
 * model predicts, known from elsewhere), queries the model, and guesses the sensitive attribute. The
 * estimators (Fredrikson et al. 2014, 2015):
 *
 * <ul>
 *   <li>{@link #mapConfidence}: {@code argmax_v p(v) * f(x_K, v)[y]}, the MAP estimate from confidences and
 *       the marginal prior;</li>
 *   <li>{@link #mapLabelOnly}: {@code argmax_v p(v) * C[y][f(x_K, v)]} with {@code C[y][y']} the attacker's
 *       estimate of {@code Pr[label y | prediction y']} (the 2015 paper's black-box estimator);</li>
 *   <li>{@link #whiteBoxTree}: from a decision tree's leaf counts: {@code argmax_v w(v) * n(leaf(x_K, v), y)}
 *       with {@code w(v) = 1} when the leaf's path tests the attribute (its count already conditions on v)
 *       and {@code p(v)} otherwise;</li>
 *   <li>{@link #attackModel}: a black-box attack-model baseline: a logistic regression trained on the
 *       attacker's auxiliary records mapping (model confidences for each candidate value, one-hot label) to
 *       the value;</li>
 *   <li>the prior baseline: always the most frequent value ({@link SensitiveAttribute#mode()}).</li>
 * </ul>
 * Ties and all-zero scores fall back to the prior's order. Rows of {@code x} carry some value in the
 * attribute's features; the estimators overwrite it with each candidate and never read it.
 */
public final class AttributeInference {
    private AttributeInference() {
    }

    /** One estimator's guesses and how good they are against the true values. */
    public record Estimate(String method, int[] guesses, double accuracy, double balancedAccuracy, long queries) {
    }

    /** All estimators on the same records, the prior baseline first. */
    public record Report(String attribute, List<String> values, List<Estimate> estimates) {
        /** The estimate of {@code method}. */
        public Estimate get(String method) {
            return estimates.stream().filter(e -> e.method().equals(method)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no estimate '" + method + "' in " + estimates));
        }
    }

    /** Candidate rows: row {@code i * values + v} is row i of x with the attribute set to v. */
    private static Tensor candidates(SensitiveAttribute a, Tensor x) {
        int n = x.dim(0);
        int d = x.size() / n;
        if (a.to() > d) {
            throw new IllegalArgumentException("attribute '" + a.name() + "' occupies features [" + a.from() + ", "
                    + a.to() + ") but rows have " + d + " features");
        }
        int m = a.values();
        float[] src = x.data();
        float[] out = new float[n * m * d];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < m; v++) {
                int o = (i * m + v) * d;
                System.arraycopy(src, i * d, out, o, d);
                a.set(out, o, v);
            }
        }
        int[] shape = x.shape().clone();
        shape[0] = n * m;
        return Tensor.wrap(out, shape);
    }

    private static int argmax(double[] score, SensitiveAttribute a) {
        int best = -1;
        for (int v = 0; v < score.length; v++) {
            if (best < 0 || score[v] > score[best] || (score[v] == score[best] && a.prior(v) > a.prior(best))) {
                best = v;
            }
        }
        return score[best] > 0 ? best : a.mode();
    }

    /** Fredrikson 2014 MAP estimator from confidences. */
    public static int[] mapConfidence(ProbabilisticClassifier model, SensitiveAttribute a, Tensor x, int[] y) {
        check(x, y);
        int n = x.dim(0);
        int m = a.values();
        int k = model.numClasses();
        float[] p = model.predictProba(candidates(a, x)).data();
        int[] out = new int[n];
        double[] s = new double[m];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < m; v++) {
                s[v] = a.prior(v) * p[(i * m + v) * k + y[i]];
            }
            out[i] = argmax(s, a);
        }
        return out;
    }

    /**
     * The attacker's confusion estimate {@code C[y][y'] = Pr[label y | prediction y']} from labelled auxiliary
     * data, with add-one smoothing.
     */
    public static double[][] confusion(LabelClassifier model, Tensor auxX, int[] auxY) {
        check(auxX, auxY);
        int k = model.numClasses();
        int[] pred = model.predict(auxX);
        double[][] c = new double[k][k];
        double[] col = new double[k];
        for (int i = 0; i < pred.length; i++) {
            c[auxY[i]][pred[i]]++;
            col[pred[i]]++;
        }
        for (int t = 0; t < k; t++) {
            for (int q = 0; q < k; q++) {
                c[t][q] = (c[t][q] + 1) / (col[q] + k);
            }
        }
        return c;
    }

    /** Fredrikson 2015 label-only estimator with the confusion estimate of {@link #confusion}. */
    public static int[] mapLabelOnly(LabelClassifier model, SensitiveAttribute a, Tensor x, int[] y,
                                     double[][] confusion) {
        check(x, y);
        int n = x.dim(0);
        int m = a.values();
        int[] pred = model.predict(candidates(a, x));
        int[] out = new int[n];
        double[] s = new double[m];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < m; v++) {
                s[v] = a.prior(v) * confusion[y[i]][pred[i * m + v]];
            }
            out[i] = argmax(s, a);
        }
        return out;
    }

    /** White-box estimator from a decision tree's leaf counts. */
    public static int[] whiteBoxTree(DecisionTree tree, SensitiveAttribute a, Tensor x, int[] y) {
        check(x, y);
        int n = x.dim(0);
        int m = a.values();
        Tensor c = candidates(a, x);
        int d = c.size() / c.dim(0);
        float[] cv = c.data();
        int[] out = new int[n];
        double[] s = new double[m];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < m; v++) {
                int off = (i * m + v) * d;
                int node = 0;
                boolean tests = false;
                while (!tree.isLeaf(node)) {
                    int f = tree.feature(node);
                    tests |= f >= a.from() && f < a.to();
                    node = cv[off + f] <= tree.threshold(node) ? tree.left(node) : tree.right(node);
                }
                double count = tree.classCounts(node)[y[i]];
                s[v] = (tests ? 1.0 : a.prior(v)) * count;
            }
            out[i] = argmax(s, a);
        }
        return out;
    }

    /**
     * Attack-model baseline: trains on the attacker's auxiliary records (features with the true attribute,
     * labels), then guesses for {@code x}. Features of the attack model: the target's confidence vector for
     * each candidate value, and the one-hot label.
     */
    public static int[] attackModel(ProbabilisticClassifier model, SensitiveAttribute a, Tensor auxX, int[] auxY,
                                    Tensor x, int[] y) {
        check(auxX, auxY);
        check(x, y);
        int[] auxV = new int[auxY.length];
        for (int i = 0; i < auxV.length; i++) {
            auxV[i] = a.valueOf(auxX, i);
            if (auxV[i] < 0) {
                throw new IllegalArgumentException("auxiliary row " + i + ": attribute '" + a.name()
                        + "' has an encoding that is none of its values");
            }
        }
        Tensor trainF = attackFeatures(model, a, auxX, auxY);
        LogisticRegression lr = LogisticRegression.fit(trainF, auxV, a.values(),
                LogisticRegression.Options.defaults().withL2(1e-3));
        return lr.predict(attackFeatures(model, a, x, y));
    }

    private static Tensor attackFeatures(ProbabilisticClassifier model, SensitiveAttribute a, Tensor x, int[] y) {
        int n = x.dim(0);
        int m = a.values();
        int k = model.numClasses();
        float[] p = model.predictProba(candidates(a, x)).data();
        int w = m * k + k;
        float[] f = new float[n * w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p, i * m * k, f, i * w, m * k);
            f[i * w + m * k + y[i]] = 1f;
        }
        return Tensor.wrap(f, n, w);
    }

    /**
     * Runs the prior baseline, the confidence MAP (if the model gives probabilities), the label-only MAP, the
     * white-box tree estimator (if the model is a {@link DecisionTree}) and the attack model on the records
     * {@code (x, y)} whose true attribute values are read from {@code x}; {@code (auxX, auxY)} is the
     * attacker's auxiliary data (for the confusion matrix and the attack model).
     */
    public static Report evaluate(LabelClassifier model, SensitiveAttribute a, Tensor auxX, int[] auxY, Tensor x,
                                  int[] y) {
        Objects.requireNonNull(model, "model");
        check(x, y);
        int n = x.dim(0);
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = a.valueOf(x, i);
            if (truth[i] < 0) {
                throw new IllegalArgumentException("row " + i + ": attribute '" + a.name()
                        + "' has an encoding that is none of its values");
            }
        }
        List<Estimate> out = new ArrayList<>();
        int[] prior = new int[n];
        java.util.Arrays.fill(prior, a.mode());
        out.add(estimate("prior", prior, truth, a.values(), 0));
        long q = (long) n * a.values();
        if (model instanceof ProbabilisticClassifier p) {
            out.add(estimate("map-confidence", mapConfidence(p, a, x, y), truth, a.values(), q));
        }
        out.add(estimate("map-label-only", mapLabelOnly(model, a, x, y, confusion(model, auxX, auxY)), truth,
                a.values(), q + auxY.length));
        if (model instanceof DecisionTree t) {
            out.add(estimate("white-box-tree", whiteBoxTree(t, a, x, y), truth, a.values(), 0));
        }
        if (model instanceof ProbabilisticClassifier p) {
            out.add(estimate("attack-model", attackModel(p, a, auxX, auxY, x, y), truth, a.values(),
                    q + (long) auxY.length * a.values()));
        }
        return new Report(a.name(), a.valueNames(), List.copyOf(out));
    }

    private static Estimate estimate(String method, int[] guess, int[] truth, int values, long queries) {
        int ok = 0;
        int[] perTotal = new int[values];
        int[] perOk = new int[values];
        for (int i = 0; i < truth.length; i++) {
            perTotal[truth[i]]++;
            if (guess[i] == truth[i]) {
                ok++;
                perOk[truth[i]]++;
            }
        }
        double bal = 0;
        int present = 0;
        for (int v = 0; v < values; v++) {
            if (perTotal[v] > 0) {
                bal += (double) perOk[v] / perTotal[v];
                present++;
            }
        }
        return new Estimate(method, guess, (double) ok / truth.length, bal / present, queries);
    }

    private static void check(Tensor x, int[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.dim(0) != y.length) {
            throw new IllegalArgumentException("x has " + x.dim(0) + " rows but y has " + y.length + " labels");
        }
        if (y.length == 0) {
            throw new IllegalArgumentException("no records to attack");
        }
    }
}

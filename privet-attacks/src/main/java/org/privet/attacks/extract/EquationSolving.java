package org.privet.attacks.extract;

import java.util.Objects;
import org.privet.core.model.LogisticRegression;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Equation-solving extraction of (multinomial) logistic regression from confidences (Tramer et al. 2016,
 * section 4.1). For a softmax model {@code p_c(x) ∝ exp(w_c·x + b_c)} every answered query gives, for each
 * class {@code c}, one linear equation {@code log(p_c / p_0) = (w_c - w_0)·x + (b_c - b_0)} in the {@code d + 1}
 * unknowns of class {@code c}: {@code d + 1} queries in general position recover the model exactly (up to
 * the softmax's shift invariance, which changes no output). With more queries the system is solved in the
 * least-squares sense, which is what makes the attack work against APIs that round their confidences.
 * Equations whose probabilities were rounded to 0 carry no information and are dropped per class.
 */
public final class EquationSolving {
    private EquationSolving() {
    }

    /** The copy and what it cost. */
    public record Result(LogisticRegression copy, long queries, int usableEquationsMin) {
    }

    /**
     * Extracts a logistic regression from {@code target} with {@code queries} uniform queries from {@code
     * domain} ({@code queries >= d + 1}; {@code d + 1} is the paper's exact count).
     */
    public static Result extract(QueryCounter target, InputDomain domain, int queries, Rng rng) {
        Objects.requireNonNull(target, "target");
        int d = domain.dimension();
        int[] shape = target.inputShape();
        if (shape.length != 1 || shape[0] != d) {
            throw new IllegalArgumentException("equation solving needs a flat input of " + d + " features to match "
                    + "the domain; the target takes shape " + java.util.Arrays.toString(shape));
        }
        if (queries < d + 1) {
            throw new IllegalArgumentException("queries must be >= d + 1 = " + (d + 1) + ". Provided value: "
                    + queries);
        }
        if (!target.hasProbabilities()) {
            throw new IllegalArgumentException("equation solving needs confidences; the target returns labels "
                    + "only (use Retraining)");
        }
        Tensor x = domain.sample(queries, rng);
        float[] p = target.predictProba(x).data();
        int k = target.numClasses();
        float[] xv = x.data();
        // Reference class per model: the class whose probability is most often usable (largest min-prob)
        int ref = 0;
        double[][] w = new double[d][k];
        double[] b = new double[k];
        int minUsable = Integer.MAX_VALUE;
        for (int c = 0; c < k; c++) {
            if (c == ref) {
                continue;
            }
            int usable = 0;
            for (int i = 0; i < queries; i++) {
                if (p[i * k + c] > 0 && p[i * k + ref] > 0) {
                    usable++;
                }
            }
            minUsable = Math.min(minUsable, usable);
            if (usable < d + 1) {
                throw new IllegalArgumentException("class " + c + ": only " + usable + " of " + queries + " answers "
                        + "have non-zero confidence for it and for class " + ref + "; " + (d + 1) + " are needed "
                        + "(query more points, or points nearer the decision boundaries)");
            }
            double[][] a = new double[usable][d + 1];
            double[][] t = new double[usable][1];
            int row = 0;
            for (int i = 0; i < queries; i++) {
                float pc = p[i * k + c];
                float p0 = p[i * k + ref];
                if (pc > 0 && p0 > 0) {
                    for (int j = 0; j < d; j++) {
                        a[row][j] = xv[i * d + j];
                    }
                    a[row][d] = 1;
                    t[row][0] = Math.log(pc) - Math.log(p0);
                    row++;
                }
            }
            double[][] z = LeastSquares.solve(a, t);
            for (int j = 0; j < d; j++) {
                w[j][c] = z[j][0];
            }
            b[c] = z[d][0];
        }
        float[] wf = new float[d * k];
        for (int j = 0; j < d; j++) {
            for (int c = 0; c < k; c++) {
                wf[j * k + c] = (float) w[j][c];
            }
        }
        float[] bf = new float[k];
        for (int c = 0; c < k; c++) {
            bf[c] = (float) b[c];
        }
        LogisticRegression copy = new LogisticRegression(Tensor.wrap(wf, d, k), Tensor.wrap(bf, k));
        return new Result(copy, queries, minUsable == Integer.MAX_VALUE ? queries : minUsable);
    }
}

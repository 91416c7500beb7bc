package org.privet.attacks.extract;

import org.privet.core.model.LabelClassifier;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.tensor.Tensor;

/**
 * How close a copy is to its target (Tramer et al. 2016, section 4): label agreement on test data and on
 * uniform inputs ({@code 1 - R_test}, {@code 1 - R_unif}), the largest total-variation distance between
 * their probability vectors, and the copy's accuracy. Measuring queries the target outside any attack
 * budget (the auditor owns it).
 */
public final class Fidelity {
    private Fidelity() {
    }

    /** Fraction of rows of {@code x} on which both predict the same label, in [0, 1]. */
    public static double agreement(LabelClassifier target, LabelClassifier copy, Tensor x) {
        int[] a = target.predict(x);
        int[] b = copy.predict(x);
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return a.length == 0 ? Double.NaN : (double) same / a.length;
    }

    /** Mean total-variation distance {@code 0.5 * sum |p - q|} between the two probability vectors per row. */
    public static double meanTotalVariation(ProbabilisticClassifier target, ProbabilisticClassifier copy, Tensor x) {
        float[] p = target.predictProba(x).data();
        float[] q = copy.predictProba(x).data();
        int n = x.dim(0);
        int c = p.length / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double tv = 0;
            for (int k = 0; k < c; k++) {
                tv += Math.abs(p[i * c + k] - q[i * c + k]);
            }
            sum += 0.5 * tv;
        }
        return sum / n;
    }

    /** Accuracy of {@code model} on labelled data, in [0, 1]. */
    public static double accuracy(LabelClassifier model, Tensor x, int[] y) {
        int[] p = model.predict(x);
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == y[i]) {
                ok++;
            }
        }
        return (double) ok / p.length;
    }
}

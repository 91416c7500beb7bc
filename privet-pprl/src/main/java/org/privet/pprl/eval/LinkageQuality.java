package org.privet.pprl.eval;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Quality of a set of predicted links against the true links, counting distinct pairs:
 * {@code precision = tp / (tp + fp)}, {@code recall = tp / (tp + fn)}, {@code f1 = 2pr / (p + r)}; a ratio
 * whose denominator is zero is 0 (no predictions: precision 0; no true pairs: recall 0).
 *
 * @param truePositives  predicted pairs that are true
 * @param falsePositives predicted pairs that are not
 * @param falseNegatives true pairs not predicted
 */
public record LinkageQuality(long truePositives, long falsePositives, long falseNegatives, double precision,
        double recall, double f1) {

    /** Compares {@code predicted} with {@code truth} (duplicates in either count once). */
    public static LinkageQuality of(Collection<Pair> predicted, Collection<Pair> truth) {
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(truth, "truth");
        Set<Pair> t = new HashSet<>(truth);
        Set<Pair> p = new HashSet<>(predicted);
        long tp = 0;
        for (Pair x : p) {
            if (t.contains(x)) {
                tp++;
            }
        }
        long fp = p.size() - tp;
        long fn = t.size() - tp;
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new LinkageQuality(tp, fp, fn, precision, recall, f1);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : (double) a / b;
    }
}

package org.privet.pprl.attack;

import java.util.Map;
import java.util.Set;
import org.privet.pprl.clk.ClkSet;

/**
 * Linkage quality of encodings measured by all-pairs Dice similarity: every pair (a, b) with Dice at least the
 * threshold is predicted a match; precision, recall and F1 against the true matches, at the threshold (on a 0.01
 * grid in [0.3, 1]) that maximises F1. A simple yardstick for comparing hardening methods, quadratic in the input
 * sizes (a few thousand records each); the linkage engine proper lives in {@code org.privet.pprl.link}.
 *
 * @param threshold the Dice threshold of the best F1
 * @param precision true predicted pairs / predicted pairs
 * @param recall    true predicted pairs / true pairs
 * @param f1        harmonic mean of precision and recall
 */
public record LinkageQuality(double threshold, double precision, double recall, double f1) {
    private static final int BINS = 1000;

    /**
     * @param a      encodings of file A
     * @param b      encodings of file B (same length as A's)
     * @param truth  true matches as pairs of record ids: A id to the set of its B ids
     */
    public static LinkageQuality allPairsDice(ClkSet a, ClkSet b, Map<String, Set<String>> truth) {
        if (a.bits() != b.bits()) {
            throw new IllegalArgumentException("encodings differ in length: A has " + a.bits() + " bits, B has "
                    + b.bits());
        }
        int w = a.wordsPerRecord();
        long[] aw = a.words();
        long[] bw = b.words();
        int[] popB = new int[b.size()];
        for (int j = 0; j < b.size(); j++) {
            popB[j] = b.popcount(j);
        }
        long[] all = new long[BINS + 1];
        long[] hit = new long[BINS + 1];
        long trueTotal = 0;
        for (Set<String> s : truth.values()) {
            trueTotal += s.size();
        }
        for (int i = 0; i < a.size(); i++) {
            int pa = a.popcount(i);
            Set<String> matches = truth.getOrDefault(a.id(i), Set.of());
            int oa = i * w;
            for (int j = 0; j < b.size(); j++) {
                int ob = j * w;
                int inter = 0;
                for (int k = 0; k < w; k++) {
                    inter += Long.bitCount(aw[oa + k] & bw[ob + k]);
                }
                int den = pa + popB[j];
                int bin = den == 0 ? BINS : (int) ((long) 2 * inter * BINS / den);
                all[bin]++;
                if (!matches.isEmpty() && matches.contains(b.id(j))) {
                    hit[bin]++;
                }
            }
        }
        // cumulative from the top: pairs with Dice >= bin / BINS
        double best = -1;
        double bt = 1;
        double bp = 0;
        double br = 0;
        long cAll = 0;
        long cHit = 0;
        for (int bin = BINS; bin >= 300; bin--) {
            cAll += all[bin];
            cHit += hit[bin];
            if (bin % 10 != 0) {
                continue;
            }
            double p = cAll == 0 ? 0 : (double) cHit / cAll;
            double r = trueTotal == 0 ? 0 : (double) cHit / trueTotal;
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            if (f > best) {
                best = f;
                bt = bin / (double) BINS;
                bp = p;
                br = r;
            }
        }
        return new LinkageQuality(bt, bp, br, Math.max(best, 0));
    }
}

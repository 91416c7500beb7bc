package org.privet.pprl.link;

import java.util.BitSet;
import java.util.Objects;

/**
 * Greedy one-to-one linkage: walk the candidates from the highest score down and accept a pair when
 * neither record is linked yet. This is what anonlink's {@code greedy_solve} computes for two databases
 * from candidates without repeated pairs (its merge rule with merge threshold 1 can only join two unlinked
 * records there; a test checks the equivalence against a transcription of anonlink's solver); ties in score are
 * broken by the lower index of the first, then of the second database. Stateless; thread safe.
 */
public final class GreedySolver {
    private GreedySolver() {
    }

    /**
     * @param candidates pairs sorted by {@link CandidatePairs#sortByScore()} (the order is checked)
     * @return the accepted pairs, in the same order
     */
    public static CandidatePairs solve(CandidatePairs candidates) {
        Objects.requireNonNull(candidates, "candidates");
        int n = candidates.size();
        BitSet usedA = new BitSet();
        BitSet usedB = new BitSet();
        CandidatePairs out = new CandidatePairs(Math.min(n, 1 << 16));
        double prev = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = candidates.score(i);
            if (s > prev) {
                throw new IllegalArgumentException("candidates must be sorted by score, descending: pair " + i
                        + " has score " + s + " after " + prev);
            }
            prev = s;
            int a = candidates.a(i);
            int b = candidates.b(i);
            if (!usedA.get(a) && !usedB.get(b)) {
                usedA.set(a);
                usedB.set(b);
                out.add(a, b, s);
            }
        }
        return out;
    }
}

package org.privet.fl;

import java.util.List;

/**
 * The outcome of a simulation: per-round records, every rejected update, the final global parameters and
 * how the run was set up (for provenance). Immutable.
 *
 * @param rounds      one record per round, in order
 * @param rejections  every rejected update, in order
 * @param finalModel  the global parameters after the last round
 * @param description the aggregator, adversary, DP and secure-aggregation settings, in words
 */
public record FlHistory(List<RoundRecord> rounds, List<Rejection> rejections, float[] finalModel,
        String description) {
    public FlHistory {
        rounds = List.copyOf(rounds);
        rejections = List.copyOf(rejections);
    }

    /** Clean accuracy per round. */
    public double[] cleanAccuracy() {
        return rounds.stream().mapToDouble(RoundRecord::cleanAccuracy).toArray();
    }

    /** Attack success rate per round (NaN without a backdoor). */
    public double[] attackSuccess() {
        return rounds.stream().mapToDouble(RoundRecord::attackSuccess).toArray();
    }

    /** The last round's record. */
    public RoundRecord last() {
        return rounds.get(rounds.size() - 1);
    }
}

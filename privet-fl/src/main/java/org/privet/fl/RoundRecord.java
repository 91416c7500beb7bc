package org.privet.fl;

/**
 * What happened in one round.
 *
 * @param round          round index from 0
 * @param sampled        clients sampled
 * @param dropped        sampled clients that went offline before sending
 * @param stragglers     sampled clients whose update arrived too late
 * @param attackers      participating attacker clients (sent an update this round)
 * @param accepted       updates aggregated
 * @param rejected       updates rejected by the server's checks this round
 * @param cleanAccuracy  accuracy in [0, 1] of the new global model on the clean test set
 * @param attackSuccess  backdoor success rate in [0, 1] on the triggered test set, NaN without a backdoor
 * @param epsilon        DP-FedAvg epsilon spent so far at the config's delta, NaN without DP
 * @param clipNorm       the clip norm used this round (DP-FedAvg), NaN without DP
 * @param skipped        why the global model was left unchanged this round (no accepted update, or too few
 *                       for the aggregation rule, e.g. Krum's {@code n > 2f + 2}); empty when it was updated
 */
public record RoundRecord(int round, int sampled, int dropped, int stragglers, int attackers, int accepted,
        int rejected, double cleanAccuracy, double attackSuccess, double epsilon, double clipNorm, String skipped) {
}

package org.privet.attacks.infer.membership;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One attack's verdict on the candidates, with how it was computed.
 *
 * <p>{@link #scores()}: one finite-or-infinite score per candidate, in the candidates' order, higher
 * meaning "more likely a member": ready for {@code RocCurve.of(scores, isMember)} and
 * {@code StandardMetrics.membership(attack, scores, isMember, ...)}. {@link #decisions()}: hard
 * member/non-member calls when the attack chose a threshold without the evaluation labels (on
 * shadow data, or Shokri's 0.5). {@link #parameters()}: every setting that shaped the scores, in
 * insertion order, for the report's provenance. Immutable (arrays are copied in and out).
 */
public final class AttackResult {
    private final String attack;
    private final double[] scores;
    private final int references;
    private final Map<String, String> parameters;
    private final boolean[] decisions;

    /**
     * @param attack     attack name, e.g. {@code lira-online}
     * @param scores     one score per candidate (no NaN)
     * @param references number of reference/shadow models used (0 for single-model attacks)
     * @param parameters settings, e.g. {@code {"variance": "per-example"}}
     * @param decisions  hard decisions per candidate, or null
     */
    public AttackResult(String attack, double[] scores, int references, Map<String, String> parameters,
            boolean[] decisions) {
        if (attack == null || attack.isBlank()) {
            throw new IllegalArgumentException("attack name must not be blank. Provided value: '" + attack + "'");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new AssertionError("internal invariant: attack " + attack + " produced NaN for candidate " + i);
            }
        }
        if (decisions != null && decisions.length != scores.length) {
            throw new IllegalArgumentException("attack " + attack + ": " + decisions.length + " decisions for "
                    + scores.length + " scores");
        }
        if (references < 0) {
            throw new IllegalArgumentException("references must be >= 0. Provided value: " + references);
        }
        this.attack = attack;
        this.scores = scores.clone();
        this.references = references;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.decisions = decisions == null ? null : decisions.clone();
    }

    public String attack() {
        return attack;
    }

    /** A copy of the scores, one per candidate. */
    public double[] scores() {
        return scores.clone();
    }

    /** Number of candidates scored. */
    public int size() {
        return scores.length;
    }

    /** Number of reference/shadow models behind the scores. */
    public int references() {
        return references;
    }

    /** Settings that produced the scores (unmodifiable). */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Hard decisions (a copy) when the attack has a threshold chosen without evaluation labels. */
    public Optional<boolean[]> decisions() {
        return decisions == null ? Optional.empty() : Optional.of(decisions.clone());
    }

    @Override
    public String toString() {
        return "AttackResult[" + attack + ", " + scores.length + " candidates, " + references + " references, "
                + parameters + "]";
    }
}

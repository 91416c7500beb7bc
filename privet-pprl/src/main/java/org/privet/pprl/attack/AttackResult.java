package org.privet.pprl.attack;

import java.util.List;

/**
 * How many encoded records an attack re-identified. For each encoded record the attack names zero or more
 * candidate plaintext values; with the true values (known to the evaluator, not to the attacker) a record counts
 * as <em>1-1 correct</em> when the attack names exactly the true value, <em>1-1 wrong</em> when it names exactly
 * one other value, and <em>1-m correct</em> when it names 2 to {@code maxMany} values including the true one.
 * Rates are fractions of all encoded records. Immutable.
 *
 * @param attack              the attack's name
 * @param records             encoded records attacked
 * @param oneToOneCorrect     records re-identified exactly
 * @param oneToOneWrong       records given exactly one wrong value
 * @param oneToManyCorrect    records narrowed to 2..maxMany values including the true one
 * @param maxMany             the bound of a 1-m guess
 * @param identifiedFeatures  what the attack learnt on the way (aligned encodings, or q-grams whose bit positions
 *                            it identified)
 * @param guesses             per encoded record, the candidate values (empty: no guess)
 */
public record AttackResult(String attack, int records, int oneToOneCorrect, int oneToOneWrong, int oneToManyCorrect,
                           int maxMany, int identifiedFeatures, List<List<String>> guesses) {
    public AttackResult {
        guesses = List.copyOf(guesses);
    }

    /** Scores candidate lists against the true values ({@code truth.get(i)} for encoded record i). */
    public static AttackResult score(String attack, List<List<String>> guesses, List<String> truth, int maxMany,
                                     int identifiedFeatures) {
        if (guesses.size() != truth.size()) {
            throw new IllegalArgumentException("score: " + guesses.size() + " guesses for " + truth.size()
                    + " true values");
        }
        int ok = 0;
        int wrong = 0;
        int many = 0;
        for (int i = 0; i < guesses.size(); i++) {
            List<String> g = guesses.get(i);
            if (g.size() == 1) {
                if (g.get(0).equals(truth.get(i))) {
                    ok++;
                } else {
                    wrong++;
                }
            } else if (g.size() > 1 && g.size() <= maxMany && g.contains(truth.get(i))) {
                many++;
            }
        }
        return new AttackResult(attack, guesses.size(), ok, wrong, many, maxMany, identifiedFeatures, guesses);
    }

    /** 1-1 correct re-identifications as a fraction of the records. */
    public double oneToOneRate() {
        return records == 0 ? 0 : (double) oneToOneCorrect / records;
    }

    /** 1-m correct as a fraction of the records. */
    public double oneToManyRate() {
        return records == 0 ? 0 : (double) oneToManyCorrect / records;
    }

    /** Precision of the 1-1 guesses: correct / (correct + wrong), 0 when none. */
    public double oneToOnePrecision() {
        return oneToOneCorrect + oneToOneWrong == 0 ? 0 : (double) oneToOneCorrect / (oneToOneCorrect + oneToOneWrong);
    }
}

package org.privet.attacks.poison.detect;

/**
 * Outcome of a poisoning detector over a training set.
 *
 * @param method   the detector, e.g. {@code "spectral-signatures"}
 * @param scores   per training example, higher = more suspicious (detector-specific scale)
 * @param flagged  per training example, true when the detector would remove it
 * @param settings the detector's settings, printable
 */
public record PoisonDetection(String method, double[] scores, boolean[] flagged, String settings) {
    public PoisonDetection {
        if (scores.length != flagged.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + flagged.length + " flags");
        }
        scores = scores.clone();
        flagged = flagged.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public boolean[] flagged() {
        return flagged.clone();
    }

    /** Number of flagged examples. */
    public int flaggedCount() {
        int c = 0;
        for (boolean f : flagged) {
            c += f ? 1 : 0;
        }
        return c;
    }

    /**
     * Fraction of the truly poisoned examples that are flagged (recall), given ground truth.
     *
     * @param poisoned per example, true for a poisoned one; same length as the scores
     */
    public double recall(boolean[] poisoned) {
        check(poisoned);
        int tp = 0;
        int p = 0;
        for (int i = 0; i < poisoned.length; i++) {
            if (poisoned[i]) {
                p++;
                tp += flagged[i] ? 1 : 0;
            }
        }
        return p == 0 ? Double.NaN : tp / (double) p;
    }

    /** Fraction of the clean examples that are flagged (false-positive rate). */
    public double falsePositiveRate(boolean[] poisoned) {
        check(poisoned);
        int fp = 0;
        int c = 0;
        for (int i = 0; i < poisoned.length; i++) {
            if (!poisoned[i]) {
                c++;
                fp += flagged[i] ? 1 : 0;
            }
        }
        return c == 0 ? Double.NaN : fp / (double) c;
    }

    private void check(boolean[] poisoned) {
        if (poisoned.length != flagged.length) {
            throw new IllegalArgumentException("ground truth has " + poisoned.length + " entries for "
                    + flagged.length + " examples");
        }
    }
}

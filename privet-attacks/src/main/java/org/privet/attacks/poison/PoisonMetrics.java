package org.privet.attacks.poison;

/** Metrics of a poisoning attack. Stateless. */
public final class PoisonMetrics {
    private PoisonMetrics() {
    }

    /**
     * Attack success rate in [0, 1]: the fraction of {@code predictions} equal to {@code target}, for
     * predictions on triggered examples whose true class is not the target ({@link Backdoor#triggeredTest}).
     * NaN for no predictions.
     */
    public static double attackSuccessRate(int[] predictions, int target) {
        if (predictions.length == 0) {
            return Double.NaN;
        }
        long hit = 0;
        for (int p : predictions) {
            if (p == target) {
                hit++;
            }
        }
        return (double) hit / predictions.length;
    }
}

package org.privet.attacks.infer.membership;

import java.util.Locale;

/**
 * Single-model baseline attacks: a member tends to get a lower loss, a higher confidence in its
 * label, a lower entropy than a non-member. Each signal is turned into a score where higher means
 * "more likely a member".
 *
 * <ul>
 *   <li>{@link Signal#LOSS}: {@code -loss} (Yeom et al. 2018, threshold on the loss);</li>
 *   <li>{@link Signal#CONFIDENCE}: {@code p_y}, the probability of the true label;</li>
 *   <li>{@link Signal#ENTROPY}: {@code -H(p)} (Song and Mittal 2021; label-free);</li>
 *   <li>{@link Signal#MODIFIED_ENTROPY}: {@code -Mentr(p, y)} (Song and Mittal 2021).</li>
 * </ul>
 *
 * <p>The scores are threshold-free (ROC over all thresholds); {@link Thresholds} picks global or
 * per-class thresholds on shadow data for hard decisions. Stateless and thread safe.
 */
public final class Baselines {
    private Baselines() {
    }

    /** The per-record signal a baseline thresholds. */
    public enum Signal {
        LOSS("loss"), CONFIDENCE("confidence"), ENTROPY("entropy"), MODIFIED_ENTROPY("mentr");

        private final String id;

        Signal(String id) {
            this.id = id;
        }

        /** Short name used in attack lists and reports ({@code loss, confidence, entropy, mentr}). */
        public String id() {
            return id;
        }

        /** The signal named {@code id} (case-insensitive). */
        public static Signal parse(String id) {
            for (Signal s : values()) {
                if (s.id.equalsIgnoreCase(id) || s.name().equalsIgnoreCase(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("baseline signal must be one of loss, confidence, entropy, mentr. "
                    + "Provided value: " + id);
        }

        /** Membership scores of the records in {@code outputs} with true labels {@code labels}. */
        public double[] scores(ModelOutputs outputs, int[] labels) {
            double[] s;
            switch (this) {
                case LOSS -> s = negate(outputs.loss(labels));
                case CONFIDENCE -> s = outputs.trueClassProbability(labels);
                case ENTROPY -> {
                    if (labels.length != outputs.size()) {
                        throw new IllegalArgumentException("labels: need one label per record (" + outputs.size()
                                + "). Provided: " + labels.length);
                    }
                    s = negate(outputs.entropy());
                }
                case MODIFIED_ENTROPY -> s = negate(outputs.modifiedEntropy(labels));
                default -> throw new AssertionError("internal invariant: unknown signal " + this);
            }
            return s;
        }

        @Override
        public String toString() {
            return id.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Loss-attack scores from precomputed per-record losses of any model: {@code -loss[i]}.
     *
     * @throws IllegalArgumentException when a loss is NaN or negative
     */
    public static double[] fromLosses(double[] losses) {
        double[] s = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            if (!(losses[i] >= 0)) {
                throw new IllegalArgumentException("losses[" + i + "] must be >= 0 (cross-entropy). Provided value: "
                        + losses[i]);
            }
            s[i] = -losses[i];
        }
        return s;
    }

    /** {@link #fromLosses(double[])} for float losses (e.g. {@code WhiteBoxClassifier.lossPerExample}). */
    public static double[] fromLosses(float[] losses) {
        double[] d = new double[losses.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = losses[i];
        }
        return fromLosses(d);
    }

    private static double[] negate(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        return v;
    }
}

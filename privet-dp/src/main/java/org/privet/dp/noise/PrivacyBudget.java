package org.privet.dp.noise;

/**
 * An (epsilon, delta) differential-privacy budget: a mechanism with this budget is
 * (epsilon, delta)-DP under add/remove (or replace, as its Javadoc states) of one record.
 *
 * <p>Valid values: {@code epsilon} finite and {@code > 0}; {@code delta} in {@code [0, 1)}
 * ({@code delta == 0} is pure DP). A {@code PrivacyBudget} that exists is valid: the compact
 * constructor rejects anything else with an {@link IllegalArgumentException} naming the rule and
 * the value. Immutable and thread-safe.
 *
 * @param epsilon the privacy-loss bound, {@code > 0} and finite
 * @param delta the failure probability, in {@code [0, 1)}
 */
public record PrivacyBudget(double epsilon, double delta) {

    /** Validates both parameters. */
    public PrivacyBudget {
        checkEpsilon(epsilon);
        checkDelta(delta);
    }

    /** A pure-DP budget: {@code (epsilon, 0)}. */
    public static PrivacyBudget pure(double epsilon) {
        return new PrivacyBudget(epsilon, 0.0);
    }

    /** Returns true when {@code delta == 0}. */
    public boolean isPure() {
        return delta == 0.0;
    }

    /**
     * Checks an epsilon parameter.
     *
     * @throws IllegalArgumentException unless {@code epsilon > 0} and finite
     */
    public static double checkEpsilon(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(
                    "epsilon must be > 0 and finite. Provided value: " + epsilon);
        }
        return epsilon;
    }

    /**
     * Checks a delta parameter.
     *
     * @throws IllegalArgumentException unless {@code 0 <= delta < 1}
     */
    public static double checkDelta(double delta) {
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1). Provided value: " + delta);
        }
        return delta;
    }

    /**
     * Checks a delta parameter that must be strictly positive (approximate-DP mechanisms such as
     * the Gaussian).
     *
     * @throws IllegalArgumentException unless {@code 0 < delta < 1}
     */
    public static double checkPositiveDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
        }
        return delta;
    }
}

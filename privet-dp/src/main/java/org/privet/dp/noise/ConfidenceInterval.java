package org.privet.dp.noise;

/**
 * A confidence interval for the true (un-noised) value given a noised release: the interval
 * contains the true value with probability at least {@code confidenceLevel} over the mechanism's
 * noise. Computed from the noise distribution only, so it costs no privacy.
 *
 * @param lower the lower end, {@code <= upper}
 * @param upper the upper end
 * @param confidenceLevel the coverage, in {@code (0, 1)}
 */
public record ConfidenceInterval(double lower, double upper, double confidenceLevel) {

    /** Validates the bounds and the level. */
    public ConfidenceInterval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException(
                    "confidence interval lower must be <= upper. Provided values: " + lower + ", " + upper);
        }
        checkLevel(confidenceLevel);
    }

    static double checkLevel(double confidenceLevel) {
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException(
                    "confidence level must be in (0, 1). Provided value: " + confidenceLevel);
        }
        return confidenceLevel;
    }

    /** Returns true when {@code lower <= x <= upper}. */
    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }
}

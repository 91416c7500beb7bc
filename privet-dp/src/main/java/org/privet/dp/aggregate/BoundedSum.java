package org.privet.dp.aggregate;

import org.privet.dp.noise.ConfidenceInterval;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * A differentially private sum of values clamped to {@code [lower, upper]} over one partition (Google DP's
 * {@code BoundedSum}).
 *
 * <p>Contract: the caller's rows are contribution-bounded as for {@link Count}. Each value is clamped, so one row
 * changes the sum by at most {@code max(|lower|, |upper|)} and one privacy unit by at most {@code lInf =
 * maxContributionsPerPartition * max(|lower|, |upper|)} in each of at most {@code l0 = maxPartitionsContributed}
 * partitions; the noise is calibrated to {@code Sensitivity(l0, lInf)}. NaN values are rejected (they cannot be
 * clamped). The sum is accumulated in double precision (its sensitivity holds up to floating-point rounding of
 * the sum). One-shot release; not thread-safe.
 */
public final class BoundedSum {
    private final double lower;
    private final double upper;
    private final NoiseMechanism mechanism;
    private final Release release = new Release("BoundedSum");
    private double sum;
    private double result;

    private BoundedSum(double lower, double upper, NoiseMechanism mechanism) {
        this.lower = lower;
        this.upper = upper;
        this.mechanism = mechanism;
    }

    /** A builder; set epsilon, lower and upper. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one value, clamped to {@code [lower, upper]}. */
    public void addEntry(double value) {
        release.checkOpen();
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("BoundedSum: value must not be NaN");
        }
        sum += Math.min(upper, Math.max(lower, value));
    }

    /**
     * Releases the noisy sum.
     *
     * @throws IllegalStateException when already released
     */
    public double computeResult() {
        release.release();
        result = mechanism.addNoise(sum);
        sum = 0;
        return result;
    }

    /** A confidence interval for the true clamped sum around the released one (no privacy cost). */
    public ConfidenceInterval confidenceInterval(double confidenceLevel) {
        release.checkReleased();
        return mechanism.confidenceInterval(result, confidenceLevel);
    }

    /** The mechanism (its sensitivity and budget are those of the release). */
    public NoiseMechanism mechanism() {
        return mechanism;
    }

    /** The guarantee of the release. */
    public PrivacyBudget budget() {
        return mechanism.budget();
    }

    /** Builder for {@link BoundedSum}. */
    public static final class Builder extends BoundedAggregationBuilder<Builder> {
        private Builder() {
        }

        /** Validates every parameter and builds the sum. */
        public BoundedSum build() {
            PrivacyBudget b = validatedBudget();
            checkValueBounds(lower, upper);
            double magnitude = Math.max(Math.abs(lower), Math.abs(upper));
            if (magnitude == 0) {
                throw new IllegalArgumentException("BoundedSum: bounds [0, 0] make every sum 0; nothing to release");
            }
            Sensitivity s = new Sensitivity(maxPartitionsContributed, roundedUpProduct(maxContributionsPerPartition, magnitude));
            return new BoundedSum(lower, upper, noise.mechanism(b, s, randomOrDefault()));
        }
    }

    /**
     * The largest distance from {@code mid = lower + (upper - lower)/2} (as computed in double) to either bound,
     * exactly, rounded up to a double: a bound on {@code |clamp(x) - mid|} that floating-point rounding of the
     * difference cannot exceed (rounding is monotone and the bound is a double).
     */
    static double centredMagnitude(double lower, double upper) {
        double mid = lower + (upper - lower) / 2;
        java.math.BigDecimal m = new java.math.BigDecimal(mid);
        java.math.BigDecimal d = m.subtract(new java.math.BigDecimal(lower)).abs()
                .max(new java.math.BigDecimal(upper).subtract(m).abs());
        double r = d.doubleValue();
        return new java.math.BigDecimal(r).compareTo(d) < 0 ? Math.nextUp(r) : r;
    }

    /** {@code a * b} rounded up, so a sensitivity is never under-stated. */
    static double roundedUpProduct(double a, double b) {
        double v = a * b;
        return Math.fma(a, b, -v) > 0 ? Math.nextUp(v) : v;
    }
}

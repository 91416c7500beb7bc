package org.privet.dp.aggregate;

import org.privet.dp.noise.ConfidenceInterval;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * A differentially private count of the rows of one partition (Google DP's {@code Count}).
 *
 * <p>Contract: the caller feeds rows that are already contribution-bounded, i.e. one privacy unit adds at most
 * {@code maxContributionsPerPartition} rows here and touches at most {@code maxPartitionsContributed} such
 * counts ({@link PartitionedAggregation} does the bounding for grouped data). The noise is then calibrated to
 * {@code Sensitivity(l0 = maxPartitionsContributed, lInf = maxContributionsPerPartition)}, and the release is
 * {@link #budget()}-DP with respect to adding or removing one privacy unit. The released count is not clamped
 * (it may be negative). One-shot: {@link #computeResult()} releases once. Not thread-safe.
 */
public final class Count {
    private final NoiseMechanism mechanism;
    private final Release release = new Release("Count");
    private long rawCount;
    private long result;

    private Count(NoiseMechanism mechanism) {
        this.mechanism = mechanism;
    }

    /** A builder; set at least epsilon. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one row. */
    public void increment() {
        incrementBy(1);
    }

    /** Adds {@code n >= 0} rows. */
    public void incrementBy(long n) {
        release.checkOpen();
        if (n < 0) {
            throw new IllegalArgumentException("count increment must be >= 0. Provided value: " + n);
        }
        rawCount = Math.addExact(rawCount, n);
    }

    /**
     * Releases the noisy count.
     *
     * @throws IllegalStateException when already released
     */
    public long computeResult() {
        release.release();
        result = mechanism.addNoise(rawCount);
        rawCount = 0;
        return result;
    }

    /** A confidence interval for the true count around the released one (no privacy cost). */
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

    /** Builder for {@link Count}. */
    public static final class Builder extends AggregationBuilder<Builder> {
        private Builder() {
        }

        /** Validates every parameter and builds the count. */
        public Count build() {
            PrivacyBudget b = validatedBudget();
            Sensitivity s = new Sensitivity(maxPartitionsContributed, maxContributionsPerPartition);
            return new Count(noise.mechanism(b, s, randomOrDefault()));
        }
    }
}

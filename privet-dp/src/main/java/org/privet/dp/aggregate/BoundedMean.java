package org.privet.dp.aggregate;

import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * A differentially private mean of values clamped to {@code [lower, upper]} over one partition (Google DP's
 * {@code BoundedMean}: a noisy count and a noisy sum of values re-centred at the midpoint).
 *
 * <p>The budget is split evenly: {@code (epsilon/2, delta/2)} for the count (sensitivity {@code (l0, Linf)}) and
 * {@code (epsilon/2, delta/2)} for the sum of {@code clamp(x) - mid}, {@code mid = (lower + upper)/2} (sensitivity
 * {@code (l0, Linf * (upper - lower)/2)}, half of what an un-centred sum would need when the bounds straddle
 * zero symmetrically). The release is {@code clamp(mid + noisySum / max(1, noisyCount), lower, upper)}, post-
 * processing of the two, so the whole is {@link #budget()}-DP. The estimate is biased towards {@code mid} for
 * small counts. No confidence interval is offered: the ratio of two noisy values has none that the noise
 * distributions give directly. Contract on the input as for {@link Count}. One-shot release; not thread-safe.
 */
public final class BoundedMean {
    private final double lower;
    private final double upper;
    private final double mid;
    private final PrivacyBudget budget;
    private final NoiseMechanism countMechanism;
    private final NoiseMechanism sumMechanism;
    private final Release release = new Release("BoundedMean");
    private long count;
    private double normalizedSum;

    private BoundedMean(double lower, double upper, PrivacyBudget budget, NoiseMechanism countMechanism,
            NoiseMechanism sumMechanism) {
        this.lower = lower;
        this.upper = upper;
        this.mid = lower + (upper - lower) / 2;
        this.budget = budget;
        this.countMechanism = countMechanism;
        this.sumMechanism = sumMechanism;
    }

    /** A builder; set epsilon, lower and upper ({@code lower < upper}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one value, clamped to {@code [lower, upper]}. */
    public void addEntry(double value) {
        release.checkOpen();
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("BoundedMean: value must not be NaN");
        }
        count++;
        normalizedSum += Math.min(upper, Math.max(lower, value)) - mid;
    }

    /**
     * Releases the noisy mean, in {@code [lower, upper]}.
     *
     * @throws IllegalStateException when already released
     */
    public double computeResult() {
        release.release();
        double noisyCount = countMechanism.addNoise(count);
        double noisySum = sumMechanism.addNoise(normalizedSum);
        count = 0;
        normalizedSum = 0;
        return meanOf(noisyCount, noisySum, lower, upper);
    }

    static double meanOf(double noisyCount, double noisyNormalizedSum, double lower, double upper) {
        double mid = lower + (upper - lower) / 2;
        double m = mid + noisyNormalizedSum / Math.max(1.0, noisyCount);
        return Math.min(upper, Math.max(lower, m));
    }

    /** The total guarantee (count and sum together). */
    public PrivacyBudget budget() {
        return budget;
    }

    /** The count's mechanism (half the budget). */
    public NoiseMechanism countMechanism() {
        return countMechanism;
    }

    /** The centred sum's mechanism (half the budget). */
    public NoiseMechanism sumMechanism() {
        return sumMechanism;
    }

    /** Builder for {@link BoundedMean}. */
    public static final class Builder extends BoundedAggregationBuilder<Builder> {
        private Builder() {
        }

        /** Validates every parameter and builds the mean. */
        public BoundedMean build() {
            PrivacyBudget b = validatedBudget();
            checkValueBounds(lower, upper);
            if (!(lower < upper)) {
                throw new IllegalArgumentException("BoundedMean: lower must be < upper (the mean of [x, x] is x). "
                        + "Provided values: lower=" + lower + ", upper=" + upper);
            }
            PrivacyBudget half = new PrivacyBudget(b.epsilon() / 2, b.delta() / 2);
            java.security.SecureRandom r = randomOrDefault();
            NoiseMechanism c = noise.mechanism(half, new Sensitivity(maxPartitionsContributed, maxContributionsPerPartition), r);
            double halfWidth = BoundedSum.centredMagnitude(lower, upper); // rounded up: never under-states the sensitivity
            NoiseMechanism s = noise.mechanism(half, new Sensitivity(maxPartitionsContributed,
                    BoundedSum.roundedUpProduct(maxContributionsPerPartition, halfWidth)), r);
            return new BoundedMean(lower, upper, b, c, s);
        }
    }
}

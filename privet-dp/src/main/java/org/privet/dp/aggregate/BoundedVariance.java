package org.privet.dp.aggregate;

import java.security.SecureRandom;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * A differentially private (population) variance of values clamped to {@code [lower, upper]} over one partition
 * (Google DP's {@code BoundedVariance}): a noisy count, a noisy sum of {@code clamp(x) - mid} and a noisy sum of
 * {@code (clamp(x) - mid)^2}, {@code mid = (lower + upper)/2}, each on a third of the budget.
 *
 * <p>With {@code h} the largest distance from {@code mid} to a bound (exact, rounded up), the sensitivities are
 * {@code (L0, Linf)}, {@code (L0, Linf h)} and {@code (L0, Linf h^2)} (products rounded up; floating-point
 * rounding is monotone, so a computed square never exceeds the rounded-up {@code h^2}). The release is
 * {@code clamp(sq/n - (s/n)^2, 0, h^2)} with {@code n = max(1, noisyCount)}: post-processing, so the whole is
 * {@link #budget()}-DP (add/remove one privacy unit, given bounded contributions as for {@link Count}). Biased for
 * small counts; no confidence interval. One-shot release; not thread-safe.
 */
public final class BoundedVariance {
    private final double lower;
    private final double upper;
    private final double mid;
    private final double maxVariance;
    private final PrivacyBudget budget;
    private final NoiseMechanism countMechanism;
    private final NoiseMechanism sumMechanism;
    private final NoiseMechanism sumOfSquaresMechanism;
    private final Release release = new Release("BoundedVariance");
    private long count;
    private double sum;
    private double sumOfSquares;

    private BoundedVariance(double lower, double upper, double h2, PrivacyBudget budget, NoiseMechanism c,
            NoiseMechanism s, NoiseMechanism sq) {
        this.lower = lower;
        this.upper = upper;
        this.mid = lower + (upper - lower) / 2;
        this.maxVariance = h2;
        this.budget = budget;
        this.countMechanism = c;
        this.sumMechanism = s;
        this.sumOfSquaresMechanism = sq;
    }

    /** A builder; set epsilon, lower and upper ({@code lower < upper}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one value, clamped to {@code [lower, upper]}. */
    public void addEntry(double value) {
        release.checkOpen();
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("BoundedVariance: value must not be NaN");
        }
        double c = Math.min(upper, Math.max(lower, value)) - mid;
        count++;
        sum += c;
        sumOfSquares += c * c;
    }

    /**
     * Releases the noisy variance, in {@code [0, h^2]}.
     *
     * @throws IllegalStateException when already released
     */
    public double computeResult() {
        release.release();
        double n = Math.max(1.0, countMechanism.addNoise(count));
        double s = sumMechanism.addNoise(sum);
        double sq = sumOfSquaresMechanism.addNoise(sumOfSquares);
        count = 0;
        sum = 0;
        sumOfSquares = 0;
        double m = s / n;
        double v = sq / n - m * m;
        return Math.min(maxVariance, Math.max(0.0, v));
    }

    /** The total guarantee. */
    public PrivacyBudget budget() {
        return budget;
    }

    /** The count's mechanism (a third of the budget). */
    public NoiseMechanism countMechanism() {
        return countMechanism;
    }

    /** The centred sum's mechanism (a third of the budget). */
    public NoiseMechanism sumMechanism() {
        return sumMechanism;
    }

    /** The centred sum of squares' mechanism (a third of the budget). */
    public NoiseMechanism sumOfSquaresMechanism() {
        return sumOfSquaresMechanism;
    }

    /** Builder for {@link BoundedVariance}. */
    public static final class Builder extends BoundedAggregationBuilder<Builder> {
        private Builder() {
        }

        /** Validates every parameter and builds the variance. */
        public BoundedVariance build() {
            PrivacyBudget b = validatedBudget();
            checkValueBounds(lower, upper);
            if (!(lower < upper)) {
                throw new IllegalArgumentException("BoundedVariance: lower must be < upper. Provided values: lower="
                        + lower + ", upper=" + upper);
            }
            PrivacyBudget third = new PrivacyBudget(b.epsilon() / 3, b.delta() / 3);
            SecureRandom r = randomOrDefault();
            int l0 = maxPartitionsContributed;
            int lInf = maxContributionsPerPartition;
            double h = BoundedSum.centredMagnitude(lower, upper);
            double h2 = BoundedSum.roundedUpProduct(h, h);
            NoiseMechanism c = noise.mechanism(third, new Sensitivity(l0, lInf), r);
            NoiseMechanism s = noise.mechanism(third, new Sensitivity(l0, BoundedSum.roundedUpProduct(lInf, h)), r);
            NoiseMechanism sq = noise.mechanism(third, new Sensitivity(l0, BoundedSum.roundedUpProduct(lInf, h2)), r);
            return new BoundedVariance(lower, upper, h2, b, c, s, sq);
        }
    }
}

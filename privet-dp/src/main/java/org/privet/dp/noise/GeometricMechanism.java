package org.privet.dp.noise;

/**
 * The truncated geometric mechanism of Ghosh, Roughgarden and Sundararajan ("Universally
 * Utility-Maximizing Privacy Mechanisms", STOC 2009) for integer queries with a known range
 * {@code [lower, upper]}: the input is clamped to the range, two-sided geometric noise with
 * {@code P(z) ~ exp(-epsilon |z| / l1)} is added (exact sampler, CKS 2020 Algorithm 2), and the
 * result is clamped to the range again, which puts the out-of-range mass on the end points.
 *
 * <p>Guarantee: {@code epsilon}-DP for queries of integral L1 sensitivity {@code l1} (clamping before
 * is 1-Lipschitz, clamping after is post-processing). Thread-safe when its random source is.
 */
public final class GeometricMechanism implements NoiseMechanism {

    private final DiscreteLaplaceMechanism noise;
    private final long lower;
    private final long upper;

    private GeometricMechanism(DiscreteLaplaceMechanism noise, long lower, long upper) {
        this.noise = noise;
        this.lower = lower;
        this.upper = upper;
    }

    /** A builder; set epsilon, an integral sensitivity and the bounds. */
    public static Builder builder() {
        return new Builder();
    }

    /** The lower end of the output range. */
    public long lower() {
        return lower;
    }

    /** The upper end of the output range. */
    public long upper() {
        return upper;
    }

    @Override
    public long addNoise(long value) {
        long clamped = Math.max(lower, Math.min(upper, value));
        long z = noise.sampleNoise();
        long v;
        try {
            v = Math.addExact(clamped, z);
        } catch (ArithmeticException overflow) {
            v = z > 0 ? upper : lower;
        }
        return Math.max(lower, Math.min(upper, v));
    }

    @Override
    public double addNoise(double value) {
        return addNoise(Grid.checkIntegral(value));
    }

    @Override
    public PrivacyBudget budget() {
        return noise.budget();
    }

    @Override
    public Sensitivity sensitivity() {
        return noise.sensitivity();
    }

    /** Upper bound: the untruncated geometric variance (truncation toward an in-range value only reduces the error). */
    @Override
    public double variance() {
        return noise.variance();
    }

    @Override
    public ConfidenceInterval confidenceInterval(double noisedValue, double confidenceLevel) {
        ConfidenceInterval ci = noise.confidenceInterval(noisedValue, confidenceLevel);
        double lo = Math.max(lower, ci.lower());
        double hi = Math.min(upper, ci.upper());
        return new ConfidenceInterval(Math.min(lo, hi), Math.max(lo, hi), confidenceLevel);
    }

    @Override
    public String description() {
        return "GeometricMechanism(range=[" + lower + ", " + upper + "], " + noise.description() + ")";
    }

    /** Builder for {@link GeometricMechanism}. */
    public static final class Builder extends MechanismBuilder<Builder> {
        private long lower = 0;
        private long upper = -1;
        private boolean boundsSet;

        private Builder() {
        }

        /** The output range {@code [lower, upper]} (required). */
        public Builder bounds(long lower, long upper) {
            this.lower = lower;
            this.upper = upper;
            this.boundsSet = true;
            return this;
        }

        @Override
        public GeometricMechanism build() {
            if (!boundsSet) {
                throw new IllegalArgumentException("bounds must be set before build()");
            }
            if (lower > upper) {
                throw new IllegalArgumentException(
                        "bounds must satisfy lower <= upper. Provided values: lower=" + lower + ", upper=" + upper);
            }
            PrivacyBudget.checkEpsilon(epsilon);
            requireNoDelta("GeometricMechanism");
            DiscreteLaplaceMechanism.Builder b = DiscreteLaplaceMechanism.builder().epsilon(epsilon)
                    .sensitivity(requireSensitivity());
            b.secureRandom(randomOrDefault());
            return new GeometricMechanism(b.build(), lower, upper);
        }
    }
}

package org.privet.dp.aggregate;

import java.security.SecureRandom;
import org.privet.dp.noise.NoiseRandom;
import org.privet.dp.noise.PrivacyBudget;

/**
 * Parameters shared by the aggregate builders: budget, noise kind, contribution bounds and the random source.
 * Unchecked until {@code build()}, which validates every one and names the rule and the value.
 *
 * @param <B> the concrete builder type
 */
public abstract class AggregationBuilder<B extends AggregationBuilder<B>> {
    double epsilon = Double.NaN;
    double delta = 0.0;
    NoiseKind noise = NoiseKind.LAPLACE;
    int maxPartitionsContributed = 1;
    int maxContributionsPerPartition = 1;
    SecureRandom random;

    AggregationBuilder() {
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** The epsilon of the release (required): {@code > 0} and finite. */
    public B epsilon(double epsilon) {
        this.epsilon = epsilon;
        return self();
    }

    /** The delta of the release: 0 with Laplace noise (default), in {@code (0, 1)} with Gaussian noise. */
    public B delta(double delta) {
        this.delta = delta;
        return self();
    }

    /** The noise (default {@link NoiseKind#LAPLACE}). */
    public B noise(NoiseKind noise) {
        if (noise == null) {
            throw new IllegalArgumentException("noise kind must not be null");
        }
        this.noise = noise;
        return self();
    }

    /** L0 bound: the partitions one privacy unit may contribute to, {@code >= 1} (default 1). */
    public B maxPartitionsContributed(int l0) {
        this.maxPartitionsContributed = l0;
        return self();
    }

    /** Linf bound: the rows one privacy unit may contribute to one partition, {@code >= 1} (default 1). */
    public B maxContributionsPerPartition(int lInf) {
        this.maxContributionsPerPartition = lInf;
        return self();
    }

    /** The noise source; the default is {@link NoiseRandom#secure()}. */
    public B secureRandom(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("secureRandom must not be null");
        }
        this.random = random;
        return self();
    }

    /** Test fixtures only: a predictable source ({@link NoiseRandom#insecureSeededForTests}); gives no privacy. */
    public B insecureSeededForTests(long seed) {
        this.random = NoiseRandom.insecureSeededForTests(seed);
        return self();
    }

    /** Validates the shared parameters and returns the budget. */
    final PrivacyBudget validatedBudget() {
        PrivacyBudget.checkEpsilon(epsilon);
        if (noise == NoiseKind.LAPLACE && delta != 0.0) {
            throw new IllegalArgumentException(
                    "Laplace noise is pure epsilon-DP and takes no delta; leave it at 0. Provided value: " + delta);
        }
        if (noise == NoiseKind.GAUSSIAN) {
            PrivacyBudget.checkPositiveDelta(delta);
        }
        checkBounds(maxPartitionsContributed, maxContributionsPerPartition);
        return new PrivacyBudget(epsilon, delta);
    }

    static void checkBounds(int l0, int lInf) {
        if (l0 < 1) {
            throw new IllegalArgumentException("maxPartitionsContributed must be >= 1. Provided value: " + l0);
        }
        if (lInf < 1) {
            throw new IllegalArgumentException("maxContributionsPerPartition must be >= 1. Provided value: " + lInf);
        }
    }

    static void checkValueBounds(double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("lower and upper bounds must be finite. Provided values: lower=" + lower
                    + ", upper=" + upper);
        }
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("lower bound must be <= upper bound. Provided values: lower=" + lower
                    + ", upper=" + upper);
        }
    }

    final SecureRandom randomOrDefault() {
        return random != null ? random : NoiseRandom.secure();
    }
}

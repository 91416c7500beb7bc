package org.privet.dp.noise;

import java.security.SecureRandom;

/**
 * The discrete Laplace (two-sided geometric) mechanism on integers: adds {@code Z} with
 * {@code P(Z = z) ~ exp(-|z| / b)}, {@code b = l1 / epsilon}, sampled exactly (CKS 2020 Algorithm 2).
 * Guarantee: {@code epsilon}-DP for integer-valued queries with integral L1 sensitivity {@code l1}.
 *
 * <p>The scale is used as an exact rational when it fits in 62 bits, otherwise rounded up (more
 * noise, never less). Thread-safe when its random source is.
 */
public final class DiscreteLaplaceMechanism implements NoiseMechanism {

    private final PrivacyBudget budget;
    private final Sensitivity sensitivity;
    private final long t;
    private final long s;
    private final SecureRandom random;

    private DiscreteLaplaceMechanism(Builder b) {
        this.budget = PrivacyBudget.pure(b.epsilon);
        this.sensitivity = b.requireSensitivity();
        double l1 = sensitivity.l1();
        if (l1 != Math.rint(l1)) {
            throw new IllegalArgumentException("discrete Laplace needs an integral L1 sensitivity. Provided value: " + l1);
        }
        long[] ts = Grid.scaleFraction(Rational.ofDouble(l1).divide(Rational.ofDouble(b.epsilon)), "discrete Laplace scale");
        this.t = ts[0];
        this.s = ts[1];
        this.random = b.randomOrDefault();
    }

    /** A builder; set epsilon and an integral sensitivity. */
    public static Builder builder() {
        return new Builder();
    }

    /** The scale b of the noise ({@code t/s}, rounded to a double for reporting). */
    public double scale() {
        return (double) t / s;
    }

    /** The noise alone: one exact draw. */
    public long sampleNoise() {
        return ExactSamplers.discreteLaplace(t, s, random);
    }

    @Override
    public long addNoise(long value) {
        return Math.addExact(value, sampleNoise());
    }

    @Override
    public double addNoise(double value) {
        return addNoise(Grid.checkIntegral(value));
    }

    @Override
    public PrivacyBudget budget() {
        return budget;
    }

    @Override
    public Sensitivity sensitivity() {
        return sensitivity;
    }

    private double invScale() {
        return (double) s / t;
    }

    @Override
    public double variance() {
        return Grid.discreteLaplaceVariance(invScale());
    }

    @Override
    public ConfidenceInterval confidenceInterval(double noisedValue, double confidenceLevel) {
        ConfidenceInterval.checkLevel(confidenceLevel);
        long r = Grid.discreteLaplaceRadius(invScale(), confidenceLevel);
        return new ConfidenceInterval(noisedValue - r, noisedValue + r, confidenceLevel);
    }

    @Override
    public String description() {
        return "DiscreteLaplaceMechanism(epsilon=" + budget.epsilon() + ", l0=" + sensitivity.l0() + ", lInf="
                + sensitivity.lInf() + ", scale=" + t + "/" + s + ", exact CKS2020 sampler)";
    }

    /** Builder for {@link DiscreteLaplaceMechanism}. */
    public static final class Builder extends MechanismBuilder<Builder> {
        private Builder() {
        }

        @Override
        public DiscreteLaplaceMechanism build() {
            PrivacyBudget.checkEpsilon(epsilon);
            requireNoDelta("DiscreteLaplaceMechanism");
            return new DiscreteLaplaceMechanism(this);
        }
    }
}

package org.privet.dp.noise;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * The discrete Gaussian mechanism on integers: adds {@code Z ~ N_Z(0, sigma^2)}, {@code P(Z = z) ~
 * exp(-z^2 / (2 sigma^2))}, sampled exactly (CKS 2020 Algorithm 3; sigma^2 is the exact rational
 * value of the double sigma squared).
 *
 * <p>Guarantee (CKS 2020 Theorem 4): {@code rho}-zCDP with {@code rho = l2^2 / (2 sigma^2)} for
 * integer-valued queries of L2 sensitivity {@code l2}; {@link #budget()} is its (epsilon, delta)
 * conversion (CKS Corollary 13), which is rigorous for the discrete distribution. Either set sigma
 * (and delta; epsilon is then derived), or set epsilon and delta and sigma is calibrated as the
 * smallest one whose zCDP conversion meets them ({@link GaussianCalibration#zcdpSigma}).
 * Thread-safe when its random source is.
 */
public final class DiscreteGaussianMechanism implements NoiseMechanism {

    private final PrivacyBudget budget;
    private final Sensitivity sensitivity;
    private final double sigma;
    private final double rho;
    private final BigInteger sigma2Num;
    private final BigInteger sigma2Den;
    private final SecureRandom random;

    private DiscreteGaussianMechanism(Builder b, Sensitivity sens, double sigma, PrivacyBudget budget) {
        this.sensitivity = sens;
        this.sigma = sigma;
        this.rho = sens.l2() * sens.l2() / (2 * sigma * sigma);
        this.budget = budget;
        Rational s2 = Rational.ofDouble(sigma).multiply(Rational.ofDouble(sigma));
        this.sigma2Num = s2.num();
        this.sigma2Den = s2.den();
        this.random = b.randomOrDefault();
    }

    /** A builder: either sigma + delta, or epsilon + delta. */
    public static Builder builder() {
        return new Builder();
    }

    /** The sigma parameter of the discrete Gaussian (its variance is at most sigma^2). */
    public double sigma() {
        return sigma;
    }

    /** The zCDP parameter {@code rho = l2^2 / (2 sigma^2)}. */
    public double rho() {
        return rho;
    }

    /** The noise alone: one exact draw. */
    public long sampleNoise() {
        return ExactSamplers.discreteGaussian(sigma2Num, sigma2Den, random);
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

    /** Exact for sigma <= 2^16 (summed pmf), otherwise the upper bound sigma^2 (CKS Prop. 19). */
    @Override
    public double variance() {
        if (sigma > 65536) {
            return sigma * sigma;
        }
        return DiscreteGaussianPmf.variance(sigma);
    }

    /** Subgaussian tail bound (CKS 2020): {@code P(|Z| >= k) <= 2 exp(-k^2 / (2 sigma^2))}. */
    @Override
    public ConfidenceInterval confidenceInterval(double noisedValue, double confidenceLevel) {
        ConfidenceInterval.checkLevel(confidenceLevel);
        double r = Math.ceil(sigma * Math.sqrt(2 * Math.log(2 / (1 - confidenceLevel))));
        return new ConfidenceInterval(noisedValue - r, noisedValue + r, confidenceLevel);
    }

    @Override
    public String description() {
        return "DiscreteGaussianMechanism(sigma=" + sigma + ", rho=" + rho + ", epsilon=" + budget.epsilon() + ", delta="
                + budget.delta() + ", l0=" + sensitivity.l0() + ", lInf=" + sensitivity.lInf() + ", exact CKS2020 sampler)";
    }

    /** Builder for {@link DiscreteGaussianMechanism}. */
    public static final class Builder extends MechanismBuilder<Builder> {
        private double sigma = Double.NaN;

        private Builder() {
        }

        /** Sets sigma directly ({@code > 0}, finite, below 2^60); epsilon is then derived from delta. */
        public Builder sigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        @Override
        public DiscreteGaussianMechanism build() {
            Sensitivity sens = requireSensitivity();
            PrivacyBudget.checkPositiveDelta(delta);
            double l2 = sens.l2();
            if (l2 != Math.rint(l2)) {
                throw new IllegalArgumentException("discrete Gaussian needs an integral L2 sensitivity. Provided value: " + l2);
            }
            if (!Double.isNaN(sigma)) {
                if (!(sigma > 0) || !(sigma < 0x1p60)) {
                    throw new IllegalArgumentException("sigma must be > 0 and < 2^60. Provided value: " + sigma);
                }
                if (!Double.isNaN(epsilon)) {
                    throw new IllegalArgumentException("set either sigma or epsilon, not both (epsilon is derived from sigma)");
                }
                double rho = l2 * l2 / (2 * sigma * sigma);
                double eps = Math.nextUp(GaussianCalibration.zcdpEpsilon(rho, delta));
                return new DiscreteGaussianMechanism(this, sens, sigma, new PrivacyBudget(eps, delta));
            }
            PrivacyBudget.checkEpsilon(epsilon);
            double s = GaussianCalibration.zcdpSigma(epsilon, delta, l2);
            return new DiscreteGaussianMechanism(this, sens, s, new PrivacyBudget(epsilon, delta));
        }
    }
}

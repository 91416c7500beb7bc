package org.privet.dp.noise;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * The Gaussian mechanism for real values, released on a power-of-two grid (Mironov 2012: nothing
 * leaks through the floating-point representation).
 *
 * <p>Construction: sigma is calibrated to (epsilon, delta) and the L2 sensitivity by
 * {@link GaussianCalibration.Method#ANALYTIC} (default; Balle-Wang 2018), {@code CLASSIC} or
 * {@code ZCDP}. The granularity {@code g} is the smallest power of two {@code >= sigma / 2^30}. The
 * input is rounded to the nearest multiple of {@code g} and
 * {@code g * Z} is added, where {@code Z} is an exact discrete Gaussian (CKS 2020 Algorithm 3) whose
 * sigma in granules, {@code sigma_g}, is calibrated for the rounded query's sensitivity {@code l2/g +
 * sqrt(l0)} granules (rounding moves each coordinate by at most half a granule) and rounded up to an
 * integer; so {@code sigma_g >= 2^29}.
 *
 * <p>The guarantee: {@code rho}-zCDP with {@code rho = (l2/g + sqrt(l0))^2 / (2 sigma_g^2)} holds
 * exactly (CKS 2020 Theorem 4). The (epsilon, delta) of {@link #budget()} is the continuous
 * Gaussian's calibration applied to the discrete one; CKS 2020 (Section 2.3, Theorem 7) give the
 * discrete Gaussian's exact delta as the same tail expression over integer sums, which differ from
 * the continuous integrals by a relative {@code O(1/sigma_g) <= 2^-28}. To absorb that difference
 * sigma is calibrated for {@code delta * (1 - 2^-20)}. This is an argument, not a machine-checked
 * bound; use {@code Method.ZCDP} (rigorous for the discrete distribution) where that matters.
 * Thread-safe when its random source is.
 */
public final class GaussianMechanism implements NoiseMechanism {

    private static final double GRANULARITY_PARAM = 0x1p30;
    private static final double DELTA_MARGIN = 1 - 0x1p-20;

    private final PrivacyBudget budget;
    private final Sensitivity sensitivity;
    private final GaussianCalibration.Method method;
    private final double granularity;
    private final double sigmaGranules;
    private final BigInteger sigma2;
    private final SecureRandom random;

    private GaussianMechanism(Builder b, PrivacyBudget budget, Sensitivity sens) {
        this.budget = budget;
        this.sensitivity = sens;
        this.method = b.method;
        double l2 = sens.l2();
        double sigma = GaussianCalibration.sigma(method, budget.epsilon(), budget.delta() * DELTA_MARGIN, l2);
        if (!(sigma >= 0x1p-900) || !(sigma <= 0x1p900)) {
            throw new IllegalArgumentException("Gaussian sigma must be in [2^-900, 2^900]. Provided value: " + sigma);
        }
        this.granularity = Grid.ceilPowerOfTwo(sigma / GRANULARITY_PARAM);
        double unitSigma = GaussianCalibration.sigma(method, budget.epsilon(), budget.delta() * DELTA_MARGIN, 1.0);
        double granuleSensitivity = Math.nextUp(l2 / granularity + Math.nextUp(Math.sqrt(sens.l0())));
        this.sigmaGranules = Math.ceil(Math.nextUp(unitSigma * granuleSensitivity));
        this.sigma2 = BigInteger.valueOf((long) sigmaGranules).pow(2);
        this.random = b.randomOrDefault();
    }

    /** A builder; set epsilon, delta (> 0) and sensitivity; optionally the calibration method. */
    public static Builder builder() {
        return new Builder();
    }

    /** The output grid: every release is an integer multiple of this power of two. */
    public double granularity() {
        return granularity;
    }

    /** The noise standard deviation parameter in output units, {@code g * sigma_g}. */
    public double sigma() {
        return granularity * sigmaGranules;
    }

    /** The calibration used. */
    public GaussianCalibration.Method method() {
        return method;
    }

    @Override
    public double addNoise(double value) {
        Grid.checkFinite(value);
        long z = ExactSamplers.discreteGaussian(sigma2, BigInteger.ONE, random);
        return Grid.release(value, granularity, z);
    }

    /**
     * Post-processing of {@link #addNoise(double)}: the release of {@code (double) value} rounded to
     * the nearest long (the conversion is exact for {@code |value| <= 2^53}).
     */
    @Override
    public long addNoise(long value) {
        return Math.round(addNoise((double) value));
    }

    @Override
    public PrivacyBudget budget() {
        return budget;
    }

    @Override
    public Sensitivity sensitivity() {
        return sensitivity;
    }

    /** Upper bound {@code sigma()^2} (the discrete Gaussian's variance is below sigma^2, CKS 2020). */
    @Override
    public double variance() {
        double s = sigma();
        return s * s;
    }

    /** Subgaussian tail bound {@code P(|Z| >= k) <= 2 exp(-k^2/(2 sigma_g^2))} plus one granule for rounding. */
    @Override
    public ConfidenceInterval confidenceInterval(double noisedValue, double confidenceLevel) {
        ConfidenceInterval.checkLevel(confidenceLevel);
        double k = Math.ceil(sigmaGranules * Math.sqrt(2 * Math.log(2 / (1 - confidenceLevel)))) + 1;
        double r = k * granularity;
        return new ConfidenceInterval(noisedValue - r, noisedValue + r, confidenceLevel);
    }

    @Override
    public String description() {
        return "GaussianMechanism(epsilon=" + budget.epsilon() + ", delta=" + budget.delta() + ", l0=" + sensitivity.l0()
                + ", lInf=" + sensitivity.lInf() + ", calibration=" + method + ", granularity=" + granularity
                + ", sigmaGranules=" + (long) sigmaGranules + ", discrete Gaussian on 2^k grid)";
    }

    /** Builder for {@link GaussianMechanism}. */
    public static final class Builder extends MechanismBuilder<Builder> {
        private GaussianCalibration.Method method = GaussianCalibration.Method.ANALYTIC;

        private Builder() {
        }

        /** The calibration (default ANALYTIC). */
        public Builder calibration(GaussianCalibration.Method method) {
            if (method == null) {
                throw new IllegalArgumentException("calibration method must not be null");
            }
            this.method = method;
            return this;
        }

        @Override
        public GaussianMechanism build() {
            PrivacyBudget.checkEpsilon(epsilon);
            PrivacyBudget.checkPositiveDelta(delta);
            return new GaussianMechanism(this, new PrivacyBudget(epsilon, delta), requireSensitivity());
        }
    }
}

package org.privet.dp.noise;

import java.security.SecureRandom;

/**
 * The Laplace mechanism for real values, released on a power-of-two grid so that the output's
 * floating-point representation leaks nothing (Mironov 2012). This follows the approach of Google's
 * differential-privacy library: the granularity {@code g} is the smallest power of two {@code >=
 * (l1/epsilon) / 2^40}; the input is rounded to the nearest multiple of {@code g} (beyond {@code 2^50 g} the
 * grid point and the noise are added as two exact doubles); noise {@code g * Z} is added where {@code Z} is an exact discrete Laplace
 * sample (CKS 2020 Algorithm 2) with scale {@code (l1/g + l0) / epsilon} granules.
 *
 * <p>Why it is safe: after rounding, neighbouring inputs differ by at most {@code l1/g + l0} granules
 * (rounding moves each of at most {@code l0} coordinates by at most half a granule, so their
 * difference by at most one), and the discrete Laplace with that scale is {@code epsilon}-DP for
 * integer shifts. Clamping is 1-Lipschitz, so it never increases the difference. Every output is an
 * integer multiple {@code k g} with {@code |k| < 2^53} (except with probability below
 * {@code exp(-2^12)}), which a double represents exactly: the output set does not depend on the input
 * beyond the grid, unlike naive {@code x + Laplace} in floating point. The rounding adds at most
 * {@code g/2 <= 2^-40} of the noise scale of error. Thread-safe when its random source is.
 */
public final class LaplaceMechanism implements NoiseMechanism {

    private static final double GRANULARITY_PARAM = 0x1p40;

    private final PrivacyBudget budget;
    private final Sensitivity sensitivity;
    private final double granularity;
    private final long t;
    private final long s;
    private final SecureRandom random;

    private LaplaceMechanism(Builder b, double epsilon, Sensitivity sens) {
        this.budget = PrivacyBudget.pure(epsilon);
        this.sensitivity = sens;
        double scale = sens.l1() / epsilon;
        if (!(scale >= 0x1p-900) || !(scale <= 0x1p900)) {
            throw new IllegalArgumentException("Laplace scale l1/epsilon must be in [2^-900, 2^900]. Provided value: " + scale);
        }
        this.granularity = Grid.ceilPowerOfTwo(scale / GRANULARITY_PARAM);
        Rational granules = Rational.ofDouble(sens.l1()).divide(Rational.ofDouble(granularity))
                .add(Rational.of(sens.l0(), 1));
        long[] ts = Grid.scaleFraction(granules.divide(Rational.ofDouble(epsilon)), "Laplace scale in granules");
        this.t = ts[0];
        this.s = ts[1];
        this.random = b.randomOrDefault();
    }

    /** A builder; set epsilon and sensitivity. */
    public static Builder builder() {
        return new Builder();
    }

    /** The output grid: every release is an integer multiple of this power of two. */
    public double granularity() {
        return granularity;
    }

    /** The effective Laplace scale in output units, {@code g * t/s} (slightly above l1/epsilon). */
    public double scale() {
        return granularity * ((double) t / s);
    }

    @Override
    public double addNoise(double value) {
        Grid.checkFinite(value);
        long z = ExactSamplers.discreteLaplace(t, s, random);
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

    private double invScale() {
        return (double) s / t;
    }

    @Override
    public double variance() {
        return granularity * granularity * Grid.discreteLaplaceVariance(invScale());
    }

    @Override
    public ConfidenceInterval confidenceInterval(double noisedValue, double confidenceLevel) {
        ConfidenceInterval.checkLevel(confidenceLevel);
        // + 1 granule for the input rounding (at most half a granule)
        double r = (Grid.discreteLaplaceRadius(invScale(), confidenceLevel) + 1) * granularity;
        return new ConfidenceInterval(noisedValue - r, noisedValue + r, confidenceLevel);
    }

    @Override
    public String description() {
        return "LaplaceMechanism(epsilon=" + budget.epsilon() + ", l0=" + sensitivity.l0() + ", lInf=" + sensitivity.lInf()
                + ", granularity=" + granularity + ", scaleInGranules=" + t + "/" + s + ", discrete Laplace on 2^k grid)";
    }

    /** Builder for {@link LaplaceMechanism}. */
    public static final class Builder extends MechanismBuilder<Builder> {
        private Builder() {
        }

        @Override
        public LaplaceMechanism build() {
            PrivacyBudget.checkEpsilon(epsilon);
            requireNoDelta("LaplaceMechanism");
            return new LaplaceMechanism(this, epsilon, requireSensitivity());
        }
    }
}

package org.privet.dp.noise;

import java.security.SecureRandom;

/**
 * Shared parts of the mechanism builders: the random source, epsilon, delta and sensitivity.
 * Parameters are unchecked until {@code build()}, which validates them all.
 *
 * @param <B> the concrete builder type
 */
public abstract class MechanismBuilder<B extends MechanismBuilder<B>> {

    double epsilon = Double.NaN;
    double delta = 0.0;
    Sensitivity sensitivity;
    SecureRandom random;

    MechanismBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The epsilon of one release; must be {@code > 0} and finite. */
    public B epsilon(double epsilon) {
        this.epsilon = epsilon;
        return self();
    }

    /** The delta of one release (mechanisms that use it); must be in {@code [0, 1)}. */
    public B delta(double delta) {
        this.delta = delta;
        return self();
    }

    /** The sensitivity (required). */
    public B sensitivity(Sensitivity sensitivity) {
        this.sensitivity = sensitivity;
        return self();
    }

    /** Shorthand for {@code sensitivity(Sensitivity.ofScalar(delta))}. */
    public B sensitivity(double scalarSensitivity) {
        this.sensitivity = Sensitivity.ofScalar(scalarSensitivity);
        return self();
    }

    /** The source of noise; the default is a fresh {@link NoiseRandom#secure()}. */
    public B secureRandom(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("secureRandom must not be null");
        }
        this.random = random;
        return self();
    }

    /** Test fixtures only: a deterministic, predictable source ({@link NoiseRandom#insecureSeededForTests}). */
    public B insecureSeededForTests(long seed) {
        this.random = NoiseRandom.insecureSeededForTests(seed);
        return self();
    }

    /** Pure epsilon-DP mechanisms take no delta: a non-zero one is a misunderstanding, not a parameter. */
    void requireNoDelta(String mechanism) {
        if (delta != 0.0) {
            throw new IllegalArgumentException(mechanism + " is pure epsilon-DP and takes no delta; leave it at 0. Provided value: "
                    + delta);
        }
    }

    SecureRandom randomOrDefault() {
        return random != null ? random : NoiseRandom.secure();
    }

    Sensitivity requireSensitivity() {
        if (sensitivity == null) {
            throw new IllegalArgumentException("sensitivity must be set before build()");
        }
        return sensitivity;
    }

    /** Builds the validated mechanism. */
    public abstract NoiseMechanism build();
}

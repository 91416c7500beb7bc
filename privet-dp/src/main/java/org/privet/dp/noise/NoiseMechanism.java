package org.privet.dp.noise;

/**
 * An additive noise mechanism: {@code addNoise(x)} releases {@code x} plus noise calibrated so that
 * the release is {@link #budget()}-DP for any query whose values on neighbouring datasets differ by
 * at most {@link #sensitivity()} (the caller must clamp / bound contributions to make that true).
 *
 * <p>Implementations are built by validating builders (a mechanism that exists is valid), draw
 * noise from a {@link java.security.SecureRandom} (platform default unless a test fixture asks for
 * {@code insecureSeededForTests}), and never leak through floating-point representation: every
 * double they return is a multiple of a fixed power-of-two granularity (Mironov 2012), or an
 * integer. Implementations are thread-safe exactly when their random source is ({@code SecureRandom}
 * is; the insecure test source is not).
 *
 * <p>The budget covers one release of a query with this sensitivity. With {@code l0 == 1} that is
 * one call of {@code addNoise}; with {@code l0 > 1} it is one vector of partition values (one call per
 * partition), since the noise is calibrated to the L1 / L2 norm of the whole vector. Releasing again
 * spends the budget again: composition is the caller's (or an accountant's) business.
 */
public interface NoiseMechanism {

    /**
     * Releases {@code value} with noise.
     *
     * @param value a finite value (mechanisms over integers require an integral value)
     * @throws IllegalArgumentException if the value is NaN or infinite, before any noise is drawn
     */
    double addNoise(double value);

    /** Releases an integer value with noise (integer mechanisms: exactly; others: rounded post-processing). */
    long addNoise(long value);

    /** The guarantee of one release. */
    PrivacyBudget budget();

    /** The sensitivity the noise is calibrated to. */
    Sensitivity sensitivity();

    /** The variance of the added noise in output units (exact, or a stated upper bound). */
    double variance();

    /**
     * An interval that contains the true value with probability at least {@code confidenceLevel}
     * given the noised release. Free of privacy cost.
     *
     * @param confidenceLevel in {@code (0, 1)}
     */
    ConfidenceInterval confidenceInterval(double noisedValue, double confidenceLevel);

    /** A one-line provenance string: the class and every parameter that shapes the noise. */
    String description();
}

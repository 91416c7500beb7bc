package org.privet.dp.noise;

import java.security.SecureRandom;

/**
 * The exponential mechanism (McSherry and Talwar 2007): selects candidate {@code i} with probability
 * proportional to {@code exp(epsilon u_i / (2 du))}, or {@code exp(epsilon u_i / du)} when the
 * utility is monotonic (adding a record moves every utility in the same direction), where {@code du}
 * is the utility's sensitivity. Guarantee: {@code epsilon}-DP.
 *
 * <p>Sampling is exact, with no floating-point weights: propose a candidate uniformly, accept it with
 * probability {@code exp(-c (uMax - u_i))} by the exact Bernoulli of CKS 2020 Algorithm 1 (the
 * exponent is an exact rational because doubles are dyadic rationals), repeat until accepted; the
 * accepted index has exactly the mechanism's distribution. The remaining caveats: the utilities
 * themselves are the caller's doubles (their rounding is part of the query, whose sensitivity the
 * caller bounds), and the running time (expected at most {@code n} proposals) depends on the
 * utilities, a timing channel. Thread-safe when its random source is.
 */
public final class ExponentialMechanism {

    private final PrivacyBudget budget;
    private final double utilitySensitivity;
    private final boolean monotonic;
    private final Rational c;
    private final SecureRandom random;

    private ExponentialMechanism(Builder b) {
        this.budget = PrivacyBudget.pure(b.epsilon);
        this.utilitySensitivity = b.utilitySensitivity;
        this.monotonic = b.monotonic;
        Rational denom = Rational.ofDouble(utilitySensitivity).multiply(Rational.of(monotonic ? 1 : 2, 1));
        this.c = Rational.ofDouble(b.epsilon).divide(denom);
        this.random = b.random != null ? b.random : NoiseRandom.secure();
    }

    /** A builder; set epsilon and the utility sensitivity. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Selects an index in {@code [0, utilities.length)}.
     *
     * @param utilities finite utilities, higher is better; non-empty
     */
    public int select(double[] utilities) {
        ExactExponentialWeights.checkUtilities(utilities);
        ExactExponentialWeights w = new ExactExponentialWeights(c, utilities);
        int n = utilities.length;
        while (true) {
            int i = (int) ExactSamplers.uniform(n, random);
            if (w.accept(utilities[i], random)) {
                return i;
            }
        }
    }

    /** The ideal selection probabilities (computed in floating point, for tests and reports only). */
    public double[] probabilities(double[] utilities) {
        ExactExponentialWeights.checkUtilities(utilities);
        double cc = c.doubleValue();
        double max = Double.NEGATIVE_INFINITY;
        for (double u : utilities) {
            max = Math.max(max, u);
        }
        double[] p = new double[utilities.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(-cc * (max - utilities[i]));
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The guarantee of one selection. */
    public PrivacyBudget budget() {
        return budget;
    }

    /** The utility sensitivity. */
    public double utilitySensitivity() {
        return utilitySensitivity;
    }

    /** Provenance. */
    public String description() {
        return "ExponentialMechanism(epsilon=" + budget.epsilon() + ", utilitySensitivity=" + utilitySensitivity
                + ", monotonic=" + monotonic + ", exact rejection sampler)";
    }

    /** Builder for {@link ExponentialMechanism}. */
    public static final class Builder {
        private double epsilon = Double.NaN;
        private double utilitySensitivity = Double.NaN;
        private boolean monotonic;
        private SecureRandom random;

        private Builder() {
        }

        /** Epsilon, {@code > 0} and finite. */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** The sensitivity of the utility function, {@code > 0} and finite. */
        public Builder utilitySensitivity(double du) {
            this.utilitySensitivity = du;
            return this;
        }

        /** Declares the utility monotonic (halves the noise); the caller must ensure it is. */
        public Builder monotonic(boolean monotonic) {
            this.monotonic = monotonic;
            return this;
        }

        /** The random source (default {@link NoiseRandom#secure()}). */
        public Builder secureRandom(SecureRandom random) {
            if (random == null) {
                throw new IllegalArgumentException("secureRandom must not be null");
            }
            this.random = random;
            return this;
        }

        /** Test fixtures only: deterministic, predictable randomness. */
        public Builder insecureSeededForTests(long seed) {
            this.random = NoiseRandom.insecureSeededForTests(seed);
            return this;
        }

        /** Validates and builds. */
        public ExponentialMechanism build() {
            PrivacyBudget.checkEpsilon(epsilon);
            if (!(utilitySensitivity > 0) || Double.isInfinite(utilitySensitivity)) {
                throw new IllegalArgumentException(
                        "utility sensitivity must be > 0 and finite. Provided value: " + utilitySensitivity);
            }
            return new ExponentialMechanism(this);
        }
    }
}

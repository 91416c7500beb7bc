package org.privet.dp.noise;

import java.security.SecureRandom;

/**
 * Report-noisy-max with exponential noise, implemented exactly as the permute-and-flip mechanism
 * (McKenna and Sheldon, NeurIPS 2020), which Ding, Kifer et al. (2021) proved identical in
 * distribution to report-noisy-max with {@code Exponential(2 du / epsilon)} noise: visit the
 * candidates in a uniformly random order and stop at the first one accepted with probability
 * {@code exp(-epsilon (uMax - u_i) / (2 du))} (an exact Bernoulli; the maximum is always accepted).
 * Guarantee: {@code epsilon}-DP for scores of sensitivity {@code du}; never worse than the
 * exponential mechanism in expected utility.
 *
 * <p>No floating-point weights and no ties to break. Caveat: the running time depends on the scores
 * (a timing channel). Thread-safe when its random source is.
 */
public final class ReportNoisyMax {

    private final PrivacyBudget budget;
    private final double scoreSensitivity;
    private final Rational c;
    private final SecureRandom random;

    private ReportNoisyMax(double epsilon, double du, SecureRandom random) {
        this.budget = PrivacyBudget.pure(epsilon);
        this.scoreSensitivity = du;
        this.c = Rational.ofDouble(epsilon).divide(Rational.ofDouble(du).multiply(Rational.of(2, 1)));
        this.random = random;
    }

    /**
     * A mechanism with the given parameters and the secure default random source.
     *
     * @param epsilon {@code > 0}, finite
     * @param scoreSensitivity {@code > 0}, finite (1 for counts)
     */
    public static ReportNoisyMax of(double epsilon, double scoreSensitivity) {
        return create(epsilon, scoreSensitivity, NoiseRandom.secure());
    }

    /** Test fixtures only: deterministic, predictable randomness. */
    public static ReportNoisyMax insecureSeededForTests(double epsilon, double scoreSensitivity, long seed) {
        return create(epsilon, scoreSensitivity, NoiseRandom.insecureSeededForTests(seed));
    }

    /** With a caller-supplied random source. */
    public static ReportNoisyMax create(double epsilon, double scoreSensitivity, SecureRandom random) {
        PrivacyBudget.checkEpsilon(epsilon);
        if (!(scoreSensitivity > 0) || Double.isInfinite(scoreSensitivity)) {
            throw new IllegalArgumentException("score sensitivity must be > 0 and finite. Provided value: " + scoreSensitivity);
        }
        if (random == null) {
            throw new IllegalArgumentException("secureRandom must not be null");
        }
        return new ReportNoisyMax(epsilon, scoreSensitivity, random);
    }

    /** The index of the noisy maximum of finite {@code scores} (non-empty). */
    public int argmax(double[] scores) {
        ExactExponentialWeights.checkUtilities(scores);
        ExactExponentialWeights w = new ExactExponentialWeights(c, scores);
        int n = scores.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + (int) ExactSamplers.uniform(n - i, random); // lazy Fisher-Yates
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
            if (w.accept(scores[order[i]], random)) {
                return order[i];
            }
        }
        throw new AssertionError("internal invariant: permute-and-flip always accepts the maximum");
    }

    /** {@link #argmax(double[])} for counts. */
    public int argmax(long[] counts) {
        double[] d = new double[counts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = counts[i];
        }
        return argmax(d);
    }

    /** The guarantee of one selection. */
    public PrivacyBudget budget() {
        return budget;
    }

    /** Provenance. */
    public String description() {
        return "ReportNoisyMax(permute-and-flip, epsilon=" + budget.epsilon() + ", scoreSensitivity=" + scoreSensitivity + ")";
    }
}

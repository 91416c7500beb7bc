package org.privet.dp.noise;

import java.security.SecureRandom;

/**
 * k-ary randomised response (Warner 1965; k-RR of Kairouz, Oh and Viswanath 2014): each user reports
 * their true category with probability {@code e^eps / (e^eps + k - 1)} and each other category with
 * probability {@code 1 / (e^eps + k - 1)}. Guarantee: {@code epsilon}-local DP.
 *
 * <p>Sampled exactly: propose a category uniformly, accept the true one always and any other with
 * probability {@code exp(-epsilon)} (exact Bernoulli, CKS 2020 Algorithm 1), repeat until accepted.
 * Thread-safe when its random source is.
 */
public final class RandomizedResponse {

    private final PrivacyBudget budget;
    private final int k;
    private final Rational eps;
    private final SecureRandom random;

    private RandomizedResponse(double epsilon, int k, SecureRandom random) {
        this.budget = PrivacyBudget.pure(epsilon);
        this.k = k;
        this.eps = Rational.ofDouble(epsilon);
        this.random = random;
    }

    /** k-RR with the secure default random source; {@code k >= 2}, epsilon {@code > 0} finite. */
    public static RandomizedResponse of(double epsilon, int k) {
        return create(epsilon, k, NoiseRandom.secure());
    }

    /** Test fixtures only: deterministic, predictable randomness. */
    public static RandomizedResponse insecureSeededForTests(double epsilon, int k, long seed) {
        return create(epsilon, k, NoiseRandom.insecureSeededForTests(seed));
    }

    /** With a caller-supplied random source. */
    public static RandomizedResponse create(double epsilon, int k, SecureRandom random) {
        PrivacyBudget.checkEpsilon(epsilon);
        if (k < 2) {
            throw new IllegalArgumentException("randomised response needs k >= 2 categories. Provided value: " + k);
        }
        if (random == null) {
            throw new IllegalArgumentException("secureRandom must not be null");
        }
        return new RandomizedResponse(epsilon, k, random);
    }

    /** The report for a user whose true category is {@code trueValue} in {@code [0, k)}. */
    public int respond(int trueValue) {
        if (trueValue < 0 || trueValue >= k) {
            throw new IllegalArgumentException("category must be in [0, " + k + "). Provided value: " + trueValue);
        }
        while (true) {
            int j = (int) ExactSamplers.uniform(k, random);
            if (j == trueValue || ExactSamplers.bernoulliExpMinus(eps.num(), eps.den(), random)) {
                return j;
            }
        }
    }

    /** Probability of reporting the true category, {@code e^eps / (e^eps + k - 1)}. */
    public double truthProbability() {
        return 1.0 / (1.0 + (k - 1) * Math.exp(-budget.epsilon()));
    }

    /**
     * Unbiased estimates of the true category frequencies from the histogram of reports:
     * {@code (f_j - q) / (p - q)} with {@code f_j} the observed share, {@code p} the truth
     * probability and {@code q = (1 - p)/(k - 1)}. Estimates may be negative (post-process as needed).
     */
    public double[] estimateFrequencies(long[] reportCounts) {
        if (reportCounts.length != k) {
            throw new IllegalArgumentException("need one count per category: expected " + k + ", got " + reportCounts.length);
        }
        long n = 0;
        for (long c : reportCounts) {
            if (c < 0) {
                throw new IllegalArgumentException("report counts must be >= 0. Provided value: " + c);
            }
            n += c;
        }
        if (n == 0) {
            throw new IllegalArgumentException("report counts must not all be zero");
        }
        double p = truthProbability();
        double q = (1 - p) / (k - 1);
        double[] est = new double[k];
        for (int j = 0; j < k; j++) {
            est[j] = ((double) reportCounts[j] / n - q) / (p - q);
        }
        return est;
    }

    /** Number of categories. */
    public int categories() {
        return k;
    }

    /** The local-DP guarantee of one report. */
    public PrivacyBudget budget() {
        return budget;
    }
}

package org.privet.dp.pate;

import java.security.SecureRandom;
import org.privet.dp.noise.ExactSamplers;
import org.privet.dp.noise.NoiseRandom;

/**
 * Confident-GNMax (Papernot et al. 2018, Algorithm 1): a query is answered only if the teachers agree enough,
 * {@code max_j n_j + Z_1 >= T} with {@code Z_1 ~ N_Z(0, sigma1^2)}; an answered query gets the GNMax label with
 * fresh noise {@code sigma2} ({@link GnMax}). Both noises are exact discrete Gaussians on the integers (votes are
 * integers). Unanswered queries leak only through the threshold check.
 *
 * <p>Privacy per query: the check releases a noisy maximum count, whose sensitivity is 1 (one teacher's vote
 * changes the maximum by at most 1), so it is {@code 1/(2 sigma1^2)}-zCDP for the discrete noise (CKS 2020), i.e.
 * RDP {@code lambda / (2 sigma1^2)} whatever the outcome ({@link #thresholdRdp}); an answered query adds GNMax's
 * cost (data-independent {@code lambda / sigma2^2}, or data-dependent). {@link PateAccountant#recordThreshold}
 * and {@link PateAccountant#record} account for both. Thread-safe when its random source is.
 */
public final class ConfidentGnMax {
    private final long threshold;
    private final double sigma1;
    private final long sigma1SquaredNum;
    private final GnMax gnMax;
    private final SecureRandom random;

    private ConfidentGnMax(long threshold, int sigma1, GnMax gnMax, SecureRandom random) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be >= 0. Provided value: " + threshold);
        }
        if (sigma1 < 1 || sigma1 > 1 << 20) {
            throw new IllegalArgumentException("sigma1 must be an integer in [1, 2^20]. Provided value: " + sigma1);
        }
        if (gnMax == null || random == null) {
            throw new IllegalArgumentException("gnMax and random must not be null");
        }
        this.threshold = threshold;
        this.sigma1 = sigma1;
        this.sigma1SquaredNum = (long) sigma1 * sigma1;
        this.gnMax = gnMax;
        this.random = random;
    }

    /**
     * Confident-GNMax with secure noise ({@link NoiseRandom#secure()}).
     *
     * @param threshold T, in votes ({@code >= 0})
     * @param sigma1    the threshold check's noise, an integer in [1, 2^20] (an exact integer variance)
     * @param sigma2    the GNMax noise of answered queries
     */
    public static ConfidentGnMax create(long threshold, int sigma1, double sigma2) {
        SecureRandom r = NoiseRandom.secure();
        return new ConfidentGnMax(threshold, sigma1, GnMax.create(sigma2, r), r);
    }

    /** Test fixtures only: predictable noise, no privacy. */
    public static ConfidentGnMax insecureSeededForTests(long threshold, int sigma1, double sigma2, long seed) {
        SecureRandom r = NoiseRandom.insecureSeededForTests(seed);
        return new ConfidentGnMax(threshold, sigma1, GnMax.create(sigma2, r), r);
    }

    /** The threshold check's noise. */
    public double sigma1() {
        return sigma1;
    }

    /** The GNMax noise of answered queries. */
    public double sigma2() {
        return gnMax.sigma();
    }

    /** The threshold T. */
    public long threshold() {
        return threshold;
    }

    /** Whether the noisy maximum vote count reaches the threshold (one draw of the check's noise). */
    public boolean passesThreshold(int[] votes) {
        GnMax.checkVotes(votes);
        long max = 0;
        for (int v : votes) {
            max = Math.max(max, v);
        }
        return max + ExactSamplers.discreteGaussian(sigma1SquaredNum, 1, random) >= threshold;
    }

    /**
     * Answers one query: the GNMax label, or -1 when the check fails. Record it with
     * {@code accountant.recordThreshold(sigma1(), threshold(), votes)} always and {@code accountant.record(votes, sigma2())} when answered
     * ({@link Pate#labelConfident} does).
     */
    public int answer(int[] votes) {
        return passesThreshold(votes) ? gnMax.aggregate(votes) : -1;
    }

    /** RDP of one threshold check at each order: {@code lambda / (2 sigma1^2)}. */
    public static double[] thresholdRdp(double sigma1, double[] orders) {
        if (!(sigma1 > 0) || Double.isInfinite(sigma1)) {
            throw new IllegalArgumentException("sigma1 must be > 0 and finite. Provided value: " + sigma1);
        }
        double[] r = new double[orders.length];
        for (int i = 0; i < r.length; i++) {
            if (!(orders[i] > 1) || Double.isInfinite(orders[i])) {
                throw new IllegalArgumentException("RDP order must be > 1 and finite. Provided value: " + orders[i]);
            }
            r[i] = orders[i] / (2 * sigma1 * sigma1);
        }
        return r;
    }
}

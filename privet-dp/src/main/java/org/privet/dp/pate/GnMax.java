package org.privet.dp.pate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.privet.dp.noise.ExactSamplers;
import org.privet.dp.noise.NoiseRandom;

/**
 * The GNMax aggregator (Papernot et al. 2018, Section 4.1): releases {@code argmax_j (n_j + Z_j)} for a vote
 * histogram {@code n} with independent noise {@code Z_j}; ties go to the lowest index. The noise is the exact
 * discrete Gaussian {@code N_Z(0, sigma^2)} (CKS 2020 Algorithm 3, {@link ExactSamplers#discreteGaussian}): votes are
 * integers, so no floating-point noise is needed (Mironov 2012).
 *
 * <p>Privacy: changing one teacher's vote moves the histogram by at most 1 in two coordinates (L2 norm
 * {@code sqrt 2}). The discrete Gaussian is {@code ||Delta||^2 / (2 sigma^2)}-zCDP for integer shifts (CKS 2020,
 * Theorem 4 with independent coordinates), so each query is RDP with {@code epsilon(lambda) = lambda / sigma^2}, the
 * same data-independent bound as Papernot et al.'s Proposition 8 for continuous noise ({@link
 * #rdpDataIndependent}); the argmax is post-processing. The data-dependent bound ({@link #rdpDataDependent},
 * their Theorem 6 with the higher orders of Proposition 10) needs an upper bound {@code q} on the probability that
 * the answer is not the plurality class; {@link #logQ} gives one that holds for the discrete noise (see there).
 *
 * <p>Thread-safe when its random source is.
 */
public final class GnMax {
    private final double sigma;
    private final BigInteger sigma2Num;
    private final BigInteger sigma2Den;
    private final SecureRandom random;

    private GnMax(double sigma, SecureRandom random) {
        checkSigma(sigma);
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        this.sigma = sigma;
        BigDecimal s2 = new BigDecimal(sigma).pow(2); // exact: sigma is a dyadic rational
        if (s2.scale() > 0) {
            this.sigma2Num = s2.unscaledValue();
            this.sigma2Den = BigInteger.TEN.pow(s2.scale());
        } else {
            this.sigma2Num = s2.toBigIntegerExact();
            this.sigma2Den = BigInteger.ONE;
        }
        this.random = random;
    }

    /** GNMax with noise {@code sigma > 0} from {@link NoiseRandom#secure()}. */
    public static GnMax create(double sigma) {
        return new GnMax(sigma, NoiseRandom.secure());
    }

    /** GNMax with the given noise source. */
    public static GnMax create(double sigma, SecureRandom random) {
        return new GnMax(sigma, random);
    }

    /** Test fixtures only: predictable noise, no privacy. */
    public static GnMax insecureSeededForTests(double sigma, long seed) {
        return new GnMax(sigma, NoiseRandom.insecureSeededForTests(seed));
    }

    private static void checkSigma(double sigma) {
        if (!(sigma > 0) || !(sigma < 0x1p40)) {
            throw new IllegalArgumentException("GNMax sigma must be > 0 and < 2^40. Provided value: " + sigma);
        }
    }

    /** The noise's sigma (in votes). */
    public double sigma() {
        return sigma;
    }

    /**
     * The noisy plurality label.
     *
     * @param votes vote counts per class, {@code >= 0}, at least 2 classes
     * @return the index of the largest noisy count (lowest index on ties)
     */
    public int aggregate(int[] votes) {
        checkVotes(votes);
        int best = 0;
        long bestValue = Long.MIN_VALUE;
        for (int j = 0; j < votes.length; j++) {
            long v = votes[j] + ExactSamplers.discreteGaussian(sigma2Num, sigma2Den, random);
            if (v > bestValue) {
                bestValue = v;
                best = j;
            }
        }
        return best;
    }

    static void checkVotes(int[] votes) {
        if (votes == null || votes.length < 2) {
            throw new IllegalArgumentException("votes must cover at least 2 classes. Provided value: "
                    + (votes == null ? "null" : votes.length + " class(es)"));
        }
        for (int j = 0; j < votes.length; j++) {
            if (votes[j] < 0) {
                throw new IllegalArgumentException("votes must be >= 0. Provided value at class " + j + ": " + votes[j]);
            }
        }
    }

    /** Data-independent RDP of one query at each order: {@code lambda / sigma^2}. */
    public static double[] rdpDataIndependent(double sigma, double[] orders) {
        checkSigma(sigma);
        double[] r = new double[orders.length];
        for (int i = 0; i < r.length; i++) {
            checkOrder(orders[i]);
            r[i] = orders[i] / (sigma * sigma);
        }
        return r;
    }

    private static void checkOrder(double order) {
        if (!(order > 1) || Double.isInfinite(order)) {
            throw new IllegalArgumentException("RDP order must be > 1 and finite. Provided value: " + order);
        }
    }

    /**
     * The smallest sigma for which {@link #logQ} uses the {@code erfc} form (below it, the sub-Gaussian form, which is
     * tighter there). Public so that a caller can tell which analysis applies.
     */
    public static final double ERFC_FORM_MIN_SIGMA = 2.0;

    /**
     * An upper bound on {@code ln P(answer != i*)}, {@code i*} the plurality class (lowest index among ties). A wrong
     * answer needs {@code n_i + Z_i >= n_* + Z_*} for some {@code i != i*}, i.e. {@code Z_i - Z_* >= gap_i}; the
     * union bound sums the per-class tails {@code f(gap_i)}, and the result is capped at {@code ln(1 - 1/k)} (the
     * plurality class wins at least as often as any other). The per-class tail, for the exact discrete noise drawn:
     * <ul>
     *   <li>{@code sigma >= 2} ({@link #ERFC_FORM_MIN_SIGMA}): {@code f(g) = (1 + eps)(1 + 1e-9) erfc((g - 1) / (2
     *   sigma)) / 2}, Papernot et al.'s continuous-noise {@code erfc} bound with the gap reduced by one vote (proof in
     *   {@link GaussianTail}: the difference of two discrete Gaussians has a point mass at most {@code 1 + eps} times
     *   the {@code N(0, 2 sigma^2)} density, {@code eps < 1e-300} for sigma >= 2);</li>
     *   <li>{@code sigma < 2}: {@code f(g) = exp(-g^2 / (4 sigma^2))}, the sub-Gaussian tail ({@code Z_i - Z_*} has
     *   variance proxy {@code 2 sigma^2}, CKS 2020).</li>
     * </ul>
     */
    public static double logQ(int[] votes, double sigma) {
        checkVotes(votes);
        checkSigma(sigma);
        int star = 0;
        for (int j = 1; j < votes.length; j++) {
            if (votes[j] > votes[star]) {
                star = j;
            }
        }
        boolean erfc = sigma >= ERFC_FORM_MIN_SIGMA;
        double scale = erfc ? GaussianTail.logScale(sigma) : 0;
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[votes.length];
        for (int j = 0; j < votes.length; j++) {
            double gap = votes[star] - votes[j];
            if (j == star) {
                terms[j] = Double.NEGATIVE_INFINITY;
            } else {
                terms[j] = erfc ? GaussianTail.logTail(gap, sigma, scale) : -gap * gap / (4 * sigma * sigma);
            }
            max = Math.max(max, terms[j]);
        }
        double s = 0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        double logq = max + Math.log(s);
        return Math.min(logq, Math.log1p(-1.0 / votes.length));
    }

    /**
     * Data-dependent RDP of one query at each order (Papernot et al. 2018, Theorem 6, with {@code mu2 = sigma
     * sqrt(-ln q)}, {@code mu1 = mu2 + 1} as in their Proposition 10): where its conditions hold and {@code lambda <
     * mu1}, the smaller of that bound and {@code lambda / sigma^2}; elsewhere {@code lambda / sigma^2}.
     *
     * <p>Caveat: the result depends on the private votes, so it is itself not differentially private. Report it as an
     * analysis of this dataset, never as the guarantee, or release it privately with
     * {@link PateAccountant#releaseDataDependent} (smooth sensitivity, {@link SmoothSensitivity}).
     *
     * @param logq an upper bound on {@code ln P(answer != i*)} ({@link #logQ}), {@code <= 0}
     */
    public static double[] rdpDataDependent(double logq, double sigma, double[] orders) {
        double[] rdp = rdpDataIndependent(sigma, orders);
        return rdpDataDependentFrom(rdp, logq, sigma * sigma, orders);
    }

    /**
     * Theorem 6 for a mechanism whose data-independent RDP is {@code lambda / variance} at every order (GNMax:
     * {@code variance = sigma^2}; Confident-GNMax's threshold check, sensitivity 1: {@code 2 sigma1^2}), started from
     * that bound ({@code rdp}, one entry per order, lowered in place and returned).
     */
    static double[] rdpDataDependentFrom(double[] rdp, double logq, double variance, double[] orders) {
        if (!(logq <= 0)) {
            throw new IllegalArgumentException("logq must be <= 0. Provided value: " + logq);
        }
        if (logq == Double.NEGATIVE_INFINITY) {
            return rdp; // cannot happen with sigma > 0; keep the data-independent bound
        }
        double mu2 = Math.sqrt(variance * -logq);
        double mu1 = mu2 + 1;
        double eps1 = mu1 / variance;
        double eps2 = mu2 / variance;
        if (!(mu2 > 1)) {
            return rdp;
        }
        double logA2 = (mu2 - 1) * eps2;
        boolean applies = -logq > eps2
                && logq <= logA2 - mu2 * (Math.log1p(1 / (mu1 - 1)) + Math.log1p(1 / (mu2 - 1)));
        if (!applies) {
            return rdp;
        }
        double log1mq = log1mexp(logq);
        double inner = log1mexp((logq + eps2) * (1 - 1 / mu2));
        for (int i = 0; i < orders.length; i++) {
            double lambda = orders[i];
            if (!(lambda < mu1)) {
                continue;
            }
            double logA = (lambda - 1) * (log1mq - inner);
            double logB = (lambda - 1) * (eps1 - logq / (mu1 - 1));
            double x = log1mq + logA;
            double y = logq + logB;
            double m = Math.max(x, y);
            double logS = m + Math.log(Math.exp(x - m) + Math.exp(y - m));
            rdp[i] = Math.min(rdp[i], logS / (lambda - 1));
        }
        return rdp;
    }

    /** {@code ln(1 - e^x)} for {@code x < 0}. */
    static double log1mexp(double x) {
        if (!(x < 0)) {
            throw new AssertionError("internal invariant: log1mexp needs x < 0, got " + x);
        }
        return x > -0.693 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
    }
}

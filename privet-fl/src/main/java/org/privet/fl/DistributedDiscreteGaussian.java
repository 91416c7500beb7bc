package org.privet.fl;

import java.security.SecureRandom;
import org.privet.core.rng.Rng;
import org.privet.dp.sgd.DiscreteGaussianNoise;

/**
 * The distributed discrete Gaussian mechanism (DDGauss) of Kairouz, Liu and Steinke 2021, "The Distributed
 * Discrete Gaussian Mechanism for Federated Learning with Secure Aggregation" (Algorithm 1 and Theorem 1):
 * distributed DP, where each client adds its share of integer noise before secure aggregation and the server
 * only ever sees the noisy sum.
 *
 * <p>Client ({@link #encode}): clip the update to L2 norm {@code c}; pad it to {@code D} = the next power of two
 * and rotate it with the randomized Hadamard transform {@code H D_xi / sqrt(D)} (random signs {@code xi} from
 * a public per-round seed; the rotation spreads the norm over all coordinates so that few wrap around the
 * modulus); scale by {@code 1/gamma}; round each coordinate randomly to an integer (up with probability its
 * fractional part), redrawing the whole vector until its L2 norm is at most the conditional bound of
 * Theorem 1 ({@code beta}); add {@code D} independent samples of the discrete Gaussian {@code N_Z(0,
 * (sigma/gamma)^2)} with {@code sigma/gamma = 2^k} (privet-dp's fast sampler,
 * {@link DiscreteGaussianNoise#addInto}, AES-256-CTR keyed from the caller's SecureRandom); reduce modulo
 * {@code 2^bits}. The rounding's random bits come from AES-256-CTR keyed from the same SecureRandom
 * ({@link DiscreteGaussianNoise#keystreamRandom}). Server ({@link #decode}): the modular sum from secure
 * aggregation, mapped to {@code [-2^(bits-1), 2^(bits-1))}, times {@code gamma}, rotated back, the padding dropped.
 *
 * <p>Privacy ({@link #rdp}): with {@code n} clients' noise in the sum the release is {@code (1/2)eps^2}-concentrated
 * DP in the paper's Theorem 1 form, as Rényi DP of order {@code alpha}: {@code min(alpha s^2/2 + tau D,
 * (alpha/2)(s + sqrt(D) tau)^2)} with {@code s^2 = Delta^2 / (n sigma^2)}, {@code Delta^2 = min((c + gamma
 * sqrt(D))^2, c^2 + gamma^2 D/4 + sqrt(2 ln(1/beta)) gamma (c + gamma sqrt(D)/2))} the sensitivity after
 * rounding, and {@code tau = 10 sum_{k=1}^{n-1} exp(-2 pi^2 (sigma/gamma)^2 k/(k+1))} the price of summing
 * discrete Gaussians instead of drawing one. The guarantee is for one client's whole update (user level) against
 * a server that sees only the sum, and assumes at least {@code n} honest clients added their noise. No
 * amplification by subsampling is claimed (valid for any client sampling). Modular wrap-around costs
 * utility, never privacy.
 *
 * <p><b>Grid.</b> {@code sigma} is the noise standard deviation each client adds (real units), used exactly;
 * the sum of {@code n} shares has standard deviation about {@code sqrt(n) sigma}. The sampler needs
 * {@code sigma/gamma} to be a power of two, so the granularity used ({@link #granularity}) is the requested one
 * made coarser: {@code gamma = sigma / 2^k} with {@code k = min(30, floor(log2(sigma / gamma_requested)))}, in
 * {@code [gamma_requested, 2 gamma_requested)} unless {@code k} is capped at 30. Coarser, never finer: the sum
 * then occupies fewer grid units, so the modulus {@code 2^bits} the caller sized (see {@link #calibrated}: at
 * least 6 standard deviations of the sum per coordinate) still holds it with the same or a larger margin; the
 * price is a larger rounding term in {@code Delta} (the {@code gamma} terms, at most doubled), and every
 * accounting method here ({@link #l2SensitivitySquared}, {@link #tau}, {@link #rdp}) uses the {@code gamma}
 * actually used.
 *
 * <p><b>Sampler.</b> The noise is the block sampler of {@link DiscreteGaussianNoise} (exact acceptance
 * decisions; within total variation {@code eta = 2^-110} of {@code N_Z(0, 4^k)} per draw, the conditioning on
 * {@code |x| < 16 sigma/gamma} included) for {@code k >= 5}, and the exact CKS sampler for {@code k < 5}. The
 * Rényi bound of {@link #rdp} is the ideal mechanism's; one round of {@code n} clients draws {@code n D}
 * samples, so {@code T} rounds are within total variation {@code T n D eta} of it, and an {@code (epsilon,
 * delta)} guarantee derived from {@link #rdp} holds with {@code delta + (1 + e^epsilon) T n D eta} (for
 * {@code T n D = 10^12} and epsilon 20 that adds below {@code 4 10^-13}).
 *
 * <p>A mechanism that exists is valid; immutable and thread-safe.
 */
public final class DistributedDiscreteGaussian {
    /** The paper's default conditional-rounding parameter, {@code e^-1/2}. */
    public static final double DEFAULT_BETA = Math.exp(-0.5);

    private final double clipNorm;
    private final double granularity;
    private final double beta;
    private final int bits;
    private final int log2NoiseGranules;
    private final double noiseStdDev;

    /**
     * @param clipNorm    c &gt; 0: each client's update is clipped to this L2 norm
     * @param noiseStdDev sigma &gt; 0: the standard deviation of each client's noise share, real units
     * @param granularity gamma &gt; 0: the requested integer grid step, real units, with {@code sigma/gamma >= 2};
     *                    made coarser to {@code sigma / 2^k} (class comment)
     * @param beta        conditional rounding parameter in [0, 1); 0 rounds unconditionally
     * @param bits        the modulus {@code 2^bits} of secure aggregation, in [8, 62]
     */
    public DistributedDiscreteGaussian(double clipNorm, double noiseStdDev, double granularity, double beta, int bits) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be > 0 and finite. Provided value: " + clipNorm);
        }
        if (!(noiseStdDev > 0) || Double.isInfinite(noiseStdDev)) {
            throw new IllegalArgumentException("noise standard deviation must be > 0 and finite. Provided value: "
                    + noiseStdDev);
        }
        if (!(granularity > 0) || Double.isInfinite(granularity)) {
            throw new IllegalArgumentException("granularity must be > 0 and finite. Provided value: " + granularity);
        }
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1). Provided value: " + beta);
        }
        if (bits < 8 || bits > 62) {
            throw new IllegalArgumentException("bits must be in [8, 62]. Provided value: " + bits);
        }
        double ratio = noiseStdDev / granularity;
        if (!(ratio >= 2)) {
            // below 2 the noise is hardly wider than the grid: tau (the price of summing discrete Gaussians)
            // is then of order 10 (n - 1) e^(-4 pi^2) per coordinate, no privacy to speak of
            throw new IllegalArgumentException("noise standard deviation / granularity must be >= 2. Provided value: "
                    + ratio);
        }
        int k = Math.min(DiscreteGaussianNoise.MAX_INTEGER_LOG2_SIGMA, Math.getExponent(ratio)); // floor(log2), ratio normal
        this.clipNorm = clipNorm;
        this.granularity = Math.scalb(noiseStdDev, -k); // exact: sigma / gamma = 2^k
        this.beta = beta;
        this.bits = bits;
        this.log2NoiseGranules = k;
        this.noiseStdDev = noiseStdDev;
    }

    /**
     * Parameters for {@code n} clients whose summed noise has standard deviation {@code z c} (the noise of
     * central DP-FedAvg at noise multiplier {@code z}): {@code sigma = z c / sqrt(n)}, and {@code gamma} chosen
     * so that each coordinate of the sum stays within {@code 6} standard deviations of the modulus: {@code
     * 2^bits gamma = 2 * 6 sqrt(c^2 n^2 / D + n (gamma^2/4 + sigma^2))} (the paper's Section 5 rule with the
     * conservative {@code n^2} norm growth), {@code D} the padded dimension; then made coarser to {@code sigma /
     * 2^k} by the constructor. The margin {@code 2^(bits-1) gamma / sqrt(c^2 n^2 / D + n (gamma^2/4 + sigma^2))}
     * increases with {@code gamma}, so the coarser grid keeps at least 6 standard deviations
     * ({@link #modulusMarginStdDevs}).
     *
     * @throws IllegalArgumentException if the modulus is too small for {@code sigma/gamma >= 2} at that margin
     */
    public static DistributedDiscreteGaussian calibrated(double clipNorm, double noiseMultiplier, int clients,
            int dimension, int bits, double beta) {
        if (clients < 1 || dimension < 1) {
            throw new IllegalArgumentException("clients and dimension must be >= 1. Provided values: " + clients + ", "
                    + dimension);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be > 0 and finite. Provided value: "
                    + noiseMultiplier);
        }
        double sigma = noiseMultiplier * clipNorm / Math.sqrt(clients);
        double dd = paddedDimension(dimension);
        double gamma = 0;
        for (int i = 0; i < 50; i++) {
            gamma = 12 * Math.sqrt(clipNorm * clipNorm * clients * (double) clients / dd
                    + clients * (gamma * gamma / 4 + sigma * sigma)) / Math.scalb(1.0, bits);
        }
        if (!(sigma / gamma >= 2)) {
            throw new IllegalArgumentException("bits too small: 6 standard deviations of the sum of " + clients
                    + " shares need granularity " + gamma + " > noise standard deviation / 2 = " + sigma / 2
                    + ". Provided bits: " + bits);
        }
        return new DistributedDiscreteGaussian(clipNorm, sigma, gamma, beta, bits);
    }

    public double clipNorm() {
        return clipNorm;
    }

    /** The per-client noise standard deviation actually used (real units). */
    public double noiseStdDev() {
        return noiseStdDev;
    }

    /** The granularity gamma actually used, {@code noiseStdDev() / 2^log2NoiseGranules()} (real units). */
    public double granularity() {
        return granularity;
    }

    /** {@code k} with {@code sigma / gamma = 2^k}, in [1, 30]: the noise standard deviation in grid units is 2^k. */
    public int log2NoiseGranules() {
        return log2NoiseGranules;
    }

    /**
     * Half the modulus in standard deviations of one coordinate of the sum of {@code clients} shares, with the
     * conservative bound {@code sqrt(c^2 n^2 / D + n (gamma^2/4 + sigma^2))} on that standard deviation (the rule
     * of {@link #calibrated}, which makes it at least 6): a coordinate of the sum wraps around with probability
     * about {@code 2 Phi(-margin)}. Costs utility only, never privacy.
     */
    public double modulusMarginStdDevs(int clients, int dimension) {
        if (clients < 1 || dimension < 1) {
            throw new IllegalArgumentException("clients and dimension must be >= 1. Provided values: " + clients + ", "
                    + dimension);
        }
        double dd = paddedDimension(dimension);
        double sd = Math.sqrt(clipNorm * clipNorm * clients * (double) clients / dd
                + clients * (granularity * granularity / 4 + noiseStdDev * noiseStdDev));
        return Math.scalb(granularity, bits - 1) / sd;
    }

    public double beta() {
        return beta;
    }

    public int bits() {
        return bits;
    }

    /** The next power of two {@code >= dimension}: the length of an encoded vector. */
    public static int paddedDimension(int dimension) {
        int p = Integer.highestOneBit(Math.max(1, dimension));
        return p == dimension ? p : p << 1;
    }

    /** The squared L2 norm bound of a rounded, scaled, rotated vector (grid units) for {@code D} coordinates. */
    double roundingBoundSquared(int paddedDim) {
        double cg = clipNorm / granularity;
        double unconditional = cg + Math.sqrt(paddedDim);
        unconditional *= unconditional;
        if (beta == 0) {
            return unconditional;
        }
        double conditional = cg * cg + paddedDim / 4.0 + Math.sqrt(2 * Math.log(1 / beta)) * (cg + Math.sqrt(paddedDim) / 2);
        return Math.min(unconditional, conditional);
    }

    /**
     * A client's encoded share: clipped, rotated (signs from {@code rotationSeed}, the round's public seed),
     * scaled, conditionally rounded, noised and reduced modulo {@code 2^bits}; length {@link #paddedDimension}.
     *
     * @param update the client's update (not modified), finite values
     * @param random the client's private randomness for rounding and noise (SecureRandom outside tests)
     */
    public long[] encode(float[] update, long rotationSeed, SecureRandom random) {
        int d = update.length;
        int dd = paddedDimension(d);
        double norm = 0;
        for (float v : update) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("update values must be finite. Provided value: " + v);
            }
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        double scale = (norm > clipNorm ? clipNorm / norm : 1) / granularity;
        double[] x = new double[dd];
        for (int j = 0; j < d; j++) {
            x[j] = update[j] * scale;
        }
        rotate(x, rotationSeed);
        double bound = roundingBoundSquared(dd);
        long[] k = new long[dd];
        // rounding bits: AES-256-CTR keyed from the caller's generator (one platform SecureRandom draw per
        // coordinate cost ~100 ns, more than the noise)
        SecureRandom roundingBits = DiscreteGaussianNoise.keystreamRandom(random);
        for (int attempt = 0; ; attempt++) {
            double sq = 0;
            for (int j = 0; j < dd; j++) {
                double f = Math.floor(x[j]);
                // up with probability ceil((x - f) 2^53) / 2^53 (53-bit uniform; unbiased to 2^-53)
                long v = (long) f + ((roundingBits.nextLong() >>> 11) * 0x1p-53 < x[j] - f ? 1 : 0);
                k[j] = v;
                sq += (double) v * v;
            }
            if (sq <= bound) {
                break;
            }
            if (attempt > 10_000) {
                throw new AssertionError("internal invariant: conditional rounding accepts with probability >= 1 - beta"
                        + " but failed 10000 times (norm^2 " + sq + " > " + bound + ")");
            }
        }
        new DiscreteGaussianNoise(random).addInto(k, log2NoiseGranules);
        long mask = (1L << bits) - 1;
        for (int j = 0; j < dd; j++) {
            k[j] &= mask; // two's complement: the residue modulo 2^bits
        }
        return k;
    }

    /**
     * The server's estimate of the sum of the clients' clipped updates from the modular sum of their shares.
     *
     * @param modularSum the element-wise sum modulo {@code 2^bits} (length {@link #paddedDimension})
     * @param dimension  the model dimension d
     */
    public double[] decode(long[] modularSum, int dimension, long rotationSeed) {
        int dd = paddedDimension(dimension);
        if (modularSum.length != dd) {
            throw new IllegalArgumentException("sum length must be " + dd + ". Provided value: " + modularSum.length);
        }
        int shift = 64 - bits;
        double[] x = new double[dd];
        for (int j = 0; j < dd; j++) {
            x[j] = ((modularSum[j] << shift) >> shift) * granularity; // centred lift to [-2^(bits-1), 2^(bits-1))
        }
        unrotate(x, rotationSeed);
        return java.util.Arrays.copyOf(x, dimension);
    }

    /** {@code x <- H D x / sqrt(D)}: random signs, then the normalised Walsh-Hadamard transform. */
    static void rotate(double[] x, long seed) {
        signs(x, seed);
        hadamard(x);
    }

    /** The inverse: {@code x <- D H x / sqrt(D)} (H is symmetric and H H = D I). */
    static void unrotate(double[] x, long seed) {
        hadamard(x);
        signs(x, seed);
    }

    private static void signs(double[] x, long seed) {
        Rng r = Rng.of(seed).child("ddgauss-rotation");
        for (int j = 0; j < x.length; j++) {
            if (r.nextDouble() < 0.5) {
                x[j] = -x[j];
            }
        }
    }

    /** In-place normalised fast Walsh-Hadamard transform; length a power of two. */
    static void hadamard(double[] x) {
        int n = x.length;
        for (int h = 1; h < n; h <<= 1) {
            for (int i = 0; i < n; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    double a = x[j];
                    double b = x[j + h];
                    x[j] = a + b;
                    x[j + h] = a - b;
                }
            }
        }
        double s = 1 / Math.sqrt(n);
        for (int j = 0; j < n; j++) {
            x[j] *= s;
        }
    }

    /** {@code Delta^2} of Theorem 1 (real units) for {@code D} padded coordinates. */
    public double l2SensitivitySquared(int paddedDim) {
        return roundingBoundSquared(paddedDim) * granularity * granularity;
    }

    /** {@code tau} of Theorem 1 for {@code n} clients' noise in the sum. */
    public double tau(int clients) {
        double r = Math.scalb(1.0, log2NoiseGranules);
        double t = 0;
        for (int k = 1; k < clients; k++) {
            t += Math.exp(-2 * Math.PI * Math.PI * r * r * k / (k + 1.0));
        }
        return 10 * t;
    }

    /**
     * Rényi DP of one release at order {@code alpha > 1} when {@code clients} clients' noise is in the sum and
     * the model has {@code dimension} parameters (padded internally).
     */
    public double rdp(double alpha, int clients, int dimension) {
        if (!(alpha > 1) || clients < 1) {
            throw new IllegalArgumentException("need alpha > 1 and clients >= 1. Provided values: " + alpha + ", "
                    + clients);
        }
        int dd = paddedDimension(dimension);
        double s = Math.sqrt(l2SensitivitySquared(dd) / (clients * noiseStdDev * noiseStdDev));
        double tau = tau(clients);
        double a = alpha * s * s / 2 + tau * dd;
        double b = alpha / 2 * Math.pow(s + Math.sqrt(dd) * tau, 2);
        return Math.min(a, b);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "DDGauss(c=%g, sigma=%g per client, gamma=%.3g = sigma/2^%d, "
                + "beta=%.3g, bits=%d)", clipNorm, noiseStdDev, granularity, log2NoiseGranules, beta, bits);
    }
}

package org.privet.dp.sgd;

import java.security.SecureRandom;
import java.util.Arrays;
import org.privet.dp.noise.NoiseRandom;

/**
 * Poisson sampling for DP-SGD: each call to {@link #next()} includes every record independently with
 * probability {@link #rate()}, so batch sizes vary (mean {@code q n}, possibly 0). This is the sampling
 * that the subsampled-Gaussian accountants assume; shuffling into fixed-size batches is not.
 *
 * <p>Inclusion is decided exactly: record i is in the batch iff 53 fresh random bits, read as an
 * integer, are below {@code ceil(q 2^53)}; so the inclusion probability is exactly
 * {@link #rate()} {@code = ceil(q 2^53) / 2^53} (at most 2^-53 above q), the value to give the accountant.
 * The bits are an AES-256-CTR keystream keyed once from the given {@link SecureRandom}: sampling is
 * secret (an adversary who could predict the batches would lose the amplification by subsampling).
 * Not thread-safe.
 */
public final class PoissonSampler {
    private final int n;
    private final long threshold;
    private final AesCtrRandom bits;
    private int[] scratch;

    /**
     * @param n         records, {@code >= 1}
     * @param q         sampling rate in (0, 1]
     * @param keySource where the stream's 32-byte key comes from: {@link NoiseRandom#secure()} in production
     */
    public PoissonSampler(int n, double q, SecureRandom keySource) {
        if (n < 1) {
            throw new IllegalArgumentException("Poisson sampler: number of records must be >= 1. Provided value: " + n);
        }
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("Poisson sampler: rate must be in (0, 1]. Provided value: " + q);
        }
        if (keySource == null) {
            throw new IllegalArgumentException("Poisson sampler: keySource must not be null");
        }
        this.n = n;
        this.threshold = (long) Math.ceil(Math.scalb(q, 53));
        byte[] key = new byte[32];
        keySource.nextBytes(key);
        this.bits = new AesCtrRandom(key, 0);
        Arrays.fill(key, (byte) 0);
        this.scratch = new int[Math.max(16, (int) Math.min(n, 2L * q * n + 16))];
    }

    /** A sampler over {@link NoiseRandom#secure()}. */
    public static PoissonSampler secure(int n, double q) {
        return new PoissonSampler(n, q, NoiseRandom.secure());
    }

    /** A seeded, predictable sampler: <b>no</b> privacy. For tests only. */
    public static PoissonSampler insecureSeededForTests(int n, double q, long seed) {
        return new PoissonSampler(n, q, NoiseRandom.insecureSeededForTests(seed));
    }

    /** The exact inclusion probability, {@code ceil(q 2^53) / 2^53}. */
    public double rate() {
        return Math.scalb((double) threshold, -53);
    }

    /** Number of records sampled from. */
    public int size() {
        return n;
    }

    /** The next batch: indices in increasing order (a fresh array; may be empty). */
    public int[] next() {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if ((bits.nextLong() >>> 11) < threshold) {
                if (count == scratch.length) {
                    scratch = Arrays.copyOf(scratch, Math.min(n, 2 * scratch.length));
                }
                scratch[count++] = i;
            }
        }
        return Arrays.copyOf(scratch, count);
    }
}

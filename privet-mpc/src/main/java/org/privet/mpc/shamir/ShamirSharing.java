package org.privet.mpc.shamir;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code t}-out-of-{@code n} Shamir secret sharing over GF(2<sup>61</sup> - 1).
 *
 * <p>A secret of {@code L >= 1} bytes is cut into {@code ceil(L / 7)} big-endian chunks of at most 56 bits
 * (each below the prime); chunk {@code c} is the constant term of its own polynomial of degree {@code t - 1}
 * whose other coefficients are uniform in the field. The share of party {@code x} holds every polynomial's
 * value at {@code x}. Any {@code t} shares give the secret back by Lagrange interpolation at 0; any {@code
 * t - 1} are uniformly distributed whatever the secret (information-theoretic hiding per chunk, and the
 * chunks' polynomials are independent). A 256-bit seed becomes 5 field elements per share.
 *
 * <p>Coefficients come from the {@link SecureRandom} passed in; {@link #splitInsecureForTests} takes a plain
 * {@link Random} for reproducible tests only and must not share real secrets. Instances are
 * immutable and thread-safe.
 */
public final class ShamirSharing {
    /** Bytes per field element of a secret (56 bits, below {@code 2^61 - 1}). */
    public static final int CHUNK_BYTES = 7;

    private final int threshold;

    /** @param threshold {@code t >= 1}: the number of shares that reconstruct, {@code t - 1} learn nothing */
    public ShamirSharing(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be >= 1. Provided value: " + threshold);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /** Field elements per share of a {@code secretLength}-byte secret. */
    public static int chunks(int secretLength) {
        return (secretLength + CHUNK_BYTES - 1) / CHUNK_BYTES;
    }

    /** Shares for parties {@code x = 1..n}; {@code n >= threshold}. */
    public ShamirShare[] split(byte[] secret, int n, SecureRandom random) {
        long[] xs = new long[Math.max(n, 0)];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i + 1;
        }
        return splitWith(secret, xs, random);
    }

    /** Shares at the given distinct x-coordinates in {@code [1, 2^61 - 1)}, at least {@code threshold} of them. */
    public ShamirShare[] split(byte[] secret, long[] xs, SecureRandom random) {
        return splitWith(secret, xs, random);
    }

    /**
     * As {@link #split(byte[], long[], SecureRandom)}, with any {@link Random}: a seeded one makes shares
     * reproducible, and predictable, so this is for tests only.
     */
    public ShamirShare[] splitInsecureForTests(byte[] secret, long[] xs, Random random) {
        return splitWith(secret, xs, random);
    }

    private ShamirShare[] splitWith(byte[] secret, long[] xs, Random random) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        if (xs.length < threshold) {
            throw new IllegalArgumentException("cannot split into " + xs.length + " shares with threshold " + threshold
                    + ": the number of shares must be >= threshold");
        }
        checkXs(xs);
        int m = chunks(secret.length);
        // coef[c * t + j]: coefficient of x^j of chunk c's polynomial
        long[] coef = new long[m * threshold];
        for (int c = 0; c < m; c++) {
            coef[c * threshold] = chunkValue(secret, c);
            for (int j = 1; j < threshold; j++) {
                coef[c * threshold + j] = uniform(random);
            }
        }
        ShamirShare[] out = new ShamirShare[xs.length];
        for (int i = 0; i < xs.length; i++) {
            long x = xs[i];
            long[] y = new long[m];
            for (int c = 0; c < m; c++) {
                int base = c * threshold;
                long acc = coef[base + threshold - 1];
                for (int j = threshold - 2; j >= 0; j--) {
                    acc = PrimeField61.add(PrimeField61.mul(acc, x), coef[base + j]);
                }
                y[c] = acc;
            }
            out[i] = new ShamirShare(x, y, secret.length, true);
        }
        Arrays.fill(coef, 0L);
        return out;
    }

    /**
     * Reconstructs the secret from at least {@code threshold} shares with distinct x-coordinates. The first
     * {@code threshold} shares are interpolated; every further share must lie on the same polynomials, or an
     * {@link IllegalArgumentException} says the shares are inconsistent (a wrong or tampered share).
     */
    public byte[] reconstruct(List<ShamirShare> shares) {
        if (shares.size() < threshold) {
            throw new IllegalArgumentException("too few shares: " + shares.size() + " given, threshold " + threshold
                    + " needed (fewer than threshold shares reveal nothing about the secret)");
        }
        int len = shares.get(0).secretLength();
        long[] xs = new long[shares.size()];
        for (int i = 0; i < xs.length; i++) {
            ShamirShare s = shares.get(i);
            if (s.secretLength() != len) {
                throw new IllegalArgumentException("shares of different secrets: share " + i + " is of a "
                        + s.secretLength() + "-byte secret, share 0 of a " + len + "-byte secret");
            }
            xs[i] = s.x();
        }
        checkXs(xs);
        ShamirShare[] first = shares.subList(0, threshold).toArray(new ShamirShare[0]);
        long[] lambda = lagrangeAtZero(Arrays.copyOf(xs, threshold));
        byte[] secret = combine(first, lambda);
        if (shares.size() > threshold) {
            int m = chunks(len);
            for (int k = threshold; k < shares.size(); k++) {
                long[] at = lagrangeAt(Arrays.copyOf(xs, threshold), xs[k]);
                for (int c = 0; c < m; c++) {
                    long v = 0;
                    for (int i = 0; i < threshold; i++) {
                        v = PrimeField61.add(v, PrimeField61.mul(at[i], first[i].yAt(c)));
                    }
                    if (v != shares.get(k).yAt(c)) {
                        throw new IllegalArgumentException("inconsistent shares: share " + k + " (x=" + xs[k]
                                + ") does not lie on the polynomial through the first " + threshold + " shares");
                    }
                }
            }
        }
        return secret;
    }

    /**
     * The secret from exactly {@code lambda.length} shares and their Lagrange coefficients at 0 ({@link
     * #lagrangeAtZero}, computed once for a fixed set of x-coordinates and reused across secrets). The
     * caller guarantees {@code shares[i].x() == xs[i]} for the {@code xs} that gave {@code lambda}. Throws
     * {@link IllegalArgumentException} when a reconstructed chunk is out of range (inconsistent shares).
     */
    public static byte[] combine(ShamirShare[] shares, long[] lambda) {
        if (shares.length != lambda.length) {
            throw new IllegalArgumentException("combine: " + shares.length + " shares but " + lambda.length
                    + " Lagrange coefficients");
        }
        int len = shares[0].secretLength();
        int m = chunks(len);
        byte[] out = new byte[len];
        for (int c = 0; c < m; c++) {
            long v = 0;
            for (int i = 0; i < shares.length; i++) {
                if (shares[i].secretLength() != len) {
                    throw new IllegalArgumentException("shares of different secrets: share " + i + " is of a "
                            + shares[i].secretLength() + "-byte secret, share 0 of a " + len + "-byte secret");
                }
                v = PrimeField61.add(v, PrimeField61.mul(lambda[i], shares[i].yAt(c)));
            }
            int from = c * CHUNK_BYTES;
            int n = Math.min(CHUNK_BYTES, len - from);
            if (n < 8 && (v >>> (8 * n)) != 0) {
                throw new IllegalArgumentException("inconsistent shares: chunk " + c + " reconstructs to a value above "
                        + (8 * n) + " bits (a wrong or tampered share)");
            }
            for (int b = n - 1; b >= 0; b--) {
                out[from + b] = (byte) v;
                v >>>= 8;
            }
        }
        return out;
    }

    /** Lagrange coefficients {@code lambda_i = prod_{j != i} x_j / (x_j - x_i)} for interpolation at 0. */
    public static long[] lagrangeAtZero(long[] xs) {
        return lagrangeAt(xs, 0);
    }

    /**
     * True when {@code extra} lies on the polynomials through {@code shares}: {@code atExtra} are the
     * coefficients {@link #lagrangeAt}{@code (xs of shares, extra.x())}. Detects a wrong share among {@code
     * t + 1}.
     */
    public static boolean consistent(ShamirShare[] shares, long[] atExtra, ShamirShare extra) {
        int m = chunks(extra.secretLength());
        for (int c = 0; c < m; c++) {
            long v = 0;
            for (int i = 0; i < shares.length; i++) {
                v = PrimeField61.add(v, PrimeField61.mul(atExtra[i], shares[i].yAt(c)));
            }
            if (v != extra.yAt(c)) {
                return false;
            }
        }
        return true;
    }

    /** Lagrange coefficients for evaluating at {@code at} the polynomial through points at {@code xs}. */
    public static long[] lagrangeAt(long[] xs, long at) {
        checkXs(xs);
        int n = xs.length;
        long[] num = new long[n];
        long[] den = new long[n];
        for (int i = 0; i < n; i++) {
            long nu = 1;
            long de = 1;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    nu = PrimeField61.mul(nu, PrimeField61.sub(xs[j], at));
                    de = PrimeField61.mul(de, PrimeField61.sub(xs[j], xs[i]));
                }
            }
            num[i] = nu;
            den[i] = de;
        }
        // batch inversion: one field inverse for all denominators
        long[] prefix = new long[n];
        long acc = 1;
        for (int i = 0; i < n; i++) {
            prefix[i] = acc;
            acc = PrimeField61.mul(acc, den[i]);
        }
        long inv = PrimeField61.inv(acc);
        long[] out = new long[n];
        for (int i = n - 1; i >= 0; i--) {
            long di = PrimeField61.mul(inv, prefix[i]);
            inv = PrimeField61.mul(inv, den[i]);
            out[i] = PrimeField61.mul(num[i], di);
        }
        return out;
    }

    private static void checkXs(long[] xs) {
        long[] sorted = xs.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] <= 0 || sorted[i] >= PrimeField61.P) {
                throw new IllegalArgumentException("share x-coordinates must be in [1, 2^61 - 1). Provided value: "
                        + sorted[i]);
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("duplicate share x-coordinate: " + sorted[i]
                        + " (each share must come from a different party)");
            }
        }
    }

    private static long chunkValue(byte[] secret, int c) {
        int from = c * CHUNK_BYTES;
        int to = Math.min(secret.length, from + CHUNK_BYTES);
        long v = 0;
        for (int i = from; i < to; i++) {
            v = (v << 8) | (secret[i] & 0xFF);
        }
        return v;
    }

    private static long uniform(Random random) {
        while (true) {
            long v = random.nextLong() >>> 3; // uniform in [0, 2^61)
            if (v != PrimeField61.P) {
                return v;
            }
        }
    }
}

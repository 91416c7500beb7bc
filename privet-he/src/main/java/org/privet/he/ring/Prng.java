package org.privet.he.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudo-random words from AES-128 in counter mode keyed by a 128-bit seed. {@link #secure()} draws the seed
 * from {@link SecureRandom} (keys, encryption randomness, noise); {@link #insecureSeededForTests(long)} makes a
 * reproducible stream for tests only and must never protect data. Samplers for the distributions of RLWE:
 * uniform mod q, uniform ternary and the rounded Gaussian of the HE standard (sigma 3.2, tails cut at
 * {@code 6 sigma}).
 *
 * <p>Not thread safe: use one instance per thread.
 */
public final class Prng {
    private static final int BLOCK = 8192;
    private final Cipher cipher;
    private final byte[] zeros = new byte[BLOCK];
    private final byte[] bytes = new byte[BLOCK];
    private final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    private boolean haveSpare;
    private double spare;

    private Prng(byte[] key) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this JVM", e);
        }
        refill();
    }

    /** A generator seeded with 128 bits from {@link SecureRandom}. */
    public static Prng secure() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return new Prng(key);
    }

    /** A reproducible generator: for tests only (its whole output follows from {@code seed}). */
    public static Prng insecureSeededForTests(long seed) {
        byte[] key = new byte[16];
        ByteBuffer.wrap(key).putLong(seed).putLong(~seed * 0x9E3779B97F4A7C15L);
        return new Prng(key);
    }

    private void refill() {
        try {
            cipher.update(zeros, 0, BLOCK, bytes, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed", e);
        }
        buf.clear();
    }

    /** 64 uniform bits. */
    public long nextLong() {
        if (buf.remaining() < 8) {
            refill();
        }
        return buf.getLong();
    }

    /** Uniform double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [0, q)} by rejection. */
    public long uniform(long q) {
        long mask = -1L >>> Long.numberOfLeadingZeros(q - 1);
        while (true) {
            long r = nextLong() & mask;
            if (r < q) {
                return r;
            }
        }
    }

    /** Fills {@code out} with independent uniform values mod {@code q}. */
    public void uniform(long q, long[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = uniform(q);
        }
    }

    /** Uniform ternary coefficients in {@code {-1, 0, 1}}. */
    public void ternary(long[] out) {
        long bits = 0;
        int avail = 0;
        for (int i = 0; i < out.length; ) {
            if (avail < 2) {
                bits = nextLong();
                avail = 64;
            }
            int t = (int) (bits & 3);
            bits >>>= 2;
            avail -= 2;
            if (t != 3) {
                out[i++] = t - 1;
            }
        }
    }

    /**
     * Rounded Gaussian coefficients with standard deviation {@code sigma}, resampled beyond
     * {@code bound} in absolute value.
     */
    public void gaussian(double sigma, double bound, long[] out) {
        for (int i = 0; i < out.length; i++) {
            while (true) {
                double g = nextGaussian() * sigma;
                if (Math.abs(g) <= bound) {
                    out[i] = Math.round(g);
                    break;
                }
            }
        }
    }

    private double nextGaussian() {
        if (haveSpare) {
            haveSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * f;
        haveSpare = true;
        return u * f;
    }
}

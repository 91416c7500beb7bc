package org.privet.he.rlwe;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.privet.he.ring.Ring;

/**
 * Validated RLWE parameters: the ring (chain {@code Q} and special primes {@code P}), the error standard
 * deviation (3.2, the HE standard's) and the hybrid key-switching decomposition: the chain is cut into
 * {@code dnum = ceil((L + 1) / alpha)} digits of {@code alpha = #P} consecutive primes. The secret is uniform
 * ternary. Security is the caller's business at this layer; {@code org.privet.he.ckks.CkksParameters} checks it.
 *
 * <p>{@link #fingerprint()} is a 64-bit digest of everything above; keys and ciphertexts carry it so that a
 * mismatch is detected. Immutable and thread safe.
 */
public final class RlweParameters {
    /** Error standard deviation of the HE standard. */
    public static final double SIGMA = 3.2;
    /** Error tail cut: {@code 6 sigma}, rounded as in SEAL. */
    public static final double ERROR_BOUND = 19.2;

    private final Ring ring;
    private final long[] q;
    private final long[] p;
    private final int alpha;
    private final long fingerprint;

    /**
     * @param logN ring degree exponent
     * @param qPrimes the ciphertext chain {@code q_0..q_L}
     * @param pPrimes the special primes (at least one: key switching needs them)
     */
    public RlweParameters(int logN, long[] qPrimes, long[] pPrimes) {
        if (pPrimes.length == 0) {
            throw new IllegalArgumentException("at least one special prime P is needed for key switching");
        }
        this.ring = new Ring(logN, qPrimes, pPrimes);
        this.q = qPrimes.clone();
        this.p = pPrimes.clone();
        this.alpha = pPrimes.length;
        this.fingerprint = digest(logN, q, p);
    }

    private static long digest(int logN, long[] q, long[] p) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(32 + 8 * (q.length + p.length));
            b.putInt(0x524C5745).putInt(logN).putDouble(SIGMA).putInt(q.length).putInt(p.length).putInt(1 /* ternary */);
            for (long x : q) {
                b.putLong(x);
            }
            for (long x : p) {
                b.putLong(x);
            }
            md.update(b.array(), 0, b.position());
            return ByteBuffer.wrap(md.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The ring. */
    public Ring ring() {
        return ring;
    }

    /** {@code log2 N}. */
    public int logN() {
        return ring.logN();
    }

    /** Ring degree N. */
    public int n() {
        return ring.n();
    }

    /** Highest level L. */
    public int maxLevel() {
        return q.length - 1;
    }

    /** The chain primes (copy). */
    public long[] qPrimes() {
        return q.clone();
    }

    /** The special primes (copy). */
    public long[] pPrimes() {
        return p.clone();
    }

    /** Primes per key-switching digit (the number of special primes). */
    public int alpha() {
        return alpha;
    }

    /** Number of key-switching digits at the top level. */
    public int dnum() {
        return (q.length + alpha - 1) / alpha;
    }

    /** {@code log2(Q_L * P)}, the figure the HE standard bounds. */
    public double logQP() {
        double s = 0;
        for (long x : q) {
            s += Math.log(x) / Math.log(2);
        }
        for (long x : p) {
            s += Math.log(x) / Math.log(2);
        }
        return s;
    }

    /** Bit length of {@code Q_L * P} (the integer, so {@code QP < 2^bits}). */
    public int bitLengthQP() {
        java.math.BigInteger x = java.math.BigInteger.ONE;
        for (long v : q) {
            x = x.multiply(java.math.BigInteger.valueOf(v));
        }
        for (long v : p) {
            x = x.multiply(java.math.BigInteger.valueOf(v));
        }
        return x.bitLength();
    }

    /** 64-bit digest of N, the primes, the error and secret distributions. */
    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "RlweParameters[logN=" + logN() + ", Q=" + Arrays.toString(q) + ", P=" + Arrays.toString(p) + "]";
    }
}

package org.privet.he.paillier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A Paillier public key {@code n = p q} with generator {@code g = n + 1} (Paillier 1999, with the
 * usual simplification of Damgård and Jurik 2001): {@code Enc(m; r) = (1 + m n) r^n mod n^2}.
 *
 * <p>Plaintexts are integers in {@code [0, n)}; arithmetic on ciphertexts is modulo {@code n}.
 * Signed and real values go through {@link EncodedNumber}. A key that exists is valid: the modulus
 * is odd and has at least {@value #MIN_SECURE_BITS} bits (about 112-bit security; 3072 bits gives
 * 128-bit security per NIST SP 800-57), unless it was made with {@link #fromModulusInsecure}, which
 * is for tests and demonstrations only and is marked {@link #isInsecure()}.
 *
 * <p>Every key has a {@link #fingerprint()}: the first 128 bits of SHA-256 over a scheme tag
 * ({@code privet-paillier/v1/g=n+1}) and {@code n}. Ciphertexts, files and vectors carry it, so an
 * operation that mixes keys fails with an error instead of returning garbage.
 *
 * <p>Thread safety: immutable; {@link #encrypt(BigInteger)} may be called from several threads (its
 * {@link SecureRandom} is thread safe).
 */
public final class PaillierPublicKey {
    /** Smallest modulus size accepted without the explicit insecure opt-in. */
    public static final int MIN_SECURE_BITS = 2048;
    /** Smallest modulus size accepted at all (tests only). */
    public static final int MIN_INSECURE_BITS = 128;
    static final String SCHEME_TAG = "privet-paillier/v1/g=n+1";

    private final BigInteger n;
    private final BigInteger nSquared;
    private final BigInteger maxInt;
    private final int nSquaredBits;
    private final BigInteger barrettMu;
    private final boolean insecure;
    private final String fingerprint;
    private volatile Obfuscator defaultObfuscator;

    private PaillierPublicKey(BigInteger n, boolean insecure) {
        this.n = n;
        this.nSquared = n.multiply(n);
        this.maxInt = n.divide(BigInteger.valueOf(3)).subtract(BigInteger.ONE);
        this.nSquaredBits = nSquared.bitLength();
        this.barrettMu = BigInteger.ONE.shiftLeft(2 * nSquaredBits).divide(nSquared);
        this.insecure = insecure;
        this.fingerprint = computeFingerprint(n);
    }

    /**
     * The public key for modulus {@code n}.
     *
     * @param n odd modulus with at least {@value #MIN_SECURE_BITS} bits (normally 2048 or 3072)
     * @throws IllegalArgumentException if {@code n} is too small, even or not positive
     */
    public static PaillierPublicKey fromModulus(BigInteger n) {
        checkModulus(n, false);
        return new PaillierPublicKey(n, false);
    }

    /**
     * INSECURE: a public key for a small modulus (at least {@value #MIN_INSECURE_BITS} bits), for
     * tests and demonstrations only. Keys of at least {@value #MIN_SECURE_BITS} bits made here are
     * not marked insecure.
     */
    public static PaillierPublicKey fromModulusInsecure(BigInteger n) {
        checkModulus(n, true);
        return new PaillierPublicKey(n, n.bitLength() < MIN_SECURE_BITS);
    }

    static void checkModulus(BigInteger n, boolean insecureAllowed) {
        if (n == null || n.signum() <= 0 || !n.testBit(0)) {
            throw new IllegalArgumentException("Paillier modulus n must be a positive odd integer. Provided value: " + n);
        }
        int min = insecureAllowed ? MIN_INSECURE_BITS : MIN_SECURE_BITS;
        if (n.bitLength() < min) {
            throw new IllegalArgumentException("Paillier modulus n must have at least " + min + " bits"
                    + (insecureAllowed ? "" : " (128-bit security needs 3072; smaller keys need the explicit insecure opt-in)")
                    + ". Provided value: " + n.bitLength() + " bits");
        }
    }

    private static String computeFingerprint(BigInteger n) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(SCHEME_TAG.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(n.toByteArray());
            byte[] d = sha.digest();
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: SHA-256 is available on every Java platform", e);
        }
    }

    /** The modulus {@code n}. */
    public BigInteger modulus() {
        return n;
    }

    /** {@code n^2}, the ciphertext modulus. */
    public BigInteger modulusSquared() {
        return nSquared;
    }

    /** Bit length of {@code n}. */
    public int bits() {
        return n.bitLength();
    }

    /** True for keys below {@value #MIN_SECURE_BITS} bits made through the insecure opt-in. */
    public boolean isInsecure() {
        return insecure;
    }

    /** 32 hex digits identifying this key (see the class comment). */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Largest magnitude of a signed plaintext, {@code floor(n/3) - 1} (as python-paillier): encodings
     * in {@code [0, maxInt]} are non-negative, those in {@code [n - maxInt, n)} negative, the band in
     * between is an overflow.
     */
    public BigInteger maxInt() {
        return maxInt;
    }

    /**
     * Encrypts {@code m} with fresh full randomness ({@code r} uniform in {@code Z_n^*}) from a
     * {@link SecureRandom}.
     *
     * @param m plaintext in {@code [0, n)}
     */
    public PaillierCiphertext encrypt(BigInteger m) {
        return encrypt(m, defaultObfuscator());
    }

    /**
     * Encrypts {@code m} with the randomness {@code obfuscator} supplies (one fresh value per call).
     *
     * @param m plaintext in {@code [0, n)}
     * @param obfuscator source of {@code r^n mod n^2} values for this key
     */
    public PaillierCiphertext encrypt(BigInteger m, Obfuscator obfuscator) {
        checkPlaintext(m);
        checkSameKey(obfuscator.key(), "obfuscator");
        return new PaillierCiphertext(this, mulMod(gToThe(m), obfuscator.next()));
    }

    /**
     * Encrypts an encoded number; the result keeps the encoding's exponent.
     *
     * @param value encoding made for this key
     */
    public EncryptedNumber encrypt(EncodedNumber value) {
        checkSameKey(value.key(), "encoded number");
        return new EncryptedNumber(encrypt(value.encoding()), value.exponent());
    }

    /** The full-randomness obfuscator {@link #encrypt(BigInteger)} uses (created on first use). */
    public Obfuscator defaultObfuscator() {
        Obfuscator o = defaultObfuscator;
        if (o == null) {
            synchronized (this) {
                o = defaultObfuscator;
                if (o == null) {
                    o = Obfuscators.full(this, new SecureRandom());
                    defaultObfuscator = o;
                }
            }
        }
        return o;
    }

    /** {@code g^m mod n^2 = 1 + m n} for {@code m} in {@code [0, n)} (exact, no reduction needed). */
    BigInteger gToThe(BigInteger m) {
        return m.multiply(n).add(BigInteger.ONE);
    }

    /**
     * {@code a b mod n^2} for {@code a, b} in {@code [0, n^2)} by Barrett reduction (three
     * multiplications, about 1.7x faster than {@code BigInteger.mod}'s division here).
     */
    BigInteger mulMod(BigInteger a, BigInteger b) {
        BigInteger x = a.multiply(b);
        BigInteger q = x.shiftRight(nSquaredBits - 1).multiply(barrettMu).shiftRight(nSquaredBits + 1);
        BigInteger r = x.subtract(q.multiply(nSquared));
        int guard = 0;
        while (r.compareTo(nSquared) >= 0) {
            r = r.subtract(nSquared);
            if (++guard > 2) {
                throw new AssertionError("internal invariant: Barrett remainder below 3 n^2 (operands out of range?)");
            }
        }
        return r;
    }

    void checkPlaintext(BigInteger m) {
        if (m == null || m.signum() < 0 || m.compareTo(n) >= 0) {
            throw new IllegalArgumentException("plaintext must be in [0, n) for this " + bits()
                    + "-bit key. Provided value: " + (m == null ? "null" : (m.signum() < 0 ? "negative" : m.bitLength() + " bits")));
        }
    }

    void checkSameKey(PaillierPublicKey other, String what) {
        if (other != this && !equals(other)) {
            throw new IllegalArgumentException(what + " belongs to Paillier key " + (other == null ? "null" : other.fingerprint)
                    + ", not to this key " + fingerprint);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaillierPublicKey k && k.fingerprint.equals(fingerprint) && k.n.equals(n);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "PaillierPublicKey[" + bits() + " bits, fingerprint " + fingerprint + (insecure ? ", INSECURE" : "") + "]";
    }
}

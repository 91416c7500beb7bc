package org.privet.he.paillier;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A vector of encrypted signed fixed-point numbers sharing one base-16 exponent (see
 * {@link EncodedNumber}): element {@code i} decrypts to {@code mantissa_i * 16^exponent}.
 *
 * <p>Element-wise operations align exponents like {@link EncryptedNumber}. {@link #dot} computes an
 * encrypted inner product with a plaintext vector using one modular inversion for all negative
 * weights. Sizes must match ({@link IllegalArgumentException} naming both sizes otherwise).
 *
 * <p>Immutable (the array is copied in and never exposed) and thread safe.
 */
public final class EncryptedVector {
    private final PaillierPublicKey key;
    private final BigInteger[] values;
    private final int exponent;

    EncryptedVector(PaillierPublicKey key, BigInteger[] values, int exponent) {
        this.key = key;
        this.values = values;
        this.exponent = exponent;
    }

    /**
     * Validated vector from raw ciphertext values (e.g. read from a file).
     *
     * @throws IllegalArgumentException if an element is not a valid ciphertext for {@code key}
     */
    public static EncryptedVector of(PaillierPublicKey key, BigInteger[] ciphertexts, int exponent) {
        BigInteger[] copy = ciphertexts.clone();
        for (int i = 0; i < copy.length; i++) {
            try {
                PaillierCiphertext.of(key, copy[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("element " + i + ": " + e.getMessage(), e);
            }
        }
        return new EncryptedVector(key, copy, exponent);
    }

    /**
     * Encrypts {@code values} at one fixed exponent (fixed-point with step {@code 16^exponent},
     * rounded half to even), with randomness from {@code obfuscator}.
     *
     * @param exponent e.g. {@code -8} for a step of {@code 2^-32}
     * @throws IllegalArgumentException if a value is not finite or does not fit (names the index)
     */
    public static EncryptedVector encrypt(PaillierPublicKey key, double[] values, int exponent, Obfuscator obfuscator) {
        key.checkSameKey(obfuscator.key(), "obfuscator");
        BigInteger[] c = new BigInteger[values.length];
        for (int i = 0; i < values.length; i++) {
            EncodedNumber e;
            try {
                e = EncodedNumber.encodeWithExponent(key, values[i], exponent);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("element " + i + ": " + ex.getMessage(), ex);
            }
            c[i] = key.mulMod(key.gToThe(e.encoding()), obfuscator.next());
        }
        return new EncryptedVector(key, c, exponent);
    }

    /** As {@link #encrypt(PaillierPublicKey, double[], int, Obfuscator)} with the key's default full randomness. */
    public static EncryptedVector encrypt(PaillierPublicKey key, double[] values, int exponent) {
        return encrypt(key, values, exponent, key.defaultObfuscator());
    }

    /** The key. */
    public PaillierPublicKey key() {
        return key;
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** The shared base-16 exponent. */
    public int exponent() {
        return exponent;
    }

    /** Element {@code i} as an encrypted number. */
    public EncryptedNumber get(int i) {
        return new EncryptedNumber(new PaillierCiphertext(key, values[i]), exponent);
    }

    /** A copy of the raw ciphertext values. */
    public BigInteger[] ciphertexts() {
        return values.clone();
    }

    /** The same values at a smaller exponent. */
    public EncryptedVector decreaseExponentTo(int newExponent) {
        if (newExponent > exponent) {
            throw new IllegalArgumentException("new exponent must be <= the current exponent " + exponent
                    + ". Provided value: " + newExponent);
        }
        if (newExponent == exponent) {
            return this;
        }
        BigInteger factor = BigInteger.ONE.shiftLeft((exponent - newExponent) * EncodedNumber.LOG2_BASE);
        BigInteger nSq = key.modulusSquared();
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i].modPow(factor, nSq);
        }
        return new EncryptedVector(key, out, newExponent);
    }

    /** Element-wise encrypted sum. */
    public EncryptedVector add(EncryptedVector other) {
        key.checkSameKey(other.key, "vector");
        checkSize(other.values.length);
        int e = Math.min(exponent, other.exponent);
        EncryptedVector a = decreaseExponentTo(e);
        EncryptedVector b = other.decreaseExponentTo(e);
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = key.mulMod(a.values[i], b.values[i]);
        }
        return new EncryptedVector(key, out, e);
    }

    /** Element-wise sum with plaintext values, encoded at this vector's exponent. */
    public EncryptedVector addPlain(double[] plain) {
        checkSize(plain.length);
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < out.length; i++) {
            EncodedNumber v = EncodedNumber.encodeWithExponent(key, plain[i], exponent);
            out[i] = key.mulMod(values[i], key.gToThe(v.encoding()));
        }
        return new EncryptedVector(key, out, exponent);
    }

    /** Every element times a plaintext scalar encoded at {@code scalarExponent}; exponents add. */
    public EncryptedVector multiply(double scalar, int scalarExponent) {
        BigInteger k = EncodedNumber.encodeWithExponent(key, scalar, scalarExponent).mantissa();
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new PaillierCiphertext(key, values[i]).multiply(k).value();
        }
        return new EncryptedVector(key, out, Math.addExact(exponent, scalarExponent));
    }

    /**
     * Encrypted inner product {@code sum_i w_i x_i} with plaintext weights encoded at
     * {@code weightExponent}; the result's exponent is {@code exponent() + weightExponent}. Computed as
     * {@code prod_{w_i > 0} c_i^{w_i} * (prod_{w_i < 0} c_i^{|w_i|})^-1}: short exponents, one inversion.
     * Not rerandomised.
     */
    public EncryptedNumber dot(double[] weights, int weightExponent) {
        checkSize(weights.length);
        BigInteger nSq = key.modulusSquared();
        BigInteger pos = BigInteger.ONE;
        BigInteger neg = BigInteger.ONE;
        for (int i = 0; i < weights.length; i++) {
            BigInteger w = EncodedNumber.mantissa(weights[i], weightExponent);
            if (w.signum() > 0) {
                pos = key.mulMod(pos, values[i].modPow(w, nSq));
            } else if (w.signum() < 0) {
                neg = key.mulMod(neg, values[i].modPow(w.negate(), nSq));
            }
        }
        BigInteger c = neg.equals(BigInteger.ONE) ? pos : key.mulMod(pos, neg.modInverse(nSq));
        return new EncryptedNumber(new PaillierCiphertext(key, c), Math.addExact(exponent, weightExponent));
    }

    /** Decrypts every element to the nearest double (in parallel when {@code parallel}). */
    public double[] decrypt(PaillierPrivateKey privateKey, boolean parallel) {
        key.checkSameKey(privateKey.publicKey(), "private key");
        double[] out = new double[values.length];
        IntStream idx = IntStream.range(0, values.length);
        (parallel ? idx.parallel() : idx).forEach(i -> {
            BigInteger m = privateKey.decrypt(new PaillierCiphertext(key, values[i]));
            try {
                out[i] = new EncodedNumber(key, m, exponent).decodeDouble();
            } catch (ArithmeticException e) {
                throw new ArithmeticException("element " + i + ": " + e.getMessage());
            }
        });
        return out;
    }

    /** Decrypts every element, sequentially. */
    public double[] decrypt(PaillierPrivateKey privateKey) {
        return decrypt(privateKey, false);
    }

    private void checkSize(int otherSize) {
        if (otherSize != values.length) {
            throw new IllegalArgumentException("vector sizes must match: this has " + values.length + " elements, the other "
                    + otherSize);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedVector v && v.key.equals(key) && v.exponent == exponent && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, exponent) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "EncryptedVector[" + values.length + " elements, exponent " + exponent + ", key " + key.fingerprint() + "]";
    }
}

package org.privet.he.paillier;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An encrypted signed fixed-point number: a ciphertext of an {@link EncodedNumber}'s encoding and
 * its (public) exponent, as python-paillier's {@code EncryptedNumber}. Additions align exponents by
 * lowering the larger one (a multiplication by a power of 16); multiplication by a plaintext adds
 * exponents. Overflow beyond {@code maxInt} is not detected until decryption.
 *
 * <p>Immutable and thread safe. Results are not rerandomised (see {@link PaillierCiphertext}).
 *
 * @param ciphertext the encrypted encoding
 * @param exponent the base-16 exponent
 */
public record EncryptedNumber(PaillierCiphertext ciphertext, int exponent) {
    public EncryptedNumber {
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    /** Encrypts a double with its natural exponent and full randomness. */
    public static EncryptedNumber encrypt(PaillierPublicKey key, double value) {
        return key.encrypt(EncodedNumber.encode(key, value));
    }

    /** The key. */
    public PaillierPublicKey key() {
        return ciphertext.key();
    }

    /** The same value at a smaller exponent. */
    public EncryptedNumber decreaseExponentTo(int newExponent) {
        if (newExponent > exponent) {
            throw new IllegalArgumentException("new exponent must be <= the current exponent " + exponent
                    + ". Provided value: " + newExponent);
        }
        if (newExponent == exponent) {
            return this;
        }
        BigInteger factor = BigInteger.ONE.shiftLeft((exponent - newExponent) * EncodedNumber.LOG2_BASE);
        return new EncryptedNumber(ciphertext.multiply(factor), newExponent);
    }

    /** Encrypted sum. */
    public EncryptedNumber add(EncryptedNumber other) {
        int e = Math.min(exponent, other.exponent);
        return new EncryptedNumber(decreaseExponentTo(e).ciphertext.add(other.decreaseExponentTo(e).ciphertext), e);
    }

    /** Encrypted sum with a plaintext double (encoded at no more than this exponent). */
    public EncryptedNumber add(double value) {
        return add(EncodedNumber.encode(key(), value, exponent));
    }

    /** Encrypted sum with an encoded plaintext. */
    public EncryptedNumber add(EncodedNumber value) {
        key().checkSameKey(value.key(), "encoded number");
        int e = Math.min(exponent, value.exponent());
        EncodedNumber v = value.decreaseExponentTo(e);
        return new EncryptedNumber(decreaseExponentTo(e).ciphertext.addPlain(v.encoding()), e);
    }

    /** Encrypted difference. */
    public EncryptedNumber subtract(EncryptedNumber other) {
        return add(other.negate());
    }

    /** Encrypted product with a plaintext double (its natural exponent). */
    public EncryptedNumber multiply(double value) {
        return multiply(EncodedNumber.encode(key(), value));
    }

    /** Encrypted product with an encoded plaintext; exponents add. Negative factors use the inverse ciphertext. */
    public EncryptedNumber multiply(EncodedNumber value) {
        key().checkSameKey(value.key(), "encoded number");
        return new EncryptedNumber(ciphertext.multiply(value.mantissa()), Math.addExact(exponent, value.exponent()));
    }

    /** Encrypted negation. */
    public EncryptedNumber negate() {
        return new EncryptedNumber(ciphertext.negate(), exponent);
    }

    /** The same value with fresh randomness. */
    public EncryptedNumber rerandomize() {
        return new EncryptedNumber(ciphertext.rerandomize(), exponent);
    }
}

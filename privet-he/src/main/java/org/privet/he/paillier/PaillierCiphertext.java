package org.privet.he.paillier;

import java.math.BigInteger;

/**
 * A Paillier ciphertext {@code c} in {@code Z_{n^2}^*} under one {@link PaillierPublicKey}.
 *
 * <p>The homomorphic operations return new ciphertexts and never rerandomise: {@code add},
 * {@code addPlain} and {@code multiply} results are deterministic functions of their inputs, so a
 * party who knows the input randomness can learn more than the plaintext from them. Call
 * {@link #rerandomize()} before handing a computed ciphertext to the key holder when the operands
 * (e.g. model weights) must stay hidden.
 *
 * <p>Operands must share the key (same fingerprint), otherwise {@link IllegalArgumentException}.
 * Immutable and thread safe.
 */
public final class PaillierCiphertext {
    private final PaillierPublicKey key;
    private final BigInteger value;

    PaillierCiphertext(PaillierPublicKey key, BigInteger value) {
        this.key = key;
        this.value = value;
    }

    /**
     * A ciphertext read from elsewhere, validated: {@code 0 < c < n^2} and {@code gcd(c, n) = 1}.
     *
     * @throws IllegalArgumentException if {@code c} is not a valid ciphertext for {@code key}
     */
    public static PaillierCiphertext of(PaillierPublicKey key, BigInteger c) {
        if (c == null || c.signum() <= 0 || c.compareTo(key.modulusSquared()) >= 0) {
            throw new IllegalArgumentException("ciphertext must be in (0, n^2) for key " + key.fingerprint()
                    + ". Provided value: " + (c == null ? "null" : c.signum() <= 0 ? "<= 0" : c.bitLength() + " bits"));
        }
        if (!c.gcd(key.modulus()).equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("ciphertext must be coprime to n (a value sharing a factor with n is not a"
                    + " Paillier ciphertext) for key " + key.fingerprint());
        }
        return new PaillierCiphertext(key, c);
    }

    /** The key this ciphertext was made under. */
    public PaillierPublicKey key() {
        return key;
    }

    /** The raw value {@code c} in {@code (0, n^2)}. */
    public BigInteger value() {
        return value;
    }

    /** {@code Enc(a + b mod n)}: the product of the ciphertexts modulo {@code n^2}. */
    public PaillierCiphertext add(PaillierCiphertext other) {
        key.checkSameKey(other.key, "ciphertext");
        return new PaillierCiphertext(key, key.mulMod(value, other.value));
    }

    /** {@code Enc(a - b mod n)}. */
    public PaillierCiphertext subtract(PaillierCiphertext other) {
        return add(other.negate());
    }

    /**
     * {@code Enc(a + m mod n)} for any integer {@code m} (reduced modulo {@code n}; negative values
     * subtract): multiplies by {@code g^m = 1 + m n}.
     */
    public PaillierCiphertext addPlain(BigInteger m) {
        BigInteger r = m.mod(key.modulus());
        return new PaillierCiphertext(key, key.mulMod(value, key.gToThe(r)));
    }

    /**
     * {@code Enc(k a mod n)} for any integer {@code k}. Negative {@code k} (and {@code k mod n > n/2})
     * use the inverse ciphertext with a short exponent; {@code k = 0} gives the trivial encryption
     * {@code 1} of zero, so rerandomise before sharing it.
     */
    public PaillierCiphertext multiply(BigInteger k) {
        BigInteger n = key.modulus();
        BigInteger nSq = key.modulusSquared();
        BigInteger e = k.mod(n);
        if (e.signum() == 0) {
            return new PaillierCiphertext(key, BigInteger.ONE);
        }
        BigInteger neg = n.subtract(e);
        if (neg.bitLength() < e.bitLength()) {
            return new PaillierCiphertext(key, value.modInverse(nSq).modPow(neg, nSq));
        }
        return new PaillierCiphertext(key, value.modPow(e, nSq));
    }

    /** {@code Enc(k a mod n)}. */
    public PaillierCiphertext multiply(long k) {
        return multiply(BigInteger.valueOf(k));
    }

    /** {@code Enc(-a mod n)}: the inverse of {@code c} modulo {@code n^2}. */
    public PaillierCiphertext negate() {
        return new PaillierCiphertext(key, value.modInverse(key.modulusSquared()));
    }

    /** The same plaintext with fresh full randomness: {@code c r^n mod n^2}. */
    public PaillierCiphertext rerandomize() {
        return rerandomize(key.defaultObfuscator());
    }

    /** The same plaintext, multiplied by a fresh {@code r^n} from {@code obfuscator}. */
    public PaillierCiphertext rerandomize(Obfuscator obfuscator) {
        key.checkSameKey(obfuscator.key(), "obfuscator");
        return new PaillierCiphertext(key, key.mulMod(value, obfuscator.next()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaillierCiphertext c && c.key.equals(key) && c.value.equals(value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + value.hashCode();
    }

    @Override
    public String toString() {
        return "PaillierCiphertext[key " + key.fingerprint() + ", " + value.bitLength() + " bits]";
    }
}

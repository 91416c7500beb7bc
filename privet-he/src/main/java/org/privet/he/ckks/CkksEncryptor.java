package org.privet.he.ckks;

import org.privet.he.ring.Prng;
import org.privet.he.rlwe.Encryptor;
import org.privet.he.rlwe.PublicKey;
import org.privet.he.rlwe.SecretKey;

/**
 * Encrypts CKKS plaintexts (public key, or secret key for a smaller fresh noise). Fresh noise: with a public
 * key {@code e0 + u e + e1 s}, with a secret key {@code e}; see {@code docs/ckks.md} for the bounds the tests
 * check. Randomness from SecureRandom-seeded AES-CTR unless a test passes a seeded {@link Prng}.
 *
 * <p>Not thread safe: use one per thread.
 */
public final class CkksEncryptor {
    private final CkksParameters params;
    private final Encryptor enc;
    private final Encoder encoder;

    private CkksEncryptor(CkksParameters params, Encryptor enc) {
        this.params = params;
        this.enc = enc;
        this.encoder = new Encoder(params);
    }

    /** Public-key encryptor with secure randomness. */
    public static CkksEncryptor ofPublicKey(CkksParameters params, PublicKey pk) {
        return new CkksEncryptor(params, Encryptor.ofPublicKey(params.rlwe(), pk));
    }

    /** Public-key encryptor with the given randomness (tests only when seeded). */
    public static CkksEncryptor ofPublicKey(CkksParameters params, PublicKey pk, Prng prng) {
        return new CkksEncryptor(params, Encryptor.ofPublicKey(params.rlwe(), pk, prng));
    }

    /** Secret-key encryptor with secure randomness. */
    public static CkksEncryptor ofSecretKey(CkksParameters params, SecretKey sk) {
        return new CkksEncryptor(params, Encryptor.ofSecretKey(params.rlwe(), sk));
    }

    /** Secret-key encryptor with the given randomness (tests only when seeded). */
    public static CkksEncryptor ofSecretKey(CkksParameters params, SecretKey sk, Prng prng) {
        return new CkksEncryptor(params, Encryptor.ofSecretKey(params.rlwe(), sk, prng));
    }

    /** Encrypts a plaintext (its level and scale carry over). */
    public Ciphertext encrypt(Plaintext pt) {
        if (pt.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("plaintext was encoded for other parameters");
        }
        return new Ciphertext(enc.encrypt(pt.poly), pt.scale, params.fingerprint(), enc.keyId());
    }

    /** Encodes (top level, default scale) and encrypts real values (at most N/2). */
    public Ciphertext encrypt(double[] values) {
        return encrypt(encoder.encode(values));
    }
}

package org.privet.he.rlwe;

import org.privet.he.ring.RnsPoly;

/**
 * RLWE decryption: {@code m' = c0 + c1 s (+ c2 s^2)} in NTT form over the ciphertext's {@code Q_l}.
 * Thread safe (read-only key).
 */
public final class Decryptor {
    private final RlweParameters params;
    private final SecretKey sk;

    /** A decryptor with the secret key {@code sk}. */
    public Decryptor(RlweParameters params, SecretKey sk) {
        if (sk.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("secret key was made for other parameters (fingerprint "
                    + Long.toHexString(sk.paramsFingerprint) + " != " + Long.toHexString(params.fingerprint()) + ")");
        }
        this.params = params;
        this.sk = sk;
    }

    /** Id of its key. */
    public long keyId() {
        return sk.keyId;
    }

    /**
     * Decrypts the components {@code c[0..d]} (NTT form, same level, not modified) with the powers of {@code s}.
     *
     * @return {@code sum_i c_i s^i}, NTT form
     */
    public RnsPoly decrypt(RnsPoly[] c) {
        RnsPoly acc = c[c.length - 1].copy();
        for (int i = c.length - 2; i >= 0; i--) {
            RnsPoly next = c[i].copy();
            next.mulAddMontgomeryInPlace(acc, sk.sMont);
            acc = next;
        }
        return acc;
    }

    /** The parameters. */
    public RlweParameters params() {
        return params;
    }
}

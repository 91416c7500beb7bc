package org.privet.he.ckks;

import org.privet.he.rlwe.Decryptor;
import org.privet.he.rlwe.SecretKey;

/**
 * Decrypts CKKS ciphertexts of degree 1 or 2. Refuses a ciphertext encrypted under another key or for
 * other parameters. Thread safe.
 */
public final class CkksDecryptor {
    private final CkksParameters params;
    private final Decryptor dec;
    private final Encoder encoder;

    /** A decryptor with the secret key. */
    public CkksDecryptor(CkksParameters params, SecretKey sk) {
        this.params = params;
        this.dec = new Decryptor(params.rlwe(), sk);
        this.encoder = new Encoder(params);
    }

    /** The plaintext {@code sum c_i s^i} with the ciphertext's scale. */
    public Plaintext decrypt(Ciphertext ct) {
        if (ct.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("ciphertext was made for other parameters (fingerprint "
                    + Long.toHexString(ct.paramsFingerprint) + " != " + Long.toHexString(params.fingerprint()) + ")");
        }
        if (ct.keyId != dec.keyId()) {
            throw new IllegalArgumentException("ciphertext is encrypted under another key (key id "
                    + Long.toHexString(ct.keyId) + " != " + Long.toHexString(dec.keyId()) + ")");
        }
        return new Plaintext(dec.decrypt(ct.c), ct.scale, params.fingerprint());
    }

    /** Decrypts and decodes the real parts of all N/2 slots. */
    public double[] decryptValues(Ciphertext ct) {
        return encoder.decode(decrypt(ct));
    }
}

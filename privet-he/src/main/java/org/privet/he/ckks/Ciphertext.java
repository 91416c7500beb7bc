package org.privet.he.ckks;

import org.privet.he.ring.RnsPoly;

/**
 * A CKKS ciphertext: components {@code c_0..c_d} (degree {@code d = 1}, or 2 after a multiplication before
 * relinearisation) over {@code Q_level} in NTT form, the scale, the fingerprint of its parameters and the
 * id of the key it is encrypted under. Decryption gives {@code sum c_i s^i = scale * m + e}.
 *
 * <p>Operations of {@link Evaluator} return new ciphertexts and never modify their inputs; a ciphertext is
 * therefore safe to share between threads.
 */
public final class Ciphertext {
    final RnsPoly[] c;
    final double scale;
    final long paramsFingerprint;
    final long keyId;

    Ciphertext(RnsPoly[] c, double scale, long paramsFingerprint, long keyId) {
        this.c = c;
        this.scale = scale;
        this.paramsFingerprint = paramsFingerprint;
        this.keyId = keyId;
    }

    /** The level: how many rescalings remain. */
    public int level() {
        return c[0].limbs() - 1;
    }

    /** The degree (1 for a normal ciphertext, 2 before relinearisation). */
    public int degree() {
        return c.length - 1;
    }

    /** The scale. */
    public double scale() {
        return scale;
    }

    /** Id of the key it is encrypted under. */
    public long keyId() {
        return keyId;
    }

    /** Fingerprint of its parameters. */
    public long paramsFingerprint() {
        return paramsFingerprint;
    }

    /** Component {@code i} (a copy). */
    public RnsPoly component(int i) {
        return c[i].copy();
    }

    Ciphertext withScale(double s) {
        return new Ciphertext(c, s, paramsFingerprint, keyId);
    }
}

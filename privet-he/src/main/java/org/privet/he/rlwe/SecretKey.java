package org.privet.he.rlwe;

import org.privet.he.ring.RnsPoly;

/**
 * A ternary secret {@code s} over {@code Q_L P} in NTT form, with its Montgomery-form copy (for fast
 * products), the parameters' fingerprint and a random 64-bit key id shared by every key derived from it.
 * Keep it secret. Immutable after construction; thread safe.
 */
public final class SecretKey {
    final RnsPoly s;
    final RnsPoly sMont;
    final long[] coefficients;
    final long paramsFingerprint;
    final long keyId;

    SecretKey(RnsPoly s, long[] coefficients, long paramsFingerprint, long keyId) {
        this.s = s;
        this.sMont = s.copy().toMontgomeryInPlace();
        this.coefficients = coefficients;
        this.paramsFingerprint = paramsFingerprint;
        this.keyId = keyId;
    }

    /** The key id (not secret). */
    public long keyId() {
        return keyId;
    }

    /** Fingerprint of the parameters it was made for. */
    public long paramsFingerprint() {
        return paramsFingerprint;
    }

    /** The secret in NTT form over {@code Q_L P} (a live view: do not modify). */
    public RnsPoly poly() {
        return s;
    }

    /** The ternary coefficients in {@code {-1, 0, 1}} (copy). */
    public long[] coefficients() {
        return coefficients.clone();
    }
}

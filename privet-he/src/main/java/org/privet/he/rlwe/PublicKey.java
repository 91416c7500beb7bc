package org.privet.he.rlwe;

import org.privet.he.ring.RnsPoly;

/**
 * The public key {@code (b, a) = (-a s + e, a)} over {@code Q_L}, NTT form. Immutable; thread safe.
 */
public final class PublicKey {
    final RnsPoly b;
    final RnsPoly a;
    final long paramsFingerprint;
    final long keyId;

    PublicKey(RnsPoly b, RnsPoly a, long paramsFingerprint, long keyId) {
        this.b = b;
        this.a = a;
        this.paramsFingerprint = paramsFingerprint;
        this.keyId = keyId;
    }

    /** Id of the secret key it belongs to. */
    public long keyId() {
        return keyId;
    }

    /** Fingerprint of the parameters it was made for. */
    public long paramsFingerprint() {
        return paramsFingerprint;
    }

    /** Component b (live view: do not modify). */
    public RnsPoly b() {
        return b;
    }

    /** Component a (live view: do not modify). */
    public RnsPoly a() {
        return a;
    }
}

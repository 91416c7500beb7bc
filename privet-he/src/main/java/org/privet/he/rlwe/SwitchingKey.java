package org.privet.he.rlwe;

import org.privet.he.ring.RnsPoly;

/**
 * A hybrid key-switching key from a secret {@code s'} to {@code s}: for each digit {@code j} of
 * {@code alpha} chain primes, {@code (b_j, a_j)} over {@code Q_L P} with
 * {@code b_j = -a_j s + e_j + P * g_j * s'} where {@code g_j = 1 mod} the primes of digit {@code j} and
 * {@code 0 mod} the others (Han-Ki 2020; Lattigo's gadget). Stored in NTT and Montgomery form.
 *
 * <p>{@link #galoisElement()} is 0 for a relinearisation key ({@code s' = s^2}) and the Galois element
 * {@code g} for a rotation/conjugation key ({@code s' = s(X^g)}). Immutable; thread safe.
 */
public final class SwitchingKey {
    final RnsPoly[] b;
    final RnsPoly[] a;
    final int galoisElement;
    final long paramsFingerprint;
    final long keyId;

    SwitchingKey(RnsPoly[] b, RnsPoly[] a, int galoisElement, long paramsFingerprint, long keyId) {
        this.b = b;
        this.a = a;
        this.galoisElement = galoisElement;
        this.paramsFingerprint = paramsFingerprint;
        this.keyId = keyId;
    }

    /** 0 for relinearisation, else the Galois element. */
    public int galoisElement() {
        return galoisElement;
    }

    /** Id of the secret key it belongs to. */
    public long keyId() {
        return keyId;
    }

    /** Fingerprint of the parameters it was made for. */
    public long paramsFingerprint() {
        return paramsFingerprint;
    }

    /** Number of digits. */
    public int digits() {
        return b.length;
    }

    /** Digit {@code j}'s b component (live view, Montgomery form: do not modify). */
    public RnsPoly b(int j) {
        return b[j];
    }

    /** Digit {@code j}'s a component (live view, Montgomery form: do not modify). */
    public RnsPoly a(int j) {
        return a[j];
    }
}

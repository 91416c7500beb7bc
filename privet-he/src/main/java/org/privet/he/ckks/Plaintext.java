package org.privet.he.ckks;

import org.privet.he.ring.RnsPoly;

/**
 * An encoded CKKS plaintext: a polynomial over {@code Q_level} in NTT form whose canonical embedding holds
 * the slot values times {@link #scale()}. Immutable by convention (the polynomial is not exposed for writing).
 */
public final class Plaintext {
    final RnsPoly poly;
    final double scale;
    final long paramsFingerprint;

    Plaintext(RnsPoly poly, double scale, long paramsFingerprint) {
        this.poly = poly;
        this.scale = scale;
        this.paramsFingerprint = paramsFingerprint;
    }

    /** The level (number of primes minus one). */
    public int level() {
        return poly.limbs() - 1;
    }

    /** The scale. */
    public double scale() {
        return scale;
    }
}

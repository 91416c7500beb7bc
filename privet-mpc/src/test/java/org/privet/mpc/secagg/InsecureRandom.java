package org.privet.mpc.secagg;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Test fixture: a deterministic SHA1PRNG so that failures reproduce. Insecure by construction. */
final class InsecureRandom {
    private InsecureRandom() {
    }

    static SecureRandom insecureForTests(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

package org.privet.he.paillier;

import java.util.Random;

/** Shared, seeded, INSECURE test keys (generated once per JVM to keep the suite fast). */
final class TestKeys {
    private TestKeys() {
    }

    private static final class K512 {
        static final PaillierKeyPair PAIR = PaillierKeyPair.generateInsecureForTests(512, new Random(512));
    }

    private static final class K512b {
        static final PaillierKeyPair PAIR = PaillierKeyPair.generateInsecureForTests(512, new Random(5120));
    }

    private static final class K1024 {
        static final PaillierKeyPair PAIR = PaillierKeyPair.generateInsecureForTests(1024, new Random(1024));
    }

    /** A 512-bit key pair. */
    static PaillierKeyPair k512() {
        return K512.PAIR;
    }

    /** Another 512-bit key pair (for wrong-key tests). */
    static PaillierKeyPair other512() {
        return K512b.PAIR;
    }

    /** A 1024-bit key pair. */
    static PaillierKeyPair k1024() {
        return K1024.PAIR;
    }
}

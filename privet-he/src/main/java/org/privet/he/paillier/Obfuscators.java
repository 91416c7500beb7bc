package org.privet.he.paillier;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Random;

/**
 * The kinds of Paillier randomness ({@link Obfuscator}s), fastest last.
 *
 * <ul>
 *   <li>{@link #full}: {@code r^n mod n^2} with {@code r} uniform in {@code Z_n^*} — Paillier's own
 *       scheme, secure under the decisional composite residuosity (DCR) assumption. Public key only;
 *       one exponentiation modulo {@code n^2} with an exponent of {@code |n|} bits.</li>
 *   <li>{@link #crt}: the same distribution, computed by the private-key holder: a uniform
 *       {@code n}-th residue modulo {@code p^2} is {@code s^p mod p^2} with {@code s} uniform in
 *       {@code Z_p^*} (because {@code x^p mod p^2} depends on {@code x mod p} only, and
 *       {@code r -> r^q} permutes {@code Z_p^*} as {@code gcd(q, p-1) = 1}); likewise for {@code q};
 *       then CRT. Two exponentiations with half-size modulus and exponent: about 4x less work than
 *       {@link #full}, with exactly the same security.</li>
 *   <li>{@link #djn}: Damgård–Jurik–Nielsen short-exponent randomness ({@code h_s^a} with
 *       {@code h = -x^2 mod n}, {@code h_s = h^n mod n^2}, {@code a} uniform below
 *       {@code 2^ceil(|n|/2)}), with a fixed-base table for {@code h_s}. Its semantic security rests
 *       on DCR <em>and</em> on the assumption that {@code h^a} for such short {@code a} is
 *       indistinguishable from a uniform element of the group {@code h} generates (Damgård, Jurik and Nielsen,
 *       "A generalization of Paillier's public-key system with applications to electronic voting", IJIS 2010;
 *       as used by ABY and HEU). Opt-in only.</li>
 *   <li>{@link #djnCrt}: the same values as {@link #djn} computed modulo {@code p^2} and {@code q^2}
 *       with half-size tables, for the private-key holder.</li>
 * </ul>
 *
 * <p>All obfuscators here are thread safe when their {@link Random} is (a {@link java.security.SecureRandom}
 * is). Secrets must come from a {@code SecureRandom}; a seeded generator is for tests only.
 */
public final class Obfuscators {
    /** Default fixed-base window width (bits): {@code ceil(|a| / 6) * 63} table entries. */
    public static final int DEFAULT_WINDOW = 6;

    private Obfuscators() {
    }

    /** Paillier's full randomness, public key only (see the class comment). */
    public static Obfuscator full(PaillierPublicKey key, Random random) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(random, "random");
        return new Obfuscator() {
            @Override
            public PaillierPublicKey key() {
                return key;
            }

            @Override
            public BigInteger next() {
                return uniformUnit(key.modulus(), random).modPow(key.modulus(), key.modulusSquared());
            }
        };
    }

    /** Full randomness, computed with the factorisation (same distribution as {@link #full}). */
    public static Obfuscator crt(PaillierPrivateKey privateKey, Random random) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(random, "random");
        return new Obfuscator() {
            @Override
            public PaillierPublicKey key() {
                return privateKey.publicKey();
            }

            @Override
            public BigInteger next() {
                BigInteger sp = uniformUnit(privateKey.p, random);
                BigInteger sq = uniformUnit(privateKey.q, random);
                return privateKey.crtSquared(sp.modPow(privateKey.p, privateKey.pSquared),
                        sq.modPow(privateKey.q, privateKey.qSquared));
            }
        };
    }

    /** DJN short-exponent randomness with a fixed-base table modulo {@code n^2} (opt-in; see class comment). */
    public static Obfuscator djn(PaillierPublicKey key, Random random) {
        return djn(key, random, DEFAULT_WINDOW);
    }

    /** As {@link #djn(PaillierPublicKey, Random)} with the given table window width in {@code [1, 12]}. */
    public static Obfuscator djn(PaillierPublicKey key, Random random, int window) {
        Objects.requireNonNull(key, "key");
        BigInteger hs = djnBase(key, random);
        return new Djn(key, random, hs, window, null);
    }

    /** DJN short-exponent randomness computed modulo {@code p^2} and {@code q^2} (opt-in; see class comment). */
    public static Obfuscator djnCrt(PaillierPrivateKey privateKey, Random random) {
        return djnCrt(privateKey, random, DEFAULT_WINDOW);
    }

    /** As {@link #djnCrt(PaillierPrivateKey, Random)} with the given table window width in {@code [1, 12]}. */
    public static Obfuscator djnCrt(PaillierPrivateKey privateKey, Random random, int window) {
        Objects.requireNonNull(privateKey, "privateKey");
        BigInteger hs = djnBase(privateKey.publicKey(), random);
        return new Djn(privateKey.publicKey(), random, hs, window, privateKey);
    }

    /** {@code h_s = (-x^2 mod n)^n mod n^2} for {@code x} uniform in {@code Z_n^*}. */
    static BigInteger djnBase(PaillierPublicKey key, Random random) {
        Objects.requireNonNull(random, "random");
        BigInteger n = key.modulus();
        BigInteger x = uniformUnit(n, random);
        BigInteger h = n.subtract(x.multiply(x).mod(n));
        return h.modPow(n, key.modulusSquared());
    }

    /** Uniform in {@code [1, m)} and coprime to {@code m}, by rejection. */
    static BigInteger uniformUnit(BigInteger m, Random random) {
        int bits = m.bitLength();
        while (true) {
            BigInteger r = new BigInteger(bits, random);
            if (r.signum() > 0 && r.compareTo(m) < 0 && r.gcd(m).equals(BigInteger.ONE)) {
                return r;
            }
        }
    }

    /** DJN obfuscator; package-private so tests can compare the public and CRT paths on one exponent. */
    static final class Djn implements Obfuscator {
        private final PaillierPublicKey key;
        private final Random random;
        private final int exponentBits;
        private final FixedBaseExponentiation full;
        private final FixedBaseExponentiation modP;
        private final FixedBaseExponentiation modQ;
        private final PaillierPrivateKey privateKey;

        Djn(PaillierPublicKey key, Random random, BigInteger hs, int window, PaillierPrivateKey privateKey) {
            this.key = key;
            this.random = random;
            this.exponentBits = (key.bits() + 1) / 2;
            this.privateKey = privateKey;
            if (privateKey == null) {
                full = new FixedBaseExponentiation(hs, key.modulusSquared(), exponentBits, window);
                modP = null;
                modQ = null;
            } else {
                full = null;
                modP = new FixedBaseExponentiation(hs.mod(privateKey.pSquared), privateKey.pSquared, exponentBits, window);
                modQ = new FixedBaseExponentiation(hs.mod(privateKey.qSquared), privateKey.qSquared, exponentBits, window);
            }
        }

        @Override
        public PaillierPublicKey key() {
            return key;
        }

        @Override
        public BigInteger next() {
            return pow(new BigInteger(exponentBits, random));
        }

        BigInteger pow(BigInteger a) {
            if (privateKey == null) {
                return full.pow(a);
            }
            return privateKey.crtSquared(modP.pow(a), modQ.pow(a));
        }
    }
}

package org.privet.he.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * A Paillier key pair and its generation.
 *
 * <p>Generation draws two primes {@code p, q} of {@code bits/2} bits with their two top bits set (so
 * {@code n} has exactly {@code bits} bits) as the next probable prime after a uniform start
 * (error probability below {@code 2^-100} per prime, as GMP's {@code mpz_nextprime} in
 * python-paillier and javallier), and redraws {@code q} until {@code p != q},
 * {@code gcd(n, (p-1)(q-1)) = 1} and {@code |p - q| > 2^(bits/2 - 100)} (Fermat factoring guard).
 *
 * @param publicKey the public key
 * @param privateKey the private key for it
 */
public record PaillierKeyPair(PaillierPublicKey publicKey, PaillierPrivateKey privateKey) {
    /** Default modulus size: 3072 bits, 128-bit security (NIST SP 800-57 part 1, table 2). */
    public static final int DEFAULT_BITS = 3072;

    public PaillierKeyPair {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!privateKey.publicKey().equals(publicKey)) {
            throw new IllegalArgumentException("private key " + privateKey.fingerprint() + " does not match public key "
                    + publicKey.fingerprint());
        }
    }

    /** A {@value #DEFAULT_BITS}-bit key pair from a fresh {@link SecureRandom}. */
    public static PaillierKeyPair generate() {
        return generate(DEFAULT_BITS, new SecureRandom());
    }

    /**
     * A key pair with an {@code bits}-bit modulus.
     *
     * @param bits even, at least {@value PaillierPublicKey#MIN_SECURE_BITS} (2048: ~112-bit security,
     *     3072: 128-bit)
     * @param random the key's randomness; must be a {@link SecureRandom}
     */
    public static PaillierKeyPair generate(int bits, SecureRandom random) {
        checkBits(bits, PaillierPublicKey.MIN_SECURE_BITS);
        return generateUnchecked(bits, random, false);
    }

    /**
     * INSECURE, for tests: any even size of at least {@value PaillierPublicKey#MIN_INSECURE_BITS}
     * bits and any (e.g. seeded) {@link Random}, so tests are fast and reproducible.
     */
    public static PaillierKeyPair generateInsecureForTests(int bits, Random random) {
        checkBits(bits, PaillierPublicKey.MIN_INSECURE_BITS);
        return generateUnchecked(bits, random, true);
    }

    private static void checkBits(int bits, int min) {
        if (bits < min || (bits & 1) != 0 || bits > 16384) {
            throw new IllegalArgumentException("Paillier modulus size must be even and in [" + min + ", 16384] bits"
                    + (min == PaillierPublicKey.MIN_SECURE_BITS ? " (smaller sizes need generateInsecureForTests)" : "")
                    + ". Provided value: " + bits);
        }
    }

    private static PaillierKeyPair generateUnchecked(int bits, Random random, boolean insecure) {
        Objects.requireNonNull(random, "random");
        int half = bits / 2;
        BigInteger p = prime(half, random);
        BigInteger minDistance = BigInteger.ONE.shiftLeft(Math.max(half - 100, half / 2));
        while (true) {
            BigInteger q = prime(half, random);
            BigInteger n = p.multiply(q);
            BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
            if (n.bitLength() != bits || p.subtract(q).abs().compareTo(minDistance) <= 0
                    || !n.gcd(phi).equals(BigInteger.ONE)) {
                continue;
            }
            PaillierPublicKey pk = insecure ? PaillierPublicKey.fromModulusInsecure(n) : PaillierPublicKey.fromModulus(n);
            return new PaillierKeyPair(pk, PaillierPrivateKey.of(pk, p, q));
        }
    }

    private static BigInteger prime(int bits, Random random) {
        while (true) {
            BigInteger start = new BigInteger(bits, random).setBit(bits - 1).setBit(bits - 2);
            BigInteger candidate = start.nextProbablePrime();
            if (candidate.bitLength() == bits) {
                return candidate;
            }
        }
    }
}

package org.privet.he.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A quick timing of the Paillier operations on this machine, for {@code privet he bench}: mean
 * wall-clock microseconds per operation over {@code reps} repetitions after one warm-up pass (not a
 * JMH-grade measurement: use the privet-bench {@code PaillierBench} for figures to publish).
 *
 * <p>The key is generated for the measurement and discarded; no data is protected by it, which is
 * why sizes down to 512 bits are accepted here.
 */
public final class PaillierTimings {
    private PaillierTimings() {
    }

    /**
     * Mean microseconds per operation.
     *
     * @param bits modulus size
     * @param reps repetitions per operation
     * @param keyGenMillis time to generate the key pair (milliseconds, one run)
     * @param encryptPublic public-key encryption, full randomness
     * @param encryptCrt private-key (CRT) encryption, full randomness
     * @param encryptDjn public-key encryption, DJN short-exponent fixed-base randomness (table built beforehand)
     * @param encryptPooled encryption with precomputed randomness (one multiplication)
     * @param decrypt CRT decryption
     * @param add ciphertext addition
     * @param addPlain addition of a plaintext
     * @param multiplyPlain multiplication by a 64-bit plaintext
     */
    public record Result(int bits, int reps, double keyGenMillis, double encryptPublic, double encryptCrt, double encryptDjn,
            double encryptPooled, double decrypt, double add, double addPlain, double multiplyPlain) {
    }

    /**
     * Times every operation.
     *
     * @param bits even modulus size in {@code [512, 16384]}
     * @param reps repetitions, {@code >= 1}
     * @param random randomness for keys and plaintexts
     */
    public static Result measure(int bits, int reps, SecureRandom random) {
        if (bits < 512) {
            throw new IllegalArgumentException("bits must be >= 512 for timings. Provided value: " + bits);
        }
        if (reps < 1) {
            throw new IllegalArgumentException("reps must be >= 1. Provided value: " + reps);
        }
        long t0 = System.nanoTime();
        PaillierKeyPair kp = bits >= PaillierPublicKey.MIN_SECURE_BITS ? PaillierKeyPair.generate(bits, random)
                : PaillierKeyPair.generateInsecureForTests(bits, random);
        double keyGenMillis = (System.nanoTime() - t0) / 1e6;
        PaillierPublicKey pk = kp.publicKey();
        PaillierPrivateKey sk = kp.privateKey();
        Obfuscator full = Obfuscators.full(pk, random);
        Obfuscator crt = Obfuscators.crt(sk, random);
        Obfuscator djn = Obfuscators.djn(pk, random);
        BigInteger[] m = new BigInteger[reps];
        for (int i = 0; i < reps; i++) {
            m[i] = new BigInteger(bits - 1, random);
        }
        ObfuscatorPool pool = new ObfuscatorPool(crt, 2 * reps);
        pool.refill();
        BigInteger k = BigInteger.valueOf(random.nextLong());
        double[] r = new double[9];
        for (int pass = 0; pass < 2; pass++) { // pass 0 warms up
            PaillierCiphertext[] c = new PaillierCiphertext[reps];
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                c[i] = pk.encrypt(m[i], full);
            }
            r[0] = micros(s, reps);
            s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                c[i] = pk.encrypt(m[i], crt);
            }
            r[1] = micros(s, reps);
            s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                c[i] = pk.encrypt(m[i], djn);
            }
            r[2] = micros(s, reps);
            s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                c[i] = pk.encrypt(m[i], pool);
            }
            r[3] = micros(s, reps);
            s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                if (!sk.decrypt(c[i]).equals(m[i])) {
                    throw new AssertionError("internal invariant: decrypt(encrypt(m)) == m failed during timing");
                }
            }
            r[4] = micros(s, reps);
            PaillierCiphertext acc = c[0];
            s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                acc = acc.add(c[i]);
            }
            r[5] = micros(s, reps);
            s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                acc = acc.addPlain(m[i]);
            }
            r[6] = micros(s, reps);
            s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                acc = c[i].multiply(k);
            }
            r[7] = micros(s, reps);
            if (acc.value().signum() == 0) {
                throw new AssertionError("internal invariant: ciphertexts are never zero");
            }
        }
        return new Result(bits, reps, keyGenMillis, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    }

    private static double micros(long start, int reps) {
        return (System.nanoTime() - start) / 1e3 / reps;
    }
}

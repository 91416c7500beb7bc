package org.privet.he.ckks;

import java.util.SplittableRandom;
import org.privet.he.ring.Prng;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.PublicKey;
import org.privet.he.rlwe.SecretKey;

/** Small insecure parameters and keys for fast tests (N = 2^10 is far below 128-bit security at this Q). */
final class Fixture {
    final CkksParameters params;
    final KeyGenerator kg;
    final SecretKey sk;
    final PublicKey pk;
    final EvaluationKeys ek;
    final Encoder encoder;
    final CkksEncryptor encryptor;
    final CkksEncryptor symmetric;
    final CkksDecryptor decryptor;
    final Evaluator evaluator;

    Fixture(CkksParameters params, long seed, int... rotations) {
        this.params = params;
        this.kg = new KeyGenerator(params.rlwe(), Prng.insecureSeededForTests(seed));
        this.sk = kg.secretKey();
        this.pk = kg.publicKey(sk);
        this.ek = EvaluationKeys.generate(params, kg, sk, rotations, true);
        this.encoder = new Encoder(params);
        this.encryptor = CkksEncryptor.ofPublicKey(params, pk, Prng.insecureSeededForTests(seed + 1));
        this.symmetric = CkksEncryptor.ofSecretKey(params, sk, Prng.insecureSeededForTests(seed + 2));
        this.decryptor = new CkksDecryptor(params, sk);
        this.evaluator = new Evaluator(params, ek);
    }

    /** N=2^10, Q = 50 + 3 x 40 bits, P = 2 x 50 bits (alpha = 2: digits of two primes, one partial at odd levels). */
    static Fixture small() {
        return new Fixture(CkksParameters.insecure(10, new int[] {50, 40, 40, 40}, new int[] {50, 50}, 40), 1,
                1, 2, 3, 4, 8, 16, -1, -5, 100);
    }

    /** Uniform values in [-1, 1). */
    static double[] randomValues(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    static double maxError(double[] actual, double[] expected) {
        double m = 0;
        for (int i = 0; i < expected.length; i++) {
            m = Math.max(m, Math.abs(actual[i] - expected[i]));
        }
        return m;
    }
}

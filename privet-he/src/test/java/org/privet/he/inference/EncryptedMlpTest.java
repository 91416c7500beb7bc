package org.privet.he.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.he.ckks.CkksDecryptor;
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.Encoder;
import org.privet.he.ckks.EvaluationKeys;
import org.privet.he.ckks.Evaluator;
import org.privet.he.ring.Prng;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;

/**
 * A 5-7-3 perceptron with a quadratic Chebyshev approximation of ReLU on [-4, 4], evaluated encrypted under
 * the 128-bit N13 preset, against the same computation in plain arithmetic. Random weights (fixed seed): this
 * checks the encrypted linear algebra and activation, not a trained model.
 */
class EncryptedMlpTest {
    @Test
    void encryptedOutputsMatchThePlainComputation() {
        SplittableRandom r = new SplittableRandom(77);
        int d = 5;
        int h = 7;
        int c = 3;
        double[][] w1 = new double[h][d];
        double[] b1 = new double[h];
        double[][] w2 = new double[c][h];
        double[] b2 = new double[c];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < d; j++) {
                w1[i][j] = r.nextDouble(-1, 1);
            }
            b1[i] = r.nextDouble(-0.5, 0.5);
        }
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < h; j++) {
                w2[i][j] = r.nextDouble(-1, 1);
            }
            b2[i] = r.nextDouble(-0.5, 0.5);
        }
        double[] relu2 = PolynomialApproximation.chebyshev(v -> Math.max(0, v), -4, 4, 2);
        EncryptedMlp mlp = new EncryptedMlp(w1, b1, w2, b2, relu2);
        assertThat(mlp.period()).isEqualTo(8);
        assertThat(mlp.levelsNeeded()).isEqualTo(4);

        CkksParameters params = CkksParameters.of(CkksParameters.Preset.N13);
        KeyGenerator kg = new KeyGenerator(params.rlwe(), Prng.insecureSeededForTests(9));
        SecretKey sk = kg.secretKey();
        Encoder encoder = new Encoder(params);
        CkksEncryptor enc = CkksEncryptor.ofPublicKey(params, kg.publicKey(sk), Prng.insecureSeededForTests(10));
        Evaluator server = new Evaluator(params, EvaluationKeys.generate(params, kg, sk, mlp.rotations(), false));
        CkksDecryptor dec = new CkksDecryptor(params, sk);
        double maxErr = 0;
        for (int t = 0; t < 3; t++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = r.nextDouble(-1, 1);
            }
            double[] got = mlp.decryptOutputs(dec, mlp.evaluate(params, encoder, server, mlp.encrypt(params, encoder, enc, x)));
            double[] want = mlp.evaluatePlain(x);
            for (int i = 0; i < c; i++) {
                maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
            }
        }
        // scale 2^34 after 4 levels, outputs of order 1: CKKS error ~1e-4 at most
        assertThat(maxErr).isLessThan(1e-3);
        System.out.printf(java.util.Locale.ROOT, "encrypted MLP 5-7-3 (N13, quadratic ReLU approximation): max |enc - plain| %.2e%n", maxErr);
        assertThatThrownBy(() -> mlp.encrypt(params, encoder, enc, new double[4])).hasMessageContaining("d = 5");
    }
}

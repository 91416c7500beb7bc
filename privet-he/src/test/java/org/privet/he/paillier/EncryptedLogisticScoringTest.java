package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.privet.core.model.LogisticRegression;
import org.privet.core.tensor.Tensor;

/** A real privet-core LogisticRegression scored on encrypted features gives the plaintext probabilities. */
class EncryptedLogisticScoringTest {
    @Test
    void encryptedScoresEqualPlaintextScores() {
        int n = 200;
        int d = 5;
        int classes = 3;
        Random rnd = new Random(31);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(classes);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (rnd.nextGaussian() + (j == y[i] ? 1.5 : 0));
            }
        }
        LogisticRegression model = LogisticRegression.fit(Tensor.of(x, n, d), y, classes, LogisticRegression.Options.defaults());
        float[] w = model.weights().data(); // [d, C]
        float[] b = model.bias().data();
        double[][] weights = new double[classes][d];
        double[] bias = new double[classes];
        for (int c = 0; c < classes; c++) {
            bias[c] = b[c];
            for (int j = 0; j < d; j++) {
                weights[c][j] = w[j * classes + c];
            }
        }
        EncryptedLogisticScoring server = new EncryptedLogisticScoring(weights, bias, -8);
        PaillierKeyPair client = TestKeys.k1024();
        for (int i = 0; i < 4; i++) {
            double[] xi = new double[d];
            float[] xf = new float[d];
            for (int j = 0; j < d; j++) {
                xi[j] = x[i * d + j];
                xf[j] = x[i * d + j];
            }
            EncryptedVector enc = EncryptedVector.encrypt(client.publicKey(), xi, -8, client.privateKey().crtObfuscator());
            double[] p = EncryptedLogisticScoring.probabilities(client.privateKey(), server.score(enc));
            float[] expected = model.predictProba(Tensor.of(xf, 1, d)).data();
            for (int c = 0; c < classes; c++) {
                // float32 plaintext model vs 2^-32 fixed point: agreement within 1e-5
                assertThat(p[c]).isCloseTo(expected[c], within(1e-5));
            }
        }
        assertThatThrownBy(() -> server.score(EncryptedVector.encrypt(client.publicKey(), new double[] {1}, -8)))
                .hasMessageContaining("5 features");
    }

    @Test
    void binaryModelUsesSigmoidAndRerandomises() {
        PaillierKeyPair kp = TestKeys.k512();
        EncryptedLogisticScoring m = EncryptedLogisticScoring.binary(new double[] {0.5, -1.25}, 0.25, -8);
        EncryptedVector x = EncryptedVector.encrypt(kp.publicKey(), new double[] {2, 1}, -8);
        EncryptedNumber[] a = m.score(x);
        EncryptedNumber[] b = m.score(x);
        assertThat(a[0].ciphertext()).isNotEqualTo(b[0].ciphertext());
        double z = 0.5 * 2 - 1.25 + 0.25;
        double[] p = EncryptedLogisticScoring.probabilities(kp.privateKey(), a);
        assertThat(p[1]).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-12));
        assertThat(EncryptedLogisticScoring.logits(kp.privateKey(), b)[0]).isEqualTo(z);
        assertThatThrownBy(() -> new EncryptedLogisticScoring(new double[][] {{1, 2}, {3}}, new double[] {0, 0}, -8))
                .hasMessageContaining("row 1");
        assertThatThrownBy(() -> EncryptedLogisticScoring.binary(new double[] {Double.NaN}, 0, -8)).hasMessageContaining("weights[0][0]");
    }
}

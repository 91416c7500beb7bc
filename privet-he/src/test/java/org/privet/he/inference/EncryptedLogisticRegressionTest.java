package org.privet.he.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.core.model.LogisticRegression;
import org.privet.core.tensor.Tensor;
import org.privet.he.ckks.Ciphertext;
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
 * A privet LogisticRegression trained on a synthetic two-class problem, evaluated encrypted under the 128-bit
 * N13 preset, against its own plaintext probabilities. Fixed seeds throughout.
 */
class EncryptedLogisticRegressionTest {
    @Test
    void chebyshevInterpolationIsExactOnPolynomialsAndCloseOnSigmoid() {
        double[] c = PolynomialApproximation.chebyshev(x -> 1 - 2 * x + 0.5 * x * x * x, -3, 5, 3);
        assertThat(c).containsExactly(new double[] {1, -2, 0, 0.5}, org.assertj.core.data.Offset.offset(1e-9));
        double[] s = PolynomialApproximation.chebyshev(PolynomialApproximation::sigmoid, -6, 6, 7);
        assertThat(PolynomialApproximation.maxError(PolynomialApproximation::sigmoid, s, -6, 6, 1001)).isLessThan(0.02);
        assertThatThrownBy(() -> PolynomialApproximation.chebyshev(Math::exp, 1, 1, 3)).hasMessageContaining("a < b");
    }

    @Test
    void encryptedPredictionsMatchThePlaintextModel() {
        int d = 6;
        int n = 400;
        SplittableRandom r = new SplittableRandom(2024);
        float[] xs = new float[n * d];
        int[] y = new int[n];
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < d; j++) {
                double v = r.nextGaussian() * 0.8 + (y[i] == 1 ? 0.6 : -0.6) * (j % 3 == 0 ? 1 : 0.4);
                xs[i * d + j] = (float) v;
                rows[i][j] = v;
            }
        }
        LogisticRegression model = LogisticRegression.fit(Tensor.of(xs, n, d), y, 2, LogisticRegression.Options.defaults());
        // binary softmax: p(class 1) = sigmoid(x . (W1 - W0) + b1 - b0)
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = model.weights().get(j, 1) - model.weights().get(j, 0);
        }
        double b = model.bias().get(1) - model.bias().get(0);
        double maxLogit = 0;
        double[] plain = new double[n];
        for (int i = 0; i < n; i++) {
            double z = b;
            for (int j = 0; j < d; j++) {
                z += w[j] * rows[i][j];
            }
            maxLogit = Math.max(maxLogit, Math.abs(z));
            plain[i] = PolynomialApproximation.sigmoid(z);
        }

        EncryptedLogisticRegression enc = new EncryptedLogisticRegression(w, b, Math.ceil(maxLogit), 3);
        CkksParameters params = CkksParameters.of(CkksParameters.Preset.N13);
        KeyGenerator kg = new KeyGenerator(params.rlwe(), Prng.insecureSeededForTests(5));
        SecretKey sk = kg.secretKey();
        Encoder encoder = new Encoder(params);
        CkksEncryptor encryptor = CkksEncryptor.ofPublicKey(params, kg.publicKey(sk), Prng.insecureSeededForTests(6));
        Evaluator server = new Evaluator(params, EvaluationKeys.generate(params, kg, sk, enc.rotations(), false));
        CkksDecryptor decryptor = new CkksDecryptor(params, sk);
        assertThat(enc.blockSize()).isEqualTo(8);
        assertThat(enc.samplesPerCiphertext(params)).isEqualTo(512);

        Ciphertext ct = enc.encryptBatch(params, encoder, encryptor, rows);
        double[] got = enc.decryptProbabilities(decryptor, enc.evaluate(params, encoder, server, ct), n);
        int agree = 0;
        int correctPlain = 0;
        int correctEnc = 0;
        double maxEncErr = 0;
        double maxApproxErr = 0;
        for (int i = 0; i < n; i++) {
            double approx = enc.approximateProbability(rows[i]);
            maxEncErr = Math.max(maxEncErr, Math.abs(got[i] - approx));
            maxApproxErr = Math.max(maxApproxErr, Math.abs(approx - plain[i]));
            if ((got[i] >= 0.5) == (plain[i] >= 0.5)) {
                agree++;
            }
            correctPlain += (plain[i] >= 0.5 ? 1 : 0) == y[i] ? 1 : 0;
            correctEnc += (got[i] >= 0.5 ? 1 : 0) == y[i] ? 1 : 0;
        }
        System.out.printf(java.util.Locale.ROOT,
                "encrypted LR (d=%d, n=%d, N13, degree 3 on [-%.0f, %.0f]): label agreement %d/%d, max |enc - poly| %.2e,"
                        + " max |poly - sigmoid| %.3f; accuracy plaintext %d/%d, encrypted %d/%d%n", d, n, enc.bound(),
                enc.bound(), agree, n, maxEncErr, maxApproxErr, correctPlain, n, correctEnc, n);
        // CKKS error at scale 2^34 after 4 levels: ~1e-4 at most; the sigmoid approximation error is separate
        assertThat(maxEncErr).isLessThan(1e-3);
        // the interpolant of sigmoid - 1/2 is odd, so p(0) = 1/2 and the sign of the logit decides the label wherever
        // p stays on the same side of 1/2 (measured here, not assumed)
        assertThat(agree).isEqualTo(n);
        assertThat(correctEnc).isEqualTo(correctPlain);
        assertThatThrownBy(() -> enc.evaluate(params, encoder, server, server.dropLevel(ct, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs 4 levels");
    }
}

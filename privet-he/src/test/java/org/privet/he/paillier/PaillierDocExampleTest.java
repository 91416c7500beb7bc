package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of docs/paillier.md, verbatim between the markers, so the page's code compiles and runs. */
class PaillierDocExampleTest {
    @Test
    void docExampleRuns() {
        // --- docs/paillier.md example begins ---
        PaillierKeyPair keys = PaillierKeyPair.generate(2048, new SecureRandom()); // 3072 bits: PaillierKeyPair.generate()
        PaillierPublicKey pk = keys.publicKey();
        PaillierPrivateKey sk = keys.privateKey();

        // numbers with exponents, as python-paillier
        EncryptedNumber a = EncryptedNumber.encrypt(pk, 3.25);
        EncryptedNumber b = EncryptedNumber.encrypt(pk, -1.5);
        double r = sk.decryptDouble(a.add(b).multiply(2.0));              // (3.25 - 1.5) * 2 = 3.5

        // encrypted aggregation of model updates: 3 clients, values in [-1, 1], 2^-20 precision
        PackingLayout layout = PackingLayout.of(pk, 1.0, 20, 100);         // 100 clients at most
        EncryptedAggregation agg = new EncryptedAggregation(pk, layout);
        PackedVector sum = agg.sum(List.of(
                agg.encryptUpdate(new double[] {0.5, -0.25, 0.125}),
                agg.encryptUpdate(new double[] {0.25, 0.25, -1.0}),
                agg.encryptUpdate(new double[] {-0.75, 0.5, 0.875})));
        double[] mean = EncryptedAggregation.decryptMean(sk, sum);         // {0, 0.1666..., 0}

        // encrypted logistic-regression scoring: the server's weights stay plaintext
        EncryptedLogisticScoring model = EncryptedLogisticScoring.binary(new double[] {0.8, -0.4}, 0.1, -8);
        EncryptedVector features = EncryptedVector.encrypt(pk, new double[] {1.0, 2.0}, -8);
        double p = EncryptedLogisticScoring.probabilities(sk, model.score(features))[1]; // sigmoid(0.1)

        // files: versioned JSON with key fingerprint and checksum
        String json = PaillierJson.toJson(features);
        EncryptedVector back = PaillierJson.encryptedVectorFromJson(json, "features.json", pk);
        // --- docs/paillier.md example ends ---

        assertThat(r).isEqualTo(3.5);
        assertThat(mean).containsExactly(new double[] {0, 0.5 / 3, 0}, within(1e-6));
        assertThat(p).isCloseTo(1 / (1 + Math.exp(-0.1)), within(1e-9));
        assertThat(back).isEqualTo(features);
    }
}

package org.privet.he.ckks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.PublicKey;
import org.privet.he.rlwe.SecretKey;

/** The example of docs/ckks.md, verbatim: it must compile and give what the page says. */
class DocExampleTest {
    @Test
    void pageExampleRuns() {
        // --- docs/ckks.md example begins
        CkksParameters params = CkksParameters.of(CkksParameters.Preset.N13); // 128-bit, 4 levels, 4096 slots
        KeyGenerator keygen = new KeyGenerator(params.rlwe());                 // SecureRandom-seeded
        SecretKey sk = keygen.secretKey();
        PublicKey pk = keygen.publicKey(sk);
        EvaluationKeys evk = EvaluationKeys.generate(params, keygen, sk, new int[] {1}, false);

        CkksEncryptor encryptor = CkksEncryptor.ofPublicKey(params, pk);
        Evaluator evaluator = new Evaluator(params, evk);
        CkksDecryptor decryptor = new CkksDecryptor(params, sk);

        Ciphertext x = encryptor.encrypt(new double[] {1.5, -2.0, 3.25});
        Ciphertext y = encryptor.encrypt(new double[] {2.0, 0.5, -1.0});
        Ciphertext xy = evaluator.rescale(evaluator.multiplyRelin(x, y));     // [3.0, -1.0, -3.25], level 3
        Ciphertext shifted = evaluator.rotate(xy, 1);                          // [-1.0, -3.25, 0, ..., 3.0]
        double[] out = decryptor.decryptValues(shifted);
        // --- example ends
        // Slot errors here have sd ~3e-6 (fresh noise at scale 2^34 plus key switching with a centred ModUp); 5e-5 is
        // > 15 sd (false failure far below 1e-12, keys are random here). With uncentred ModUp digits the rotation
        // alone put 2.4e-4 into slot 0 (see BasisExtender), which this tolerance catches.
        assertThat(out[0]).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(5e-5));
        assertThat(out[1]).isCloseTo(-3.25, org.assertj.core.data.Offset.offset(5e-5));
        assertThat(out[2]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(5e-5));
        assertThat(out[params.slots() - 1]).isCloseTo(3.0, org.assertj.core.data.Offset.offset(5e-5));
        assertThat(xy.level()).isEqualTo(3);
    }
}

package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EncryptedVectorTest {
    private final PaillierPublicKey pk = TestKeys.k512().publicKey();
    private final PaillierPrivateKey sk = TestKeys.k512().privateKey();

    @Test
    void elementwiseOperationsAndDot() {
        Random rnd = new Random(21);
        int d = 12;
        double[] x = new double[d];
        double[] y = new double[d];
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = rnd.nextGaussian() * 10;
            y[i] = rnd.nextGaussian();
            w[i] = rnd.nextGaussian();
        }
        Obfuscator obf = Obfuscators.crt(sk, new Random(1));
        EncryptedVector ex = EncryptedVector.encrypt(pk, x, -8, obf); // step 2^-32
        EncryptedVector ey = EncryptedVector.encrypt(pk, y, -6, obf); // step 2^-24
        double step = 0x1p-32;
        double[] dx = ex.decrypt(sk);
        for (int i = 0; i < d; i++) {
            assertThat(dx[i]).isCloseTo(x[i], within(step / 2));
        }
        double[] sum = ex.add(ey).decrypt(sk, true);
        double[] plus = ex.addPlain(y).decrypt(sk);
        double[] scaled = ex.multiply(-2.5, -2).decrypt(sk);
        assertThat(ex.add(ey).exponent()).isEqualTo(-8);
        for (int i = 0; i < d; i++) {
            assertThat(sum[i]).isCloseTo(x[i] + y[i], within(0x1p-24));
            assertThat(plus[i]).isCloseTo(x[i] + y[i], within(step));
            assertThat(scaled[i]).isCloseTo(-2.5 * x[i], within(step * 3));
        }
        EncryptedNumber dot = ex.dot(w, -8);
        assertThat(dot.exponent()).isEqualTo(-16);
        double expected = 0;
        double bound = 0;
        for (int i = 0; i < d; i++) {
            expected += w[i] * x[i];
            bound += (Math.abs(w[i]) + Math.abs(x[i])) * step / 2 + 1e-12;
        }
        assertThat(sk.decryptDouble(dot)).isCloseTo(expected, within(bound));
        assertThat(ex.get(3).exponent()).isEqualTo(-8);
        assertThat(sk.decryptDouble(ex.get(3))).isCloseTo(x[3], within(step));
    }

    @Test
    void mismatchesAreErrors() {
        EncryptedVector a = EncryptedVector.encrypt(pk, new double[] {1, 2}, -4);
        EncryptedVector b = EncryptedVector.encrypt(pk, new double[] {1, 2, 3}, -4);
        EncryptedVector c = EncryptedVector.encrypt(TestKeys.other512().publicKey(), new double[] {1, 2}, -4);
        assertThatThrownBy(() -> a.add(b)).hasMessageContaining("2 elements").hasMessageContaining("3");
        assertThatThrownBy(() -> a.add(c)).hasMessageContaining(TestKeys.other512().publicKey().fingerprint());
        assertThatThrownBy(() -> EncryptedVector.encrypt(pk, new double[] {1, Double.POSITIVE_INFINITY}, -4))
                .hasMessageContaining("element 1").hasMessageContaining("finite");
        assertThatThrownBy(() -> c.decrypt(sk)).hasMessageContaining("private key");
    }
}

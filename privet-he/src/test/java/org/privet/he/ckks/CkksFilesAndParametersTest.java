package org.privet.he.ckks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files (round trip, truncation, corruption, wrong parameters/kind/key) and the parameter security check. */
class CkksFilesAndParametersTest {
    @TempDir
    Path dir;

    @Test
    void filesRoundTripAndRejectDamage() throws IOException {
        Fixture f = Fixture.small();
        double[] x = Fixture.randomValues(f.params.slots(), 41);
        Ciphertext ct = f.evaluator.multiply(f.encryptor.encrypt(x), f.encryptor.encrypt(x));
        Path c = dir.resolve("x.ct");
        CkksFiles.writeCiphertext(c, ct);
        Path pk = dir.resolve("pk.bin");
        CkksFiles.writePublicKey(pk, f.params, f.pk);
        Path sk = dir.resolve("sk.bin");
        CkksFiles.writeSecretKey(sk, f.params, f.sk);
        Path ek = dir.resolve("ek.bin");
        CkksFiles.writeEvaluationKeys(ek, f.params, f.ek);
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".tmp"))).isEmpty();

        // keys and ciphertext read back work together
        CkksDecryptor dec = new CkksDecryptor(f.params, CkksFiles.readSecretKey(sk, f.params));
        Evaluator ev = new Evaluator(f.params, CkksFiles.readEvaluationKeys(ek, f.params));
        Ciphertext back = CkksFiles.readCiphertext(c, f.params);
        assertThat(back.degree()).isEqualTo(2);
        double[] sq = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sq[i] = x[i] * x[i];
        }
        assertThat(Fixture.maxError(dec.decryptValues(ev.rescale(ev.relinearize(back))), sq)).isLessThan(1e-5);
        Ciphertext fresh = CkksEncryptor.ofPublicKey(f.params, CkksFiles.readPublicKey(pk, f.params)).encrypt(x);
        assertThat(Fixture.maxError(dec.decryptValues(ev.rotate(fresh, 1)), rotate(x, 1))).isLessThan(1e-5);

        byte[] bytes = Files.readAllBytes(c);
        Path truncated = dir.resolve("truncated.ct");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> CkksFiles.readCiphertext(truncated, f.params)).isInstanceOf(CkksFileException.class)
                .hasMessageContaining("truncated.ct").hasMessageContaining("checksum");
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        Path corrupt = dir.resolve("corrupt.ct");
        Files.write(corrupt, flipped);
        assertThatThrownBy(() -> CkksFiles.readCiphertext(corrupt, f.params)).hasMessageContaining("checksum");
        Path tiny = dir.resolve("tiny.ct");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> CkksFiles.readCiphertext(tiny, f.params)).hasMessageContaining("length");
        assertThatThrownBy(() -> CkksFiles.readCiphertext(pk, f.params)).hasMessageContaining("kind")
                .hasMessageContaining("PUBLIC_KEY");
        CkksParameters other = CkksParameters.insecure(10, new int[] {50, 40}, new int[] {50}, 40);
        assertThatThrownBy(() -> CkksFiles.readCiphertext(c, other)).hasMessageContaining("parameters fingerprint");
        Fixture stranger = new Fixture(f.params, 77);
        assertThatThrownBy(() -> stranger.decryptor.decrypt(back)).hasMessageContaining("another key");
    }

    private static double[] rotate(double[] x, int k) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[(i + k) % x.length];
        }
        return r;
    }

    @Test
    void presetsAreWithinTheStandardsBoundAndOthersAreRefused() {
        for (CkksParameters.Preset p : CkksParameters.Preset.values()) {
            int nominal = Arrays.stream(p.logQ).sum() + Arrays.stream(p.logP).sum();
            assertThat(nominal).as("%s", p).isLessThanOrEqualTo(CkksParameters.maxLogQP(p.logN()));
        }
        CkksParameters n13 = CkksParameters.of(CkksParameters.Preset.N13);
        assertThat(n13.isSecure()).isTrue();
        assertThat(n13.rlwe().bitLengthQP()).isLessThanOrEqualTo(218);
        assertThat(n13.maxLevel()).isEqualTo(4);
        assertThat(n13.slots()).isEqualTo(4096);
        assertThatThrownBy(() -> CkksParameters.custom(13, new int[] {60, 40, 40, 40}, new int[] {60}, 40))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the bound 218 bits")
                .hasMessageContaining("insecure");
        assertThatThrownBy(() -> CkksParameters.custom(10, new int[] {50}, new int[] {50}, 40))
                .hasMessageContaining("27 bits");
        assertThat(CkksParameters.insecure(10, new int[] {50}, new int[] {50}, 40).isSecure()).isFalse();
        assertThat(CkksParameters.custom(12, new int[] {36, 36}, new int[] {36}, 30).isSecure()).isTrue();
        assertThatThrownBy(() -> CkksParameters.custom(12, new int[] {36}, new int[] {}, 30)).hasMessageContaining("special prime");
    }
}

package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PaillierKeyTest {
    @Test
    void insecureGenerationIsReproducibleAndWellFormed() {
        PaillierKeyPair a = PaillierKeyPair.generateInsecureForTests(512, new Random(7));
        PaillierKeyPair b = PaillierKeyPair.generateInsecureForTests(512, new Random(7));
        assertThat(a.publicKey()).isEqualTo(b.publicKey());
        PaillierPrivateKey sk = a.privateKey();
        BigInteger n = a.publicKey().modulus();
        assertThat(n.bitLength()).isEqualTo(512);
        assertThat(sk.p().multiply(sk.q())).isEqualTo(n);
        assertThat(sk.p().bitLength()).isEqualTo(256);
        assertThat(sk.q().bitLength()).isEqualTo(256);
        assertThat(sk.p()).isLessThan(sk.q());
        assertThat(n.gcd(sk.p().subtract(BigInteger.ONE).multiply(sk.q().subtract(BigInteger.ONE)))).isEqualTo(BigInteger.ONE);
        assertThat(a.publicKey().isInsecure()).isTrue();
        assertThat(a.publicKey().fingerprint()).hasSize(32).isNotEqualTo(TestKeys.other512().publicKey().fingerprint());
        assertThat(sk.toString()).doesNotContain(sk.p().toString());
    }

    @Test
    void secureApiRefusesSmallKeys() {
        assertThatThrownBy(() -> PaillierKeyPair.generate(1024, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024").hasMessageContaining("generateInsecureForTests");
        assertThatThrownBy(() -> PaillierPublicKey.fromModulus(TestKeys.k1024().publicKey().modulus()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048").hasMessageContaining("1024 bits");
        assertThatThrownBy(() -> PaillierPublicKey.fromModulusInsecure(BigInteger.valueOf(1L << 40).add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
        assertThatThrownBy(() -> PaillierPublicKey.fromModulusInsecure(BigInteger.ONE.shiftLeft(600)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd");
        assertThatThrownBy(() -> PaillierKeyPair.generateInsecureForTests(513, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("513");
    }

    @Test
    void generates2048BitKeyThatWorks() {
        PaillierKeyPair kp = PaillierKeyPair.generate(2048, new SecureRandom());
        assertThat(kp.publicKey().bits()).isEqualTo(2048);
        assertThat(kp.publicKey().isInsecure()).isFalse();
        BigInteger m = new BigInteger(2000, new Random(3));
        assertThat(kp.privateKey().decrypt(kp.publicKey().encrypt(m))).isEqualTo(m);
        assertThat(kp.privateKey().decrypt(kp.privateKey().encrypt(m))).isEqualTo(m);
    }

    @Test
    void defaultKeyIs3072Bits() {
        PaillierKeyPair kp = PaillierKeyPair.generate();
        assertThat(kp.publicKey().bits()).isEqualTo(PaillierKeyPair.DEFAULT_BITS).isEqualTo(3072);
        BigInteger m = new BigInteger(3000, new Random(4));
        assertThat(kp.privateKey().decrypt(kp.privateKey().encrypt(m))).isEqualTo(m);
    }

    @Test
    void privateKeyFactorsAreChecked() {
        PaillierKeyPair kp = TestKeys.k512();
        PaillierPublicKey pk = kp.publicKey();
        BigInteger p = kp.privateKey().p();
        BigInteger q = kp.privateKey().q();
        assertThat(PaillierPrivateKey.of(pk, q, p)).isEqualTo(kp.privateKey());
        assertThatThrownBy(() -> PaillierPrivateKey.of(pk, p, q.add(BigInteger.TWO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p q = n");
        assertThatThrownBy(() -> PaillierPrivateKey.of(PaillierPublicKey.fromModulusInsecure(p.multiply(p)), p, p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
        assertThatThrownBy(() -> new PaillierKeyPair(pk, TestKeys.other512().privateKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }
}

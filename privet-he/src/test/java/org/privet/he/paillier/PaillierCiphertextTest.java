package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract for every kind of randomness: decryption, homomorphic operations, key checks. */
class PaillierCiphertextTest {
    static Stream<Arguments> obfuscators() {
        return Stream.of(
                Arguments.of("full", (Function<PaillierKeyPair, Obfuscator>) kp -> Obfuscators.full(kp.publicKey(), new Random(1))),
                Arguments.of("crt", (Function<PaillierKeyPair, Obfuscator>) kp -> Obfuscators.crt(kp.privateKey(), new Random(2))),
                Arguments.of("djn", (Function<PaillierKeyPair, Obfuscator>) kp -> Obfuscators.djn(kp.publicKey(), new Random(3), 4)),
                Arguments.of("djnCrt", (Function<PaillierKeyPair, Obfuscator>) kp -> Obfuscators.djnCrt(kp.privateKey(), new Random(4))),
                Arguments.of("pool", (Function<PaillierKeyPair, Obfuscator>) kp -> {
                    ObfuscatorPool pool = new ObfuscatorPool(Obfuscators.crt(kp.privateKey(), new Random(5)), 4);
                    pool.refill();
                    return pool;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("obfuscators")
    void homomorphicContract(String name, Function<PaillierKeyPair, Obfuscator> make) {
        PaillierKeyPair kp = TestKeys.k512();
        PaillierPublicKey pk = kp.publicKey();
        PaillierPrivateKey sk = kp.privateKey();
        BigInteger n = pk.modulus();
        Obfuscator obf = make.apply(kp);
        Random rnd = new Random(42);
        for (int i = 0; i < 6; i++) {
            BigInteger a = new BigInteger(511, rnd).mod(n);
            BigInteger b = new BigInteger(511, rnd).mod(n);
            BigInteger k = new BigInteger(64, rnd).subtract(BigInteger.ONE.shiftLeft(63));
            PaillierCiphertext ca = pk.encrypt(a, obf);
            PaillierCiphertext cb = pk.encrypt(b, obf);
            assertThat(sk.decrypt(ca)).as(name).isEqualTo(a);
            assertThat(sk.decrypt(ca.add(cb))).isEqualTo(a.add(b).mod(n));
            assertThat(sk.decrypt(ca.subtract(cb))).isEqualTo(a.subtract(b).mod(n));
            assertThat(sk.decrypt(ca.addPlain(b))).isEqualTo(a.add(b).mod(n));
            assertThat(sk.decrypt(ca.addPlain(b.negate()))).isEqualTo(a.subtract(b).mod(n));
            assertThat(sk.decrypt(ca.multiply(k))).isEqualTo(a.multiply(k).mod(n));
            assertThat(sk.decrypt(ca.negate())).isEqualTo(a.negate().mod(n));
            PaillierCiphertext re = ca.rerandomize(obf);
            assertThat(re).isNotEqualTo(ca);
            assertThat(sk.decrypt(re)).isEqualTo(a);
        }
        // edges
        assertThat(sk.decrypt(pk.encrypt(BigInteger.ZERO, obf))).isEqualTo(BigInteger.ZERO);
        assertThat(sk.decrypt(pk.encrypt(n.subtract(BigInteger.ONE), obf))).isEqualTo(n.subtract(BigInteger.ONE));
        PaillierCiphertext c = pk.encrypt(BigInteger.TEN, obf);
        assertThat(sk.decrypt(c.multiply(0))).isEqualTo(BigInteger.ZERO);
        assertThat(sk.decrypt(c.multiply(n.subtract(BigInteger.ONE)))).isEqualTo(n.subtract(BigInteger.TEN));
        // each obfuscator value is an n-th residue: it decrypts to 0, and two draws differ
        BigInteger r1 = obf.next();
        BigInteger r2 = obf.next();
        assertThat(r1).isNotEqualTo(r2);
        assertThat(sk.decrypt(PaillierCiphertext.of(pk, r1))).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void plaintextRangeAndKeysAreChecked() {
        PaillierPublicKey pk = TestKeys.k512().publicKey();
        PaillierPublicKey other = TestKeys.other512().publicKey();
        assertThatThrownBy(() -> pk.encrypt(pk.modulus())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, n)");
        assertThatThrownBy(() -> pk.encrypt(BigInteger.valueOf(-1))).hasMessageContaining("negative");
        PaillierCiphertext a = pk.encrypt(BigInteger.ONE);
        PaillierCiphertext b = other.encrypt(BigInteger.ONE);
        assertThatThrownBy(() -> a.add(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(other.fingerprint()).hasMessageContaining(pk.fingerprint());
        assertThatThrownBy(() -> TestKeys.k512().privateKey().decrypt(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(other.fingerprint());
        assertThatThrownBy(() -> pk.encrypt(BigInteger.ONE, other.defaultObfuscator())).hasMessageContaining("obfuscator");
        assertThatThrownBy(() -> PaillierCiphertext.of(pk, pk.modulusSquared())).hasMessageContaining("(0, n^2)");
        assertThatThrownBy(() -> PaillierCiphertext.of(pk, TestKeys.k512().privateKey().p())).hasMessageContaining("coprime");
    }

    @Test
    void crtRandomnessEqualsFullRandomnessForCorrespondingSeeds() {
        // r^n mod n^2 == CRT((r^q mod p)^p mod p^2, (r^p mod q)^q mod q^2): the identity behind Obfuscators.crt
        PaillierPrivateKey sk = TestKeys.k512().privateKey();
        PaillierPublicKey pk = sk.publicKey();
        BigInteger p = sk.p();
        BigInteger q = sk.q();
        Random rnd = new Random(9);
        for (int i = 0; i < 5; i++) {
            BigInteger r = Obfuscators.uniformUnit(pk.modulus(), rnd);
            BigInteger sp = r.modPow(q, p);
            BigInteger sq = r.modPow(p, q);
            BigInteger viaCrt = sk.crtSquared(sp.modPow(p, p.multiply(p)), sq.modPow(q, q.multiply(q)));
            assertThat(viaCrt).isEqualTo(r.modPow(pk.modulus(), pk.modulusSquared()));
        }
    }

    @Test
    void djnPublicAndCrtPathsAgreeAndFixedBaseMatchesModPow() {
        PaillierKeyPair kp = TestKeys.k512();
        PaillierPublicKey pk = kp.publicKey();
        Random rnd = new Random(11);
        BigInteger hs = Obfuscators.djnBase(pk, rnd);
        Obfuscators.Djn pub = new Obfuscators.Djn(pk, rnd, hs, 5, null);
        Obfuscators.Djn crt = new Obfuscators.Djn(pk, rnd, hs, 3, kp.privateKey());
        for (int i = 0; i < 5; i++) {
            BigInteger a = new BigInteger(256, rnd);
            BigInteger expected = hs.modPow(a, pk.modulusSquared());
            assertThat(pub.pow(a)).isEqualTo(expected);
            assertThat(crt.pow(a)).isEqualTo(expected);
        }
        assertThat(pub.pow(BigInteger.ZERO)).isEqualTo(BigInteger.ONE);
        assertThatThrownBy(() -> pub.pow(BigInteger.ONE.shiftLeft(256))).hasMessageContaining("2^256");
        FixedBaseExponentiation fb = new FixedBaseExponentiation(BigInteger.valueOf(3), BigInteger.valueOf(1_000_003), 40, 7);
        for (long e : new long[] {0, 1, 2, 127, 128, (1L << 40) - 1, 123456789L}) {
            assertThat(fb.pow(BigInteger.valueOf(e))).isEqualTo(BigInteger.valueOf(3).modPow(BigInteger.valueOf(e), BigInteger.valueOf(1_000_003)));
        }
        assertThat(fb.tableEntries()).isEqualTo(6L * 127);
    }

    @Test
    void barrettReductionMatchesMod() {
        PaillierPublicKey pk = TestKeys.k1024().publicKey();
        BigInteger n2 = pk.modulusSquared();
        BigInteger top = n2.subtract(BigInteger.ONE);
        assertThat(pk.mulMod(top, top)).isEqualTo(top.multiply(top).mod(n2));
        assertThat(pk.mulMod(BigInteger.ZERO, top)).isEqualTo(BigInteger.ZERO);
        Random rnd = new Random(17);
        for (int i = 0; i < 200; i++) {
            BigInteger a = new BigInteger(n2.bitLength(), rnd).mod(n2);
            BigInteger b = new BigInteger(n2.bitLength() - rnd.nextInt(64), rnd).mod(n2);
            assertThat(pk.mulMod(a, b)).isEqualTo(a.multiply(b).mod(n2));
        }
    }

    @Test
    void poolHandsOutEachValueOnceAndCountsMisses() {
        PaillierKeyPair kp = TestKeys.k512();
        ObfuscatorPool pool = new ObfuscatorPool(Obfuscators.crt(kp.privateKey(), new Random(3)), 5);
        assertThat(pool.refill(true)).isEqualTo(5);
        assertThat(pool.refill()).isZero();
        assertThat(pool.available()).isEqualTo(5);
        java.util.Set<BigInteger> seen = new java.util.HashSet<>();
        for (int i = 0; i < 7; i++) {
            seen.add(pool.next());
        }
        assertThat(seen).hasSize(7);
        assertThat(pool.misses()).isEqualTo(2);
        assertThat(pool.available()).isZero();
        assertThatThrownBy(() -> new ObfuscatorPool(kp.publicKey().defaultObfuscator(), 0)).hasMessageContaining("capacity");
    }
}

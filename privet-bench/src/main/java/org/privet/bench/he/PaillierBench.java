package org.privet.bench.he;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.he.paillier.Obfuscator;
import org.privet.he.paillier.Obfuscators;
import org.privet.he.paillier.PaillierCiphertext;
import org.privet.he.paillier.PaillierKeyPair;
import org.privet.he.paillier.PaillierPrivateKey;
import org.privet.he.paillier.PaillierPublicKey;

/**
 * Paillier side by side with javallier 0.6.0 (Java on GMP through jnagmp) in the same JVM run, on
 * the same modulus size: encrypt, decrypt, add and multiply by a 64-bit plaintext. Privet encrypts
 * four ways: public-key full randomness (what javallier's {@code raw_encrypt} does), private-key CRT
 * full randomness (same ciphertext distribution), and DJN short-exponent fixed-base randomness with
 * the public key or with the factorisation. Decryption is CRT in both. Average time per operation;
 * run-paillier.sh adds paillier-bigint 3.4.3 (JavaScript) and prints one table.
 *
 * <p>Each invocation encrypts the same plaintext: cost does not depend on it. Keys are generated
 * once per trial from a {@link SecureRandom}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PaillierBench {
    /** Modulus size in bits. */
    @Param({"2048"})
    public int bits;

    private PaillierPublicKey pk;
    private PaillierPrivateKey sk;
    private Obfuscator full;
    private Obfuscator crt;
    private Obfuscator djn;
    private Obfuscator djnCrt;
    private BigInteger m;
    private BigInteger k;
    private PaillierCiphertext c1;
    private PaillierCiphertext c2;

    private com.n1analytics.paillier.PaillierPublicKey jpk;
    private com.n1analytics.paillier.PaillierPrivateKey jsk;
    private BigInteger jc1;
    private BigInteger jc2;

    @Setup(Level.Trial)
    public void setup() {
        SecureRandom random = new SecureRandom();
        PaillierKeyPair kp = PaillierKeyPair.generate(bits, random);
        pk = kp.publicKey();
        sk = kp.privateKey();
        full = Obfuscators.full(pk, random);
        crt = Obfuscators.crt(sk, random);
        djn = Obfuscators.djn(pk, random);
        djnCrt = Obfuscators.djnCrt(sk, random);
        m = new BigInteger(bits - 2, random);
        k = BigInteger.valueOf(random.nextLong() >>> 1);
        c1 = pk.encrypt(m, crt);
        c2 = pk.encrypt(m.shiftRight(1), crt);

        jsk = com.n1analytics.paillier.PaillierPrivateKey.create(bits);
        jpk = jsk.getPublicKey();
        jc1 = jpk.raw_encrypt(m);
        jc2 = jpk.raw_encrypt(m.shiftRight(1));
        if (!sk.decrypt(c1).equals(m) || !jsk.raw_decrypt(jc1).equals(m)) {
            throw new AssertionError("decrypt(encrypt(m)) != m in benchmark setup");
        }
    }

    @Benchmark
    public PaillierCiphertext privetEncryptPublic() {
        return pk.encrypt(m, full);
    }

    @Benchmark
    public PaillierCiphertext privetEncryptCrt() {
        return pk.encrypt(m, crt);
    }

    @Benchmark
    public PaillierCiphertext privetEncryptDjn() {
        return pk.encrypt(m, djn);
    }

    @Benchmark
    public PaillierCiphertext privetEncryptDjnCrt() {
        return pk.encrypt(m, djnCrt);
    }

    @Benchmark
    public BigInteger privetDecrypt() {
        return sk.decrypt(c1);
    }

    @Benchmark
    public PaillierCiphertext privetAdd() {
        return c1.add(c2);
    }

    @Benchmark
    public PaillierCiphertext privetMultiplyPlain() {
        return c1.multiply(k);
    }

    @Benchmark
    public BigInteger javallierEncrypt() {
        return jpk.raw_encrypt(m);
    }

    @Benchmark
    public BigInteger javallierDecrypt() {
        return jsk.raw_decrypt(jc1);
    }

    @Benchmark
    public BigInteger javallierAdd() {
        return jpk.raw_add(jc1, jc2);
    }

    @Benchmark
    public BigInteger javallierMultiplyPlain() {
        return jpk.raw_multiply(jc1, k);
    }
}

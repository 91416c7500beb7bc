package org.privet.bench.he;

import java.util.SplittableRandom;
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
import org.privet.he.ckks.Ciphertext;
import org.privet.he.ckks.CkksDecryptor;
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.Encoder;
import org.privet.he.ckks.EvaluationKeys;
import org.privet.he.ckks.Evaluator;
import org.privet.he.ckks.Plaintext;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;

/**
 * Per-operation CKKS timings at the top level, single thread, for log N = 13, 14, 15, in the operations
 * node-seal's script (privet-bench/peers/seal_bench.mjs) times: encode+encrypt (public key), multiply +
 * relinearise, rescale, rotate by one slot, decrypt (without decoding) and decode.
 *
 * <p>{@code chain}: "preset" is the 128-bit preset ({@link CkksParameters.Preset}); "seal" is the chain SEAL
 * is given by the peer script (same Q, one 60-bit special prime, so one prime per key-switching digit as
 * SEAL does), for a like-for-like comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CkksBench {
    @Param({"13", "14", "15"})
    public int logN;

    @Param({"preset", "seal"})
    public String chain;

    private Encoder encoder;
    private CkksEncryptor encryptor;
    private CkksDecryptor decryptor;
    private Evaluator evaluator;
    private double[] values;
    private Ciphertext a;
    private Ciphertext b;
    private Ciphertext product;
    private Plaintext decrypted;

    /** The parameters of a benchmark row. */
    public static CkksParameters parameters(int logN, String chain) {
        CkksParameters.Preset preset = CkksParameters.Preset.valueOf("N" + logN);
        CkksParameters p = CkksParameters.of(preset);
        if (chain.equals("preset")) {
            return p;
        }
        int[] logQ = new int[p.maxLevel() + 1];
        for (int i = 0; i < logQ.length; i++) {
            logQ[i] = 64 - Long.numberOfLeadingZeros(p.q(i));
        }
        return CkksParameters.custom(logN, logQ, new int[] {logN == 13 ? 40 : 60}, p.logScale());
    }

    @Setup(Level.Trial)
    public void setup() {
        CkksParameters p = parameters(logN, chain);
        KeyGenerator kg = new KeyGenerator(p.rlwe());
        SecretKey sk = kg.secretKey();
        encoder = new Encoder(p);
        encryptor = CkksEncryptor.ofPublicKey(p, kg.publicKey(sk));
        decryptor = new CkksDecryptor(p, sk);
        evaluator = new Evaluator(p, EvaluationKeys.generate(p, kg, sk, new int[] {1}, false));
        SplittableRandom r = new SplittableRandom(7);
        values = new double[p.slots()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextDouble(-1, 1);
        }
        a = encryptor.encrypt(values);
        b = encryptor.encrypt(values);
        product = evaluator.multiplyRelin(a, b);
        decrypted = decryptor.decrypt(a);
    }

    @Benchmark
    public Ciphertext encodeEncrypt() {
        return encryptor.encrypt(encoder.encode(values));
    }

    @Benchmark
    public Ciphertext multiplyRelinearize() {
        return evaluator.multiplyRelin(a, b);
    }

    @Benchmark
    public Ciphertext rescale() {
        return evaluator.rescale(product);
    }

    @Benchmark
    public Ciphertext rotate() {
        return evaluator.rotate(a, 1);
    }

    @Benchmark
    public Plaintext decrypt() {
        return decryptor.decrypt(a);
    }

    @Benchmark
    public double[] decode() {
        return encoder.decode(decrypted);
    }
}

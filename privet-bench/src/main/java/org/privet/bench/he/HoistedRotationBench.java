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
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.EvaluationKeys;
import org.privet.he.ckks.Evaluator;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;

/**
 * Rotations of one ciphertext by 1..7 slots (the diagonal method of an 8-wide dense layer, as in
 * {@code EncryptedMlp}): seven separate {@code rotate} calls against one {@code rotateHoisted} call, which
 * shares the key-switching decomposition (Halevi-Shoup 2018). Top level, one thread, "preset" chains.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class HoistedRotationBench {
    private static final int[] SHIFTS = {1, 2, 3, 4, 5, 6, 7};

    @Param({"13", "14"})
    public int logN;

    private Evaluator evaluator;
    private Ciphertext a;

    @Setup(Level.Trial)
    public void setup() {
        CkksParameters p = CkksParameters.of(CkksParameters.Preset.valueOf("N" + logN));
        KeyGenerator kg = new KeyGenerator(p.rlwe());
        SecretKey sk = kg.secretKey();
        evaluator = new Evaluator(p, EvaluationKeys.generate(p, kg, sk, SHIFTS, false));
        SplittableRandom r = new SplittableRandom(7);
        double[] values = new double[p.slots()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextDouble(-1, 1);
        }
        a = CkksEncryptor.ofPublicKey(p, kg.publicKey(sk)).encrypt(values);
    }

    @Benchmark
    public Ciphertext[] rotate7Separately() {
        Ciphertext[] out = new Ciphertext[SHIFTS.length];
        for (int i = 0; i < SHIFTS.length; i++) {
            out[i] = evaluator.rotate(a, SHIFTS[i]);
        }
        return out;
    }

    @Benchmark
    public Ciphertext[] rotate7Hoisted() {
        return evaluator.rotateHoisted(a, SHIFTS);
    }
}

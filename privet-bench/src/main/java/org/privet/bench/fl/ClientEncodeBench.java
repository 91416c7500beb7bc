package org.privet.bench.fl;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Parallel;
import org.privet.dp.noise.NoiseRandom;
import org.privet.fl.DistributedDiscreteGaussian;
import org.privet.fl.SecureSum;
import org.privet.mpc.secagg.FixedPointCodec;

/**
 * What one client does to its update before secure aggregation, for the MLP 256-64-10 of {@link FlRoundBench}
 * (17,098 parameters): {@code fixed-point} = {@code (w u, w)} in SecureSum's 48-bit fixed point (the secure
 * aggregation of the mean); {@code ddgauss} = distributed DP (clip, randomized Hadamard rotation of the 32,768
 * padded coordinates, conditional randomized rounding, one discrete Gaussian draw per coordinate from privet-dp's
 * fast sampler ({@code DiscreteGaussianNoise.addInto}, sigma/gamma = 2^k), AES-CTR keyed from SecureRandom,
 * modulo 2^18; 10 clients, z = 1). Milliseconds per client update; single thread ({@code Parallel.setThreads(1)}
 * for the trial: the noise would otherwise be drawn on all cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ClientEncodeBench {
    /** Parameters of the MLP 256-64-10. */
    public static final int DIMENSION = 17_098;

    @Param({"fixed-point", "ddgauss"})
    public String method;

    private float[] update;
    private DistributedDiscreteGaussian ddg;
    private FixedPointCodec codec;
    private SecureRandom noise;

    private int savedThreads;

    @Setup(Level.Trial)
    public void setUp() {
        savedThreads = Parallel.threads();
        Parallel.setThreads(1);
        Rng r = Rng.of(1);
        update = new float[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            update[j] = (float) ((r.nextDouble() - 0.5) * 0.02);
        }
        ddg = DistributedDiscreteGaussian.calibrated(1.0, 1.0, 10, DIMENSION, 18, DistributedDiscreteGaussian.DEFAULT_BETA);
        codec = new FixedPointCodec(SecureSum.BITS, SecureSum.FRACTION_BITS, 10);
        noise = NoiseRandom.secure();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    @Benchmark
    public long[] encode() {
        if (method.equals("ddgauss")) {
            return ddg.encode(update, 42, noise);
        }
        double[] in = new double[DIMENSION + 1];
        for (int j = 0; j < DIMENSION; j++) {
            in[j] = 50.0 * update[j];
        }
        in[DIMENSION] = 50;
        return codec.encode(in);
    }
}

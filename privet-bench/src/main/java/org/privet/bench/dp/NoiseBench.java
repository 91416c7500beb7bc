package org.privet.bench.dp;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.dp.noise.DiscreteGaussianMechanism;
import org.privet.dp.noise.DiscreteLaplaceMechanism;
import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.NoiseRandom;
import org.privet.dp.noise.Sensitivity;
import org.privet.dp.sgd.DiscreteGaussianNoise;

/**
 * Cost of one noisy release per mechanism (ns per draw, one thread), all on {@link NoiseRandom#secure()}, beside
 * the ceiling: one {@code nextLong()} of the same SecureRandom (the block-buffered default source) and of a plain
 * {@code new SecureRandom()}. Parameters: epsilon 1, sensitivity 1 (Gaussian: delta 1e-6).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms512m", "-Xmx512m"})
public class NoiseBench {
    private LaplaceMechanism laplace;
    private GaussianMechanism gaussian;
    private DiscreteLaplaceMechanism discreteLaplace;
    private DiscreteGaussianMechanism discreteGaussian;
    private DiscreteGaussianNoise gridGaussian;
    private SecureRandom secure;
    private SecureRandom plain;
    private double x;

    @Setup
    public void setup() {
        laplace = LaplaceMechanism.builder().epsilon(1).sensitivity(Sensitivity.ofScalar(1)).build();
        gaussian = GaussianMechanism.builder().epsilon(1).delta(1e-6).sensitivity(Sensitivity.ofScalar(1)).build();
        discreteLaplace = DiscreteLaplaceMechanism.builder().epsilon(1).sensitivity(Sensitivity.ofScalar(1)).build();
        discreteGaussian = DiscreteGaussianMechanism.builder().epsilon(1).delta(1e-6).sensitivity(Sensitivity.ofScalar(1))
                .build();
        gridGaussian = new DiscreteGaussianNoise(NoiseRandom.secure());
        secure = NoiseRandom.secure();
        plain = new SecureRandom();
        x = 1234.5;
    }

    @Benchmark
    public double laplace() {
        return laplace.addNoise(x);
    }

    @Benchmark
    public double gaussian() {
        return gaussian.addNoise(x);
    }

    @Benchmark
    public long discreteLaplace() {
        return discreteLaplace.addNoise(1234L);
    }

    @Benchmark
    public long discreteGaussian() {
        return discreteGaussian.addNoise(1234L);
    }

    /**
     * DP-SGD's single-value release ({@code DiscreteGaussianNoise.addNoise(double, z, C)}, z = 1, C = 1; adaptive
     * clipping makes one per step): a fresh AES key from the secure source per call, then one block-sampler draw.
     */
    @Benchmark
    public double gridGaussianSingle() {
        return gridGaussian.addNoise(x, 1.0, 1.0);
    }

    /** The ceiling: one 64-bit draw from the module's default secure source. */
    @Benchmark
    public long secureRandomNextLong() {
        return secure.nextLong();
    }

    /** One 64-bit draw from a plain {@code new SecureRandom()} (the platform default, unbuffered). */
    @Benchmark
    public long plainSecureRandomNextLong() {
        return plain.nextLong();
    }
}

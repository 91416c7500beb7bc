package org.privet.bench.mpc;

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

/**
 * The baseline beside {@link SecAggBench}: the server's work without secure aggregation, summing {@code
 * clients} vectors of {@code dimension} 16-bit values (the same inputs, same seed) in the clear, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms8g", "-Xmx8g"})
public class SecAggPlaintextBench {
    @Param({"100"})
    public int clients;

    @Param({"100000"})
    public int dimension;

    private long[][] inputs;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom r = new SplittableRandom(2017);
        inputs = new long[clients][dimension];
        for (long[] x : inputs) {
            for (int i = 0; i < dimension; i++) {
                x[i] = r.nextLong() & 0xFFFF;
            }
        }
    }

    @Benchmark
    public long[] plaintext() {
        long[] s = new long[dimension];
        for (long[] x : inputs) {
            for (int i = 0; i < dimension; i++) {
                s[i] += x[i];
            }
        }
        return s;
    }
}

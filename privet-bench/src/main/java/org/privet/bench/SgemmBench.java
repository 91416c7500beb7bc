package org.privet.bench;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.core.tensor.Kernels;
import org.privet.core.tensor.Parallel;

/**
 * {@code C += op(A) op(B)} through {@link Kernels#sgemm} for the shapes that matter: 1024^3 and
 * the 784-512-10 MLP training step with batch 256 (forward, weight gradient, input gradient).
 * Reports the average time per call; GFLOP/s = 2 m n k / time (run-sgemm.sh converts).
 * C is reset to zero only in trial setup: accumulating into it does not change the work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class SgemmBench {
    /**
     * "m x n x k" plus transposes: NN = A B, TN = A^T B, NT = A B^T. The MLP shapes: forward
     * 256x784 x 784x512, weight gradient X^T dY (784x256 x 256x512), input gradient dY W^T
     * (256x512 x 512x784), output layer 256x512 x 512x10 and its transposes.
     */
    @Param({"1024x1024x1024:NN", "256x512x784:NN", "784x512x256:TN", "256x784x512:NT",
        "256x10x512:NN", "512x10x256:TN", "256x512x10:NT"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        transA = parts[1].charAt(0) == 'T';
        transB = parts[1].charAt(1) == 'T';
        SplittableRandom r = new SplittableRandom(42);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() - 0.5);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextDouble() - 0.5);
        }
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    @Benchmark
    public float[] sgemm() {
        Kernels.sgemm(transA, transB, m, n, k, a, b, c);
        return c;
    }
}

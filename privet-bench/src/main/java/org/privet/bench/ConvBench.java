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
import org.privet.core.tensor.Tensor;

/**
 * Convolution kernels (im2col + sgemm, parallel over the batch) on the two layers of a small
 * MNIST CNN, batch 64, 3x3 windows, stride 1, padding 1: forward, input gradient and weight
 * gradient. Average time per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ConvBench {
    /** "C->O@HxW": input channels, output channels, image side. */
    @Param({"1->32@28", "32->64@14"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Tensor w;
    private Tensor b;
    private Tensor gy;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setup() {
        String[] io = layer.split("@");
        String[] ch = io[0].split("->");
        int c = Integer.parseInt(ch[0]);
        int o = Integer.parseInt(ch[1]);
        int side = Integer.parseInt(io[1]);
        int n = 64;
        SplittableRandom r = new SplittableRandom(7);
        x = random(r, n, c, side, side);
        w = random(r, o, c, 3, 3);
        b = random(r, o);
        gy = random(r, n, o, side, side);
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
    }

    private static Tensor random(SplittableRandom r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextDouble() - 0.5);
        }
        return t;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    @Benchmark
    public Tensor forward() {
        return Kernels.conv2d(x, w, b, 1, 1);
    }

    @Benchmark
    public Tensor backwardInput() {
        return Kernels.conv2dBackwardInput(gy, w, x.shape(), 1, 1);
    }

    @Benchmark
    public Tensor backwardWeight() {
        return Kernels.conv2dBackwardWeight(x, gy, w.shape(), 1, 1);
    }
}

package org.privet.bench;

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
import org.openjdk.jmh.infra.Blackhole;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Conv2d;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Adam;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Kernels;
import org.privet.core.tensor.Parallel;
import org.privet.core.tensor.Tensor;

/**
 * One training step of {@link Networks#smallCnn} on MNIST-shaped input (1 x 28 x 28, 10
 * classes) at batch 64 with Adam: forward, mean cross-entropy, backward, update
 * ({@link #step}); the forward pass alone with the graph recorded ({@link #forward}); and the
 * kernels of the step one by one on the step's shapes (convolutions with their gradients,
 * pooling, relu gradient, the 3136 x 128 dense layer), to show where the step's time goes.
 * Average time per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CnnStepBench {
    private static final int BATCH = 64;

    @Param({"1", "2"})
    public int threads;

    private Sequential net;
    private Adam adam;
    private Tensor x;
    private int[] y;
    private int savedThreads;
    // the step's intermediate shapes, random values
    private Tensor w1;
    private Tensor b1;
    private Tensor w2;
    private Tensor b2;
    private Tensor h1;
    private Tensor p1;
    private Tensor h2;
    private Tensor g1;
    private Tensor flat;
    private Tensor dense1;
    private Tensor gDense1;
    private Kernels.PoolResult pool1;

    @Setup(Level.Trial)
    public void setup() {
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
        Rng rng = Rng.of(0);
        net = Networks.smallCnn(rng.child("init"), 1, 28, 28, 10);
        adam = new Adam(net.parameters(), 1e-3f);
        x = Tensor.uniform(rng.child("x"), 0f, 1f, BATCH, 1, 28, 28);
        y = new int[BATCH];
        Rng ry = rng.child("y");
        for (int i = 0; i < y.length; i++) {
            y[i] = ry.nextInt(10);
        }
        Conv2d c1 = (Conv2d) net.layers().get(0);
        Conv2d c2 = (Conv2d) net.layers().get(3);
        w1 = c1.weight().value();
        b1 = c1.bias().value();
        w2 = c2.weight().value();
        b2 = c2.bias().value();
        h1 = Tensor.uniform(rng.child("h1"), -1f, 1f, BATCH, 32, 28, 28);
        p1 = Tensor.uniform(rng.child("p1"), -1f, 1f, BATCH, 32, 14, 14);
        h2 = Tensor.uniform(rng.child("h2"), -1f, 1f, BATCH, 64, 14, 14);
        g1 = Tensor.uniform(rng.child("g1"), -1f, 1f, BATCH, 32, 28, 28);
        pool1 = Kernels.maxPool2d(h1, 2, 2);
        flat = Tensor.uniform(rng.child("flat"), -1f, 1f, BATCH, 3136);
        dense1 = Tensor.uniform(rng.child("dense1"), -0.1f, 0.1f, 128, 3136);
        gDense1 = Tensor.uniform(rng.child("gd"), -1f, 1f, BATCH, 128);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    /** The whole step: forward, loss, backward, Adam update. */
    @Benchmark
    public void step() {
        adam.zeroGrad();
        Variable loss = Ops.crossEntropyWithLogits(net.forward(Variable.constant(x)), y, Reduction.MEAN);
        loss.backward();
        adam.step();
    }

    /** Forward pass recording the graph (what the step spends before backward). */
    @Benchmark
    public Variable forward() {
        return Ops.crossEntropyWithLogits(net.forward(Variable.constant(x)), y, Reduction.MEAN);
    }

    /** conv5x5 1 -> 32, pad 2, on 28 x 28, with bias. */
    @Benchmark
    public Tensor conv1Forward() {
        return Kernels.conv2d(x, w1, b1, 1, 2);
    }

    /** Weight gradient of conv1 (its input gradient is never needed: the input is data). */
    @Benchmark
    public Tensor conv1BackwardWeight() {
        return Kernels.conv2dBackwardWeight(x, g1, w1.shape(), 1, 2);
    }

    /** conv5x5 32 -> 64, pad 2, on 14 x 14, with bias. */
    @Benchmark
    public Tensor conv2Forward() {
        return Kernels.conv2d(p1, w2, b2, 1, 2);
    }

    @Benchmark
    public Tensor conv2BackwardInput() {
        return Kernels.conv2dBackwardInput(h2, w2, p1.shape(), 1, 2);
    }

    @Benchmark
    public Tensor conv2BackwardWeight() {
        return Kernels.conv2dBackwardWeight(p1, h2, w2.shape(), 1, 2);
    }

    /** 2 x 2 max pooling of the first conv's output [64, 32, 28, 28]. */
    @Benchmark
    public Kernels.PoolResult pool1Forward() {
        return Kernels.maxPool2d(h1, 2, 2);
    }

    /** Max-pool backward of pool1: scatter of the pooled gradient to the argmax positions. */
    @Benchmark
    public Tensor pool1Backward() {
        return Kernels.scatterAdd(pool1.output(), pool1.argmax(), h1.shape());
    }

    /** relu gradient on [64, 32, 28, 28]. */
    @Benchmark
    public Tensor relu1Backward() {
        return Kernels.reluBackward(g1, h1);
    }

    /** Dense 3136 -> 128: forward, weight gradient and input gradient. */
    @Benchmark
    public void dense1(Blackhole bh) {
        bh.consume(flat.matmul(dense1, false, true));
        bh.consume(gDense1.matmul(flat, true, false));
        bh.consume(gDense1.matmul(dense1, false, false));
    }
}

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
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Sgd;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Parallel;
import org.privet.core.tensor.Tensor;
import org.privet.dp.noise.NoiseRandom;
import org.privet.dp.sgd.ClippingMode;
import org.privet.dp.sgd.DpSgdStepper;

/**
 * DP-SGD step against the plain step on the small CNN ({@link Networks#smallCnn}: conv 5x5 1->32, pool, conv 5x5
 * 32->64, pool, dense 3136->128, dense 128->10; 455,306 parameters) at batch 64 on MNIST-shaped input, both with
 * plain SGD: the CNN half of the "DP-SGD step vs non-private step on the same MLP/CNN" ({@link DpSgdBench}
 * is the MLP half). A DP step is per-example clipping ({@link ClippingMode#GHOST}: for each convolution the cheaper
 * of the Gram-matrix norm and the materialised per-example gradient, ghost norms for the dense layers; then the
 * reweighted second pass), discrete Gaussian noise on the clipped sum (z = 1), division by the expected batch size,
 * SGD update. The batch is fixed at 64 rows (Poisson sampling itself is not timed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CnnDpSgdBench {
    private static final int BATCH = 64;

    @Param({"1", "2"})
    public int threads;

    private Sequential net;
    private Sgd sgd;
    private DpSgdStepper ghost;
    private Tensor x;
    private int[] y;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setup() {
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
        Rng rng = Rng.of(0);
        net = Networks.smallCnn(rng.child("init"), 1, 28, 28, 10);
        sgd = new Sgd(net.parameters(), 0.01f);
        ghost = new DpSgdStepper(net, new Sgd(net.parameters(), 0.01f), 1f, 1.0, BATCH, ClippingMode.GHOST, null,
                NoiseRandom.secure());
        x = Tensor.uniform(rng.child("x"), 0f, 1f, BATCH, 1, 28, 28);
        y = new int[BATCH];
        Rng ry = rng.child("y");
        for (int i = 0; i < y.length; i++) {
            y[i] = ry.nextInt(10);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    /** Plain step: forward, mean cross-entropy, backward, SGD update. */
    @Benchmark
    public void plainStep() {
        sgd.zeroGrad();
        Variable loss = Ops.crossEntropyWithLogits(net.forward(Variable.constant(x)), y, Reduction.MEAN);
        loss.backward();
        sgd.step();
    }

    /** DP step with ghost clipping (the cheaper norm per convolution). */
    @Benchmark
    public void dpStepGhost(Blackhole bh) {
        bh.consume(ghost.step(x, y));
    }
}

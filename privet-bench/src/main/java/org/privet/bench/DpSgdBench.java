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
import org.privet.dp.sgd.DiscreteGaussianNoise;
import org.privet.dp.sgd.DpSgdStepper;

/**
 * DP-SGD step against the plain step on the MLP 784-512-10 (ReLU, 407,050 parameters) at batch 256,
 * the shape of the PyTorch peer {@code privet-bench/peers/dpsgd_torch.py}. A DP step is: per-example
 * clipping (ghost norms + reweighted second pass, or materialised per-example gradients),
 * discrete Gaussian noise on the clipped sum (z = 1, keyed from {@code NoiseRandom.secure()}), division
 * by the expected batch size, SGD update. {@code noiseOnly} isolates the noise for 407,050 coordinates.
 * The batch is fixed at 256 rows (Poisson sampling itself is not timed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class DpSgdBench {
    private static final int BATCH = 256;

    @Param({"1", "2"})
    public int threads;

    private Sequential net;
    private Sgd sgd;
    private DpSgdStepper ghost;
    private DpSgdStepper materialised;
    private DiscreteGaussianNoise noise;
    private float[] noiseBuffer;
    private Tensor x;
    private int[] y;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setup() {
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
        Rng rng = Rng.of(0);
        net = Networks.mlp(rng.child("init"), 784, new int[] {512}, 10);
        sgd = new Sgd(net.parameters(), 0.01f);
        ghost = new DpSgdStepper(net, new Sgd(net.parameters(), 0.01f), 1f, 1.0, BATCH, ClippingMode.GHOST, null,
                NoiseRandom.secure());
        materialised = new DpSgdStepper(net, new Sgd(net.parameters(), 0.01f), 1f, 1.0, BATCH,
                ClippingMode.MATERIALISED, null, NoiseRandom.secure());
        noise = new DiscreteGaussianNoise(NoiseRandom.secure());
        noiseBuffer = new float[(int) ghost.dimension()];
        x = Tensor.uniform(rng.child("x"), 0f, 1f, BATCH, 784);
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

    /** DP step with ghost clipping. */
    @Benchmark
    public void dpStepGhost(Blackhole bh) {
        bh.consume(ghost.step(x, y));
    }

    /** DP step with materialised per-example gradients. */
    @Benchmark
    public void dpStepMaterialised(Blackhole bh) {
        bh.consume(materialised.step(x, y));
    }

    /** The noise alone: discrete Gaussian (block sampler) for 407,050 coordinates. */
    @Benchmark
    public void noiseOnly(Blackhole bh) {
        bh.consume(noise.addNoise(noiseBuffer, 1.0, 1.0));
    }
}

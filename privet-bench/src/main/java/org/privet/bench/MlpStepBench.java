package org.privet.bench;

import java.util.List;
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
import org.privet.core.nn.PerExampleGradients;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Sgd;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Parallel;
import org.privet.core.tensor.Tensor;

/**
 * One training step of an MLP 784-512-10 (ReLU) at batch 256 with plain SGD, the shape of the
 * PyTorch peer ({@code privet-bench/peers/mlp_torch.py}): forward, mean cross-entropy, backward,
 * update. Beside it: per-example gradient norms without materialising per-example gradients
 * (ghost norms) and the full clipped step (norms + clipped sum + update) that DP-SGD takes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MlpStepBench {
    @Param({"1", "2"})
    public int threads;

    private Sequential net;
    private Sgd sgd;
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
        x = Tensor.uniform(rng.child("x"), 0f, 1f, 256, 784);
        y = new int[256];
        Rng ry = rng.child("y");
        for (int i = 0; i < y.length; i++) {
            y[i] = ry.nextInt(10);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    /** Plain step: forward, loss, backward, SGD update. */
    @Benchmark
    public void plainStep() {
        sgd.zeroGrad();
        Variable loss = Ops.crossEntropyWithLogits(net.forward(Variable.constant(x)), y, Reduction.MEAN);
        loss.backward();
        sgd.step();
    }

    /** Per-example gradient norms (ghost norms), one batched forward and backward. */
    @Benchmark
    public void perExampleNorms(Blackhole bh) {
        bh.consume(PerExampleGradients.norms(net, x, y));
    }

    /** The DP-SGD step without noise: per-example norms, clipped gradient sum, update. */
    @Benchmark
    public void clippedStep() {
        PerExampleGradients.ClippedSum s = PerExampleGradients.clippedGradientSum(net, x, y, 1.0f);
        List<Tensor> g = s.gradientSum();
        for (Tensor t : g) {
            t.mulInPlace(1f / y.length);
        }
        sgd.step(g);
    }
}

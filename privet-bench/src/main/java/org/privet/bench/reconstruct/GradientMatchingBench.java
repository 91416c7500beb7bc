package org.privet.bench.reconstruct;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.attacks.reconstruct.AnalyticLinear;
import org.privet.attacks.reconstruct.FunctionalNetwork;
import org.privet.attacks.reconstruct.GradientMatching;
import org.privet.attacks.reconstruct.ObservedUpdate;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.nn.Sigmoid;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Cost of reconstruction on one 28x28 image (random pixels, label 3; cost does not depend on the content):
 * one Inverting Gradients iteration (cosine objective + TV, double backprop, signed Adam step) on an MLP
 * 784-64-10 with sigmoid and on cnn(conv 4, conv 8, dense 32), and one analytic first-layer recovery on the
 * MLP. The per-image time of an attack is the iteration time times its iterations (times restarts). The
 * PyTorch peer privet-bench/peers/reconstruct_torch.py runs the same iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class GradientMatchingBench {
    private static final int ITERS = 20;

    @Param({"mlp", "cnn"})
    public String model;

    private Sequential net;
    private FunctionalNetwork fn;
    private ObservedUpdate update;
    private GradientMatching.Options options;

    @Setup(Level.Trial)
    public void setup() {
        Rng rng = Rng.of(1);
        net = model.equals("mlp")
                ? new Sequential(new Flatten(), new Dense(784, 64, rng.child("l", 0)), new Sigmoid(),
                        new Dense(64, 10, rng.child("l", 1)))
                : Networks.cnn(rng, 1, 28, 28, 10, 4, 8, 32);
        fn = new FunctionalNetwork(net);
        Tensor x = Tensor.uniform(rng.child("x"), 0f, 1f, 1, 1, 28, 28);
        update = ObservedUpdate.gradient(fn.gradient(x, new int[] {3}), 1);
        options = GradientMatching.Options.invertingGradients().withIterations(ITERS);
    }

    /** Score: milliseconds per Inverting Gradients iteration. */
    @Benchmark
    @OperationsPerInvocation(ITERS)
    public Object invertingGradientsIteration() {
        return GradientMatching.attack(fn, update, new int[] {1, 28, 28}, null, options, Rng.of(2));
    }

    /** Score: milliseconds per analytic recovery (MLP only; the CNN has no Dense first layer). */
    @Benchmark
    public Object analyticRecovery() {
        if (!model.equals("mlp")) {
            return null;
        }
        return AnalyticLinear.recoverFirstLayerInput(net, update.tensors(), 1, 28, 28);
    }
}

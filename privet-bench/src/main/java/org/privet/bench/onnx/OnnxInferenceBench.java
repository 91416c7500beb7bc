package org.privet.bench.onnx;

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
import org.privet.core.model.io.ModelFileException;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Parallel;
import org.privet.core.tensor.Tensor;
import org.privet.onnx.OnnxClassifier;
import org.privet.onnx.OnnxExport;

/**
 * Inference (logits of one batch) of the same network in Privet's engine and, exported with
 * {@link OnnxExport}, in ONNX Runtime through {@link OnnxClassifier}, one thread each: what a
 * membership audit pays per target query. {@code mlp}: 784-512-10 (ReLU), batch 256, the shape of
 * the PyTorch peer {@code privet-bench/peers/infer_torch.py}; {@code cnn}: Privet's small CNN
 * (conv5x5 32, pool, conv5x5 64, pool, dense 128) on 1x28x28, batch 64. Also the cost of
 * exporting the MLP to ONNX bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class OnnxInferenceBench {
    @Param({"mlp", "cnn"})
    public String model;

    private NetworkClassifier net;
    private OnnxClassifier ort;
    private Tensor x;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setup() throws ModelFileException {
        savedThreads = Parallel.threads();
        Parallel.setThreads(1);
        Rng rng = Rng.of(0);
        int[] shape;
        int batch;
        if (model.equals("mlp")) {
            shape = new int[] {784};
            batch = 256;
            net = new NetworkClassifier(Networks.mlp(rng.child("init"), 784, new int[] {512}, 10), shape, 10);
        } else {
            shape = new int[] {1, 28, 28};
            batch = 64;
            net = new NetworkClassifier(Networks.smallCnn(rng.child("init"), 1, 28, 28, 10), shape, 10);
        }
        int[] xs = new int[shape.length + 1];
        xs[0] = batch;
        System.arraycopy(shape, 0, xs, 1, shape.length);
        x = Tensor.uniform(rng.child("x"), 0f, 1f, xs);
        ort = OnnxClassifier.load(OnnxExport.toBytes(net), java.nio.file.Path.of(model + ".onnx"), shape, 10,
                OnnxClassifier.Options.defaults().withOutputName(OnnxExport.LOGITS).withThreads(1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ort.close();
        Parallel.setThreads(savedThreads);
    }

    @Benchmark
    public Tensor privet() {
        return net.logits(x);
    }

    @Benchmark
    public Tensor onnxRuntime() {
        return ort.logits(x);
    }

    @Benchmark
    public byte[] export() {
        return OnnxExport.toBytes(net);
    }
}

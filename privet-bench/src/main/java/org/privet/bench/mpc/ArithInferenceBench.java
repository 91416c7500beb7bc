package org.privet.bench.mpc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.privet.mpc.MpcSession;
import org.privet.mpc.arith.FixedPoint;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.beaver.TrustedDealer;
import org.privet.mpc.inference.DenseLayer;
import org.privet.mpc.inference.InferenceOutput;
import org.privet.mpc.inference.MlpModel;
import org.privet.mpc.inference.PrivateInference;
import org.privet.mpc.net.InProcessNetwork;

/**
 * Latency of one two-party private inference query (model owner + data owner, two threads of one JVM,
 * trusted-dealer triples generated on demand and included) of an MLP 784-128-10 with random weights,
 * returning the label only. At the end of each trial the traffic of one query is printed (bytes each way,
 * rounds), from the parties' {@code TrafficCounters}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ArithInferenceBench {
    @Param({"1", "64"})
    public int rows;

    private MlpModel model;
    private double[][] x;
    private ExecutorService peer;
    private long queries;
    private long ownerBytes;
    private long dataBytes;
    private long rounds;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        int[] widths = {784, 128, 10};
        List<DenseLayer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            double[][] w = new double[widths[l + 1]][widths[l]];
            double sd = Math.sqrt(2.0 / widths[l]);
            for (double[] row : w) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = sd * r.nextGaussian();
                }
            }
            layers.add(new DenseLayer(w, new double[widths[l + 1]]));
        }
        model = new MlpModel(layers);
        x = new double[rows][784];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextDouble();
            }
        }
        peer = Executors.newSingleThreadExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        peer.shutdownNow();
        if (queries > 0) {
            System.out.println("MPC inference traffic per query (MLP 784-128-10, rows " + rows + ", LABEL): model owner"
                    + " sent " + ownerBytes / queries + " B, data owner sent " + dataBytes / queries + " B, rounds "
                    + rounds / queries);
        }
    }

    @Benchmark
    public int[] query() throws Exception {
        List<InProcessNetwork> nets = InProcessNetwork.create(2, 60_000);
        TrustedDealer dealer = TrustedDealer.create(2);
        MpcSession owner = new MpcSession(nets.get(0), dealer.sourceFor(0), FixedPoint.defaults(), Prg.secure());
        MpcSession data = new MpcSession(nets.get(1), dealer.sourceFor(1), FixedPoint.defaults(), Prg.secure());
        Future<?> serving = peer.submit(() -> PrivateInference.serve(owner, model, 1, InferenceOutput.LABEL));
        int[] labels = PrivateInference.query(data, 0, x).labels();
        serving.get();
        queries++;
        ownerBytes += owner.counters().bytesSent();
        dataBytes += data.counters().bytesSent();
        rounds += data.counters().rounds();
        return labels;
    }
}

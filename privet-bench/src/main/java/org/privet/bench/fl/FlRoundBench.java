package org.privet.bench.fl;

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
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.fl.FederatedSimulation;
import org.privet.fl.FlConfig;
import org.privet.fl.FlHistory;
import org.privet.fl.FlModel;
import org.privet.fl.LocalTraining;
import org.privet.fl.Partitions;
import org.privet.fl.aggregate.Aggregator;
import org.privet.fl.aggregate.CoordinateMedian;
import org.privet.fl.aggregate.Krum;
import org.privet.fl.aggregate.WeightedMean;

/**
 * One FedAvg round of 100 clients (all sampled), each with 50 synthetic 16x16 images, training an MLP
 * 256-64-10 (17,098 parameters) for one local epoch of batch 10 (5 SGD steps), then aggregation and
 * evaluation of the new global model on 1,000 test images. Time per round in ms; client-rounds per second
 * = 100 / (ms / 1000). {@code threads} is the size of the client thread pool. The simulation is built
 * before each invocation (not timed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class FlRoundBench {
    /** Clients per round. */
    public static final int CLIENTS = 100;

    @Param({"mean", "median", "krum"})
    public String aggregator;

    @Param({"1", "2"})
    public int threads;

    private Dataset train;
    private Dataset test;
    private int[][] parts;
    private FederatedSimulation sim;

    @Setup(Level.Trial)
    public void data() {
        Dataset all = SyntheticImages.generate(CLIENTS * 50 + 1000, 10, Rng.of(1));
        int[] tr = new int[CLIENTS * 50];
        int[] te = new int[1000];
        for (int i = 0; i < tr.length; i++) {
            tr[i] = i;
        }
        for (int i = 0; i < te.length; i++) {
            te[i] = tr.length + i;
        }
        train = all.subset(tr);
        test = all.subset(te);
        parts = Partitions.iid(train.size(), CLIENTS, Rng.of(2));
    }

    @Setup(Level.Invocation)
    public void simulation() {
        Aggregator agg = switch (aggregator) {
            case "median" -> new CoordinateMedian();
            case "krum" -> new Krum(10, 1);
            default -> new WeightedMean(true);
        };
        FlModel model = new FlModel(() -> Networks.mlp(Rng.of(3), 256, new int[] {64}, 10));
        FlConfig cfg = new FlConfig(1, CLIENTS, LocalTraining.fedAvg(1, 10, 0.1f), 1, 0, 0, threads, 4);
        sim = FederatedSimulation.builder().model(model).clients(train, parts).test(test).config(cfg).aggregator(agg)
                .build();
    }

    @Benchmark
    public FlHistory round() {
        return sim.run(null);
    }
}

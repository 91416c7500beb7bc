package org.privet.bench.serve;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.privet.serve.defence.OutputDefence;
import org.privet.serve.monitor.PradaMonitor;
import org.privet.serve.monitor.ShapiroWilk;

/**
 * The per-request costs privet serve adds to a prediction: output defences on one row of 100 class
 * probabilities (Purchase-100's width), the PRADA monitor on a batch of 32 queries of 600 features,
 * and one Shapiro-Wilk test of a 1000-distance window (cold: coefficients recomputed; warm: cached,
 * as in a monitor whose window is full). Noise draws from {@code SecureRandom} as in production.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ServeBench {
    private static final int CLASSES = 100;
    private static final int DIM = 600;
    private static final int BATCH = 32;

    private double[] probabilities;
    private double[] row;
    private OutputDefence laplace;
    private OutputDefence reverseSigmoid;
    private OutputDefence topKRound;
    private PradaMonitor monitor;
    private float[][] batches;
    private int[] labels;
    private int next;
    private double[] window;
    private double[] window1001;

    @Setup
    public void setup() {
        Random r = new Random(1);
        probabilities = new double[CLASSES];
        double s = 0;
        for (int j = 0; j < CLASSES; j++) {
            probabilities[j] = Math.exp(3 * r.nextGaussian());
            s += probabilities[j];
        }
        for (int j = 0; j < CLASSES; j++) {
            probabilities[j] /= s;
        }
        row = new double[CLASSES];
        laplace = OutputDefence.builder().laplace(1).build();
        reverseSigmoid = OutputDefence.builder().reverseSigmoid(0.5, 0.2).build();
        topKRound = OutputDefence.builder().topK(3).round(2).build();
        // a monitor that has already seen 3200 natural queries (binary rows, as in Purchase-like data)
        monitor = new PradaMonitor(DIM, PradaMonitor.Config.defaults());
        batches = new float[200][BATCH * DIM];
        labels = new int[BATCH];
        for (float[] b : batches) {
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextBoolean() ? 1f : 0f;
            }
        }
        for (int i = 0; i < BATCH; i++) {
            labels[i] = i % CLASSES;
        }
        for (int k = 0; k < 100; k++) {
            monitor.observe(batches[k], labels, BATCH);
        }
        next = 100;
        window = new double[1000];
        window1001 = new double[1001];
        for (int i = 0; i < window1001.length; i++) {
            window1001[i] = r.nextGaussian();
        }
        System.arraycopy(window1001, 0, window, 0, 1000);
    }

    @Benchmark
    public int defenceLaplaceRow() {
        System.arraycopy(probabilities, 0, row, 0, CLASSES);
        return laplace.apply(row);
    }

    @Benchmark
    public int defenceReverseSigmoidRow() {
        System.arraycopy(probabilities, 0, row, 0, CLASSES);
        return reverseSigmoid.apply(row);
    }

    @Benchmark
    public void defenceTopKRoundRow(Blackhole bh) {
        System.arraycopy(probabilities, 0, row, 0, CLASSES);
        bh.consume(topKRound.apply(row));
        int[] top = new int[3];
        OutputDefence.topK(row, 3, top);
        bh.consume(top);
    }

    @Benchmark
    public PradaMonitor.Status pradaBatch32() {
        float[] b = batches[next];
        next = next + 1 == batches.length ? 100 : next + 1;
        return monitor.observe(b, labels, BATCH);
    }

    @Benchmark
    public double shapiroWilkWarm() {
        return ShapiroWilk.test(window).w();
    }

    @Benchmark
    public double shapiroWilkCold(Blackhole bh) {
        // alternating sizes defeat the one-entry coefficient cache
        bh.consume(ShapiroWilk.test(window1001).w());
        return ShapiroWilk.test(window).w();
    }
}

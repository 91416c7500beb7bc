package org.privet.bench.dp;

import java.util.SplittableRandom;
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
import org.privet.dp.aggregate.BoundedMean;
import org.privet.dp.aggregate.BoundedQuantiles;
import org.privet.dp.aggregate.BoundedSum;
import org.privet.dp.aggregate.Histogram;

/**
 * In-memory aggregate throughput: one op = build the aggregate, add 10^6 values (uniform on [0, 1000), clamped to
 * [0, 500]), release (the quantile op releases the three quartiles of one tree). Divide 10^6 by the time for rows
 * per second. Epsilon 1, secure noise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class AggregateBench {
    private static final int ROWS = 1_000_000;
    private double[] values;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        values = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            values[i] = r.nextDouble() * 1000;
        }
    }

    @Benchmark
    public double boundedSum() {
        BoundedSum s = BoundedSum.builder().epsilon(1).lower(0).upper(500).build();
        for (double v : values) {
            s.addEntry(v);
        }
        return s.computeResult();
    }

    @Benchmark
    public double boundedMean() {
        BoundedMean m = BoundedMean.builder().epsilon(1).lower(0).upper(500).build();
        for (double v : values) {
            m.addEntry(v);
        }
        return m.computeResult();
    }

    @Benchmark
    public double[] quantiles() {
        BoundedQuantiles q = BoundedQuantiles.builder().epsilon(1).lower(0).upper(500).build();
        for (double v : values) {
            q.addEntry(v);
        }
        return q.computeResults(0.25, 0.5, 0.75);
    }

    @Benchmark
    public double[] histogram() {
        Histogram h = Histogram.builder().epsilon(1).lower(0).upper(500).bins(100).build();
        for (double v : values) {
            h.addEntry(v);
        }
        return h.computeResult();
    }
}

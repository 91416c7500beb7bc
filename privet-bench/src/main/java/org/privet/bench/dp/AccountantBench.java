package org.privet.bench.dp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.dp.accounting.PldAccountant;
import org.privet.dp.accounting.RdpAccountant;

/**
 * Time to account 10^5 DP-SGD steps (sigma 1.1, q 0.01) and convert to epsilon at delta 1e-5: with the RDP
 * accountant (closed form per order, steps merged into one entry) and with the PLD accountant (FFT self-composition
 * by repeated squaring), and RDP with the steps recorded one at a time (the per-step bookkeeping of a training loop).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AccountantBench {
    @Param({"100000"})
    public long steps;

    @Benchmark
    public double rdp() {
        RdpAccountant a = new RdpAccountant();
        a.steps(1.1, 0.01, steps);
        return a.epsilon(1e-5).epsilon();
    }

    @Benchmark
    public double rdpStepByStep() {
        RdpAccountant a = new RdpAccountant();
        for (long i = 0; i < steps; i++) {
            a.steps(1.1, 0.01, 1);
        }
        return a.epsilon(1e-5).epsilon();
    }

    @Benchmark
    public double pld() {
        PldAccountant a = new PldAccountant();
        a.steps(1.1, 0.01, steps);
        return a.epsilon(1e-5);
    }
}

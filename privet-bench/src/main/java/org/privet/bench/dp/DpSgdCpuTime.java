package org.privet.bench.dp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.openjdk.jmh.infra.Blackhole;
import org.privet.bench.DpSgdBench;

/**
 * {@code DpSgdBench}'s plain step, ghost DP step and noise, timed in <b>thread CPU time</b> on one thread (minimum
 * and median of N calls after N warm-up calls, the three operations interleaved call by call): on a shared machine
 * wall-clock JMH figures swing by +-100% while CPU time only suffers from the sibling hyperthread. Each round also
 * prints the DP / plain ratio of the median <b>wall-clock</b> times of the same interleaved calls, which, unlike JMH's
 * separate forks, both see the same state of the machine. Not a JMH benchmark; for A/B comparisons in one window.
 * Usage: {@code java --add-modules jdk.incubator.vector -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp
 * privet-bench/target/benchmarks.jar org.privet.bench.dp.DpSgdCpuTime [calls=60] [rounds=3]}.
 */
public final class DpSgdCpuTime {
    private DpSgdCpuTime() {
    }

    /** Prints one line per round: min and median milliseconds of each operation, and the DP/plain ratios. */
    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        DpSgdBench b = new DpSgdBench();
        b.threads = 1;
        b.setup();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            for (int round = 0; round <= rounds; round++) {
                double[][] t = new double[3][calls];
                double[][] wall = new double[3][calls];
                for (int c = 0; c < calls; c++) {
                    for (int op = 0; op < 3; op++) {
                        long w0 = System.nanoTime();
                        long t0 = mx.getCurrentThreadCpuTime();
                        switch (op) {
                            case 0 -> b.plainStep();
                            case 1 -> b.dpStepGhost(bh);
                            default -> b.noiseOnly(bh);
                        }
                        t[op][c] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
                        wall[op][c] = (System.nanoTime() - w0) / 1e6;
                    }
                }
                if (round == 0) {
                    continue; // warm-up
                }
                for (int op = 0; op < 3; op++) {
                    Arrays.sort(t[op]);
                    Arrays.sort(wall[op]);
                }
                System.out.printf("round %d: plainStep min %.2f med %.2f | dpStepGhost min %.2f med %.2f | noiseOnly min "
                        + "%.2f med %.2f | ratio (median) %.2fx | wall-clock ratio (median) %.2fx%n", round, t[0][0],
                        t[0][calls / 2], t[1][0], t[1][calls / 2], t[2][0], t[2][calls / 2],
                        t[1][calls / 2] / t[0][calls / 2], wall[1][calls / 2] / wall[0][calls / 2]);
            }
        } finally {
            b.tearDown();
        }
    }
}

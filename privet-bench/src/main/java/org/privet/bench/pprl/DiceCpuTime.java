package org.privet.bench.pprl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * DiceBench's three single-thread measurements timed by the thread's CPU time instead of wall time, for a
 * machine shared with other work (time spent waiting for a core is not counted; cache interference still
 * is). Pairs with the {@code kernel-cpu} line of {@code peers/anonlink_dice.py}:
 * {@code java -cp privet-bench/target/benchmarks.jar org.privet.bench.pprl.DiceCpuTime [na nb threshold runs]}.
 * Prints, for each of search, naiveKernel and popcountCeiling, the best and median comparisons per CPU-second over
 * {@code runs} runs after as many warm-up runs.
 */
public final class DiceCpuTime {
    private DiceCpuTime() {
    }

    public static void main(String[] args) {
        DiceBench bench = new DiceBench();
        bench.na = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        bench.nb = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        bench.threshold = args.length > 2 ? Double.parseDouble(args[2]) : 0.8;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        bench.threads = 1;
        bench.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double cmp = (double) bench.na * bench.nb;
        for (String what : new String[] {"search", "naiveKernel", "popcountCeiling"}) {
            double[] secs = new double[runs];
            long sink = 0;
            for (int r = -runs; r < runs; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                sink += switch (what) {
                    case "search" -> bench.search();
                    case "naiveKernel" -> bench.naiveKernel();
                    default -> bench.popcountCeiling();
                };
                long c1 = mx.getCurrentThreadCpuTime();
                if (r >= 0) {
                    secs[r] = (c1 - c0) / 1e9;
                }
            }
            Arrays.sort(secs);
            System.out.printf(Locale.ROOT, "privet %s-cpu %d %d %s best %.4f s %.4e cmp/s, median %.4f s %.4e cmp/s"
                    + " (sink %d)%n", what, bench.na, bench.nb, bench.threshold, secs[0], cmp / secs[0],
                    secs[runs / 2], cmp / secs[runs / 2], sink % 10);
        }
    }
}

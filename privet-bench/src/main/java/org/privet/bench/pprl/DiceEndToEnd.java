package org.privet.bench.pprl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.eval.BlockingQuality;
import org.privet.pprl.eval.LinkageQuality;
import org.privet.pprl.eval.Pair;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.Linker;
import org.privet.pprl.link.Match;

/**
 * End-to-end linkage time of N x N records with Hamming-LSH blocking (a manual run, not JMH):
 * {@code java -Xms8g -Xmx8g -cp privet-bench/target/benchmarks.jar org.privet.bench.pprl.DiceEndToEnd
 * [N] [threads] [overlap] [bits=..,tables=..]}.
 *
 * <p>Realistic-ish 1024-bit CLKs: each base record sets each bit with its own probability drawn from
 * [0.25, 0.45] (records of different field lengths fill their filters differently); a fraction
 * {@code overlap} (default 0.5) of B are noisy copies of A records (each bit flipped with probability 0.03,
 * like a typo or two), the rest of B are unrelated records. Prints the times of blocking + search + solving,
 * the comparisons made, and precision/recall against the planted truth and the blocking's pairs completeness.
 */
public final class DiceEndToEnd {
    private DiceEndToEnd() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        double overlap = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
        HammingLsh lsh = args.length > 3 ? HammingLsh.parse(args[3]) : HammingLsh.defaults();
        long t0 = System.nanoTime();
        SplittableRandom r = new SplittableRandom(20261128);
        long[] wa = new long[n * 16];
        long[] wb = new long[n * 16];
        List<String> ia = new ArrayList<>(n);
        List<String> ib = new ArrayList<>(n);
        List<Pair> truth = new ArrayList<>();
        int copies = (int) (n * overlap);
        for (int i = 0; i < n; i++) {
            ia.add("a" + i);
            ib.add("b" + i);
            fill(wa, i, 0.25 + 0.2 * r.nextDouble(), r);
        }
        for (int j = 0; j < n; j++) {
            if (j < copies) {
                int i = (int) ((j * 2654435761L) % n); // a scattered A record
                for (int k = 0; k < 16; k++) {
                    long flips = 0;
                    for (int bit = 0; bit < 64; bit++) {
                        if (r.nextDouble() < 0.03) {
                            flips |= 1L << bit;
                        }
                    }
                    wb[j * 16 + k] = wa[i * 16 + k] ^ flips;
                }
                truth.add(new Pair("a" + i, "b" + j));
            } else {
                fill(wb, j, 0.25 + 0.2 * r.nextDouble(), r);
            }
        }
        ClkSet a = new ClkSet(ia, 1024, wa);
        ClkSet b = new ClkSet(ib, 1024, wb);
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "generated %d x %d CLKs (%d planted matches) in %.1f s; threads %d; %s%n",
                n, n, copies, (t1 - t0) / 1e9, threads, lsh.describe());
        LinkOptions o = LinkOptions.builder().threshold(0.8).blocking(lsh).threads(threads).build();
        long cpu0 = processCpuNanos();
        Linker.LinkResult res = Linker.run(a, b, o);
        long t2 = System.nanoTime();
        double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
        double secs = (t2 - t1) / 1e9;
        List<Pair> got = new ArrayList<>(res.matches().size());
        for (Match m : res.matches()) {
            got.add(new Pair(m.idA(), m.idB()));
        }
        LinkageQuality q = LinkageQuality.of(got, truth);
        System.out.printf(Locale.ROOT, "linked in %.2f s wall, %.2f s CPU of the process (blocking + search + "
                + "greedy solve): %d comparisons (%.2e of all pairs), %d candidates, %d matches; precision %.4f "
                + "recall %.4f F1 %.4f%n", secs, cpuSecs, res.comparisons(), res.comparisons() / ((double) n * n), res.candidates(),
                res.matches().size(), q.precision(), q.recall(), q.f1());
        long t3 = System.nanoTime();
        BlockKeys ka = lsh.keys(a);
        BlockKeys kb = lsh.keys(b);
        long t4 = System.nanoTime();
        System.out.printf(Locale.ROOT, "(of which LSH keys of both sets, one thread: about %.2f s wall)%n",
                (t4 - t3) / 1e9);
        BlockingQuality bq = BlockingQuality.of(ia, ka, ib, kb, truth);
        System.out.printf(Locale.ROOT, "blocking: pairs completeness %.4f, reduction ratio %.8f%n",
                bq.pairsCompleteness(), bq.reductionRatio());
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static void fill(long[] w, int i, double density, SplittableRandom r) {
        for (int k = 0; k < 16; k++) {
            long x = 0;
            for (int bit = 0; bit < 64; bit++) {
                if (r.nextDouble() < density) {
                    x |= 1L << bit;
                }
            }
            w[i * 16 + k] = x;
        }
    }
}

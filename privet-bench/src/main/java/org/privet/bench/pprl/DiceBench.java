package org.privet.bench.pprl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.CandidateSearch;
import org.privet.pprl.link.LinkOptions;

/**
 * Dice comparisons per second for 1024-bit CLKs, the figure anonlink reports: A has {@code na} random CLKs
 * (bits set with probability 1/2, as in anonlink's benchmark), B has {@code nb} random CLKs whose first
 * {@code na / 10} are noisy copies of A rows (3% of bits flipped), so that some pairs pass the threshold.
 * Same shape as {@code peers/anonlink_dice.py}.
 *
 * <ul>
 *   <li>{@link #search}: the full candidate search at {@code threshold} ({@link CandidateSearch}), sorted
 *       output included, on {@code threads} threads;</li>
 *   <li>{@link #naiveKernel}: the naive method in Java: AND + popcount of all 16 words of every pair, summed
 *       (no threshold test, no pruning), one thread;</li>
 *   <li>{@link #popcountCeiling}: the machine's popcount ceiling: a pure popcount loop (four independent
 *       sums) over B's words, {@code na} times, i.e. 16 popcounts per comparison as a full kernel needs, with
 *       half the loads and no AND; one thread. The search can pass it because it skips half the words of
 *       most pairs (an exact bound), not because it counts faster.</li>
 * </ul>
 * Average time per operation; comparisons per second = {@code na * nb / time} ({@code run-dice.sh}
 * converts).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class DiceBench {
    @Param({"2000"})
    public int na;

    @Param({"20000"})
    public int nb;

    @Param({"0.8"})
    public double threshold;

    @Param({"1"})
    public int threads;

    private ClkSet a;
    private ClkSet b;
    private LinkOptions options;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom r = new SplittableRandom(20261128);
        int w = 16;
        long[] wa = new long[na * w];
        long[] wb = new long[nb * w];
        for (int k = 0; k < wa.length; k++) {
            wa[k] = r.nextLong();
        }
        for (int k = 0; k < wb.length; k++) {
            wb[k] = r.nextLong();
        }
        for (int i = 0; i < na / 10; i++) {
            for (int k = 0; k < w; k++) {
                long flips = 0;
                for (int bit = 0; bit < 64; bit++) {
                    if (r.nextDouble() < 0.03) {
                        flips |= 1L << bit;
                    }
                }
                wb[i * w + k] = wa[i * w + k] ^ flips;
            }
        }
        a = new ClkSet(ids("a", na), 1024, wa);
        b = new ClkSet(ids("b", nb), 1024, wb);
        options = LinkOptions.builder().threshold(threshold).threads(threads).oneToOne(false).build();
    }

    private static List<String> ids(String p, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(p + i);
        }
        return out;
    }

    @Benchmark
    public int search() {
        return CandidateSearch.search(a, b, options).pairs().size();
    }

    @Benchmark
    public long naiveKernel() {
        long[] x = a.words();
        long[] y = b.words();
        long sum = 0;
        for (int i = 0; i < na; i++) {
            int o = i * 16;
            long a0 = x[o], a1 = x[o + 1], a2 = x[o + 2], a3 = x[o + 3], a4 = x[o + 4], a5 = x[o + 5];
            long a6 = x[o + 6], a7 = x[o + 7], a8 = x[o + 8], a9 = x[o + 9], a10 = x[o + 10], a11 = x[o + 11];
            long a12 = x[o + 12], a13 = x[o + 13], a14 = x[o + 14], a15 = x[o + 15];
            for (int j = 0, q = 0; j < nb; j++, q += 16) {
                sum += Long.bitCount(a0 & y[q]) + Long.bitCount(a1 & y[q + 1]) + Long.bitCount(a2 & y[q + 2])
                        + Long.bitCount(a3 & y[q + 3]) + Long.bitCount(a4 & y[q + 4]) + Long.bitCount(a5 & y[q + 5])
                        + Long.bitCount(a6 & y[q + 6]) + Long.bitCount(a7 & y[q + 7]) + Long.bitCount(a8 & y[q + 8])
                        + Long.bitCount(a9 & y[q + 9]) + Long.bitCount(a10 & y[q + 10])
                        + Long.bitCount(a11 & y[q + 11]) + Long.bitCount(a12 & y[q + 12])
                        + Long.bitCount(a13 & y[q + 13]) + Long.bitCount(a14 & y[q + 14])
                        + Long.bitCount(a15 & y[q + 15]);
            }
        }
        return sum;
    }

    @Benchmark
    public long popcountCeiling() {
        long[] y = b.words();
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        int len = nb * 16;
        for (int i = 0; i < na; i++) {
            for (int q = 0; q < len; q += 4) {
                s0 += Long.bitCount(y[q]);
                s1 += Long.bitCount(y[q + 1]);
                s2 += Long.bitCount(y[q + 2]);
                s3 += Long.bitCount(y[q + 3]);
            }
        }
        return s0 + s1 + s2 + s3;
    }
}

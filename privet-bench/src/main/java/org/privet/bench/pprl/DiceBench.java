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
 *   <li>{@link #popcountCeiling}: the machine's ceiling for the naive method: AND + popcount of all 16 words
 *       of every pair, summed (no threshold test, no pruning), one thread.</li>
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
    public long popcountCeiling() {
        long[] x = a.words();
        long[] y = b.words();
        long sum = 0;
        for (int i = 0; i < na; i++) {
            int o = i * 16;
            for (int j = 0; j < nb; j++) {
                int q = j * 16;
                int c = 0;
                for (int k = 0; k < 16; k++) {
                    c += Long.bitCount(x[o + k] & y[q + k]);
                }
                sum += c;
            }
        }
        return sum;
    }
}

package org.privet.bench.he;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import org.privet.he.ring.Modulus;
import org.privet.he.ring.Primes;

/**
 * Thread CPU time of one forward and one inverse negacyclic NTT ({@link Modulus}) of length {@code 2^logN}
 * over one prime of {@code bits} bits, for A/B comparisons of the NTT kernels on a shared machine. Prints
 * eight rounds of 2000 transforms each (the first rounds include JIT warm-up); read the last rounds.
 *
 * <pre>java --add-modules jdk.incubator.vector [-Dprivet.he.vector=false] \
 *   -cp privet-bench/target/benchmarks.jar org.privet.bench.he.NttCpuTime 14 50</pre>
 */
public final class NttCpuTime {
    private NttCpuTime() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: NttCpuTime <logN 4..16> <prime bits 20..61>");
            System.exit(2);
        }
        int logN = Integer.parseInt(args[0]);
        int n = 1 << logN;
        Modulus m = new Modulus(Primes.ntt(logN, new int[] {Integer.parseInt(args[1])})[0], n);
        long[] x = new long[n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            x[i] = r.nextLong(m.value());
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 8; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < 2000; k++) {
                m.forward(x);
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < 2000; k++) {
                m.inverse(x);
            }
            long t2 = mx.getCurrentThreadCpuTime();
            System.out.printf("N=2^%d vector=%s: forward %.1f us, inverse %.1f us (CPU)%n", logN,
                    System.getProperty("privet.he.vector", "default"), (t1 - t0) / 2000e3, (t2 - t1) / 2000e3);
        }
    }
}

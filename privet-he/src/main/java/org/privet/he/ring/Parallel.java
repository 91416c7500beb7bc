package org.privet.he.ring;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Parallelism over RNS limbs (the NTTs and products of different primes are independent). The default is
 * one thread: results never depend on the setting (every limb is computed by the same code), only speed
 * does. With {@code threads > 1} a dedicated fork-join pool of that size runs the limbs of one operation
 * concurrently; it pays on an idle multi-core machine, from N = 2^13 up.
 *
 * <p>Thread safe: the setting is global and may be changed at any time (operations in flight keep the pool
 * they started with).
 */
public final class Parallel {
    private static volatile ForkJoinPool pool;
    private static volatile int threads = 1;

    private Parallel() {
    }

    /**
     * Sets the number of threads for limb-parallel operations.
     *
     * @param n {@code >= 1}; 1 runs everything on the calling thread
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1. Provided value: " + n);
        }
        if (n == threads) {
            return;
        }
        ForkJoinPool old = pool;
        pool = n == 1 ? null : new ForkJoinPool(n);
        threads = n;
        if (old != null) {
            old.shutdown();
        }
    }

    /** The current number of threads. */
    public static int threads() {
        return threads;
    }

    /** Runs {@code body(i)} for {@code i in [0, count)}, in parallel when more than one thread is set. */
    public static void forEach(int count, IntConsumer body) {
        ForkJoinPool p = pool;
        if (p == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        p.submit(() -> IntStream.range(0, count).parallel().forEach(body)).join();
    }
}

package org.privet.core.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Thread control for the compute kernels: how many threads a kernel may use, and the shared
 * pool that runs their parallel parts.
 *
 * <p>{@link #threads()} is a process-wide setting (default {@link Runtime#availableProcessors()}).
 * A kernel splits its work into independent items and calls {@link #forEach(int, long, IntConsumer)}.
 * The calling thread always takes part: it and up to {@code threads() - 1} helpers from a shared
 * daemon {@link ForkJoinPool} claim items from a common counter until none is left, so a call
 * completes even when every pool worker is busy elsewhere (no helper is ever waited for unless
 * it has claimed an item). Work below {@link #MIN_PARALLEL_WORK} runs on the calling thread.
 *
 * <p>Nested parallelism runs inline: a kernel called from inside a parallel region (for example
 * a matrix product inside a batch-parallel convolution, or from a pool worker) does not fork
 * again. Many threads may call kernels at once (e.g. shadow models trained in parallel); they
 * share the pool and cannot deadlock on it.
 *
 * <p>How work is split never depends on which thread runs an item, so kernels that partition
 * their work independently of {@link #threads()} return bit-identical results for any thread
 * count. Thread safe.
 */
public final class Parallel {
    /**
     * Estimated work (roughly floating-point operations) below which {@link #forEach} runs on the
     * calling thread: forking costs tens of microseconds, about this much arithmetic.
     */
    public static final long MIN_PARALLEL_WORK = 1L << 19;

    /** Upper bound accepted by {@link #setThreads(int)}. */
    public static final int MAX_THREADS = 1024;

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool;
    private static final Object POOL_LOCK = new Object();
    private static final ThreadLocal<boolean[]> IN_REGION = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {
    }

    /** Number of threads kernels may use (the caller included); at least 1. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads kernels may use, the calling thread included. 1 makes every
     * kernel single-threaded. Takes effect for kernel calls that start afterwards.
     *
     * @param n in [1, {@value #MAX_THREADS}]
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public static void setThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "]. Provided value: " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code body} on the calling thread with every kernel it calls running inline (no nested
     * kernel parallelism). For callers that parallelise at a coarser grain, such as training several
     * reference models at once: one model per core beats every model fighting for all cores.
     * Results do not depend on it (kernels are deterministic for any thread count).
     */
    public static void sequential(Runnable body) {
        boolean[] flag = IN_REGION.get();
        boolean old = flag[0];
        flag[0] = true;
        try {
            body.run();
        } finally {
            flag[0] = old;
        }
    }

    /**
     * True when a call from this thread would run inline: the thread is inside a parallel region
     * or is a worker of the kernel pool.
     */
    public static boolean inParallelRegion() {
        if (IN_REGION.get()[0]) {
            return true;
        }
        Thread t = Thread.currentThread();
        return t instanceof ForkJoinWorkerThread && ((ForkJoinWorkerThread) t).getPool() == pool;
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in [0, count), possibly in parallel, and
     * returns when all have completed. Items must be independent (disjoint writes). Runs inline
     * when {@code count <= 1}, {@code threads() == 1}, {@code totalWork < MIN_PARALLEL_WORK} or the
     * caller is already inside a parallel region. If an item throws, the remaining unclaimed items
     * are skipped and the first exception is rethrown to the caller (unchecked exceptions as they
     * are, errors as they are).
     *
     * @param count number of items, &gt;= 0
     * @param totalWork estimated total work of all items (any unit comparable with
     *     {@link #MIN_PARALLEL_WORK}, roughly floating-point operations)
     * @param body the work of one item
     */
    public static void forEach(int count, long totalWork, IntConsumer body) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0. Provided value: " + count);
        }
        int t = threads;
        if (count <= 1 || t == 1 || totalWork < MIN_PARALLEL_WORK || inParallelRegion()) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        runParallel(count, Math.min(t, count), body);
    }

    private static void runParallel(int count, int workers, IntConsumer body) {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            boolean[] flag = IN_REGION.get();
            boolean was = flag[0];
            flag[0] = true;
            try {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    try {
                        if (failure.get() == null) {
                            body.accept(i);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }
            } finally {
                flag[0] = was;
            }
        };
        ForkJoinPool p = pool(workers);
        for (int h = 1; h < workers; h++) {
            p.execute(worker);
        }
        worker.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        if (e != null) {
            throw new IllegalStateException("parallel kernel item failed", e);
        }
    }

    /** The shared pool, grown (replaced) when more workers are asked for than it has. */
    private static ForkJoinPool pool(int workers) {
        ForkJoinPool p = pool;
        if (p != null && p.getParallelism() >= workers - 1) {
            return p;
        }
        synchronized (POOL_LOCK) {
            p = pool;
            if (p == null || p.getParallelism() < workers - 1) {
                int size = Math.max(workers - 1, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
                ForkJoinPool fresh = new ForkJoinPool(size, Parallel::newWorker, null, false);
                ForkJoinPool old = p;
                pool = fresh;
                if (old != null) {
                    old.shutdown();
                }
                p = fresh;
            }
            return p;
        }
    }

    private static ForkJoinWorkerThread newWorker(ForkJoinPool p) {
        ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
        w.setName("privet-kernel-" + w.getPoolIndex());
        w.setDaemon(true);
        return w;
    }
}

package org.privet.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thread control: validation, every item exactly once, nesting, concurrent callers, failures. */
class ParallelTest {
    private static final int SAVED = Parallel.threads();
    private static final long BIG = Parallel.MIN_PARALLEL_WORK * 100;

    @AfterEach
    void restore() {
        Parallel.setThreads(SAVED);
    }

    @Test
    void validatesThreadCount() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be in [1, 1024]. Provided value: 0");
        assertThatThrownBy(() -> Parallel.setThreads(1025)).isInstanceOf(IllegalArgumentException.class);
        Parallel.setThreads(3);
        assertThat(Parallel.threads()).isEqualTo(3);
        assertThatThrownBy(() -> Parallel.forEach(-1, 0, i -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    @Timeout(60) // a deadlock guard, not a speed check
    void runsEveryItemExactlyOnceIncludingNested() {
        Parallel.setThreads(4);
        int outer = 37;
        int inner = 11;
        AtomicIntegerArray hits = new AtomicIntegerArray(outer * inner);
        boolean[] nestedInline = new boolean[outer];
        Parallel.forEach(outer, BIG, i -> {
            nestedInline[i] = Parallel.inParallelRegion();
            Parallel.forEach(inner, BIG, j -> hits.incrementAndGet(i * inner + j));
        });
        for (int i = 0; i < hits.length(); i++) {
            assertThat(hits.get(i)).as("item %d", i).isEqualTo(1);
        }
        assertThat(nestedInline).containsOnly(true);
        assertThat(Parallel.inParallelRegion()).isFalse();
    }

    @Test
    void smallWorkRunsOnTheCallingThread() {
        Parallel.setThreads(4);
        Thread caller = Thread.currentThread();
        boolean[] same = new boolean[8];
        Parallel.forEach(8, Parallel.MIN_PARALLEL_WORK - 1, i -> same[i] = Thread.currentThread() == caller);
        assertThat(same).containsOnly(true);
    }

    @Test
    void rethrowsTheFirstFailure() {
        Parallel.setThreads(2);
        assertThatThrownBy(() -> Parallel.forEach(16, BIG, i -> {
            if (i == 5) {
                throw new IllegalStateException("item 5 failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("item 5 failed");
        assertThat(Parallel.inParallelRegion()).isFalse();
    }

    @Test
    @Timeout(120) // a deadlock guard, not a speed check
    void concurrentCallersShareThePoolWithoutDeadlock() throws Exception {
        Parallel.setThreads(2);
        int callers = 6;
        int m = 97, n = 301, k = 150;
        Random r = new Random(9);
        float[] a = Reference.randomArray(r, m * k);
        float[] b = Reference.randomArray(r, k * n);
        float[] expected = new float[m * n];
        Kernels.sgemm(false, false, m, n, k, a, b, expected);
        ExecutorService ex = Executors.newFixedThreadPool(callers);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                results.add(ex.submit(() -> {
                    float[] c = null;
                    for (int rep = 0; rep < 5; rep++) {
                        c = new float[m * n];
                        Kernels.sgemm(false, false, m, n, k, a, b, c);
                    }
                    return c;
                }));
            }
            for (Future<float[]> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            ex.shutdown();
            assertThat(ex.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}

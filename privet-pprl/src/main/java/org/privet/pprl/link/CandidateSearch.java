package org.privet.pprl.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.privet.pprl.block.BlockIndex;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.clk.ClkSet;

/**
 * Finds every pair {@code (i, j)} of records of two sets with {@code Dice(a_i, b_j) >= threshold} (and, with
 * top-k, only the {@code k} best {@code j} of each {@code i}), exactly: the result equals a brute-force scan
 * that scores every pair, only faster.
 *
 * <p>How: popcounts are computed once; without blocking the second set is sorted by popcount so that each
 * record scans only the popcount window allowed by the bound {@code Dice <= 2 min(|a|,|b|) / (|a|+|b|)};
 * the threshold test compares the intersection popcount with a precomputed integer table (no division);
 * the second set is scanned in tiles of 1024 records that stay in cache while a chunk of 64 rows passes
 * over them; after the first half of the words a pair is dropped when {@code c_half + min(|a_hi|, |b_hi|)} (the most
 * the second half could add) cannot reach the table value; rows of the first set are split over threads.
 * With blocking, each record is compared once with every distinct record sharing at least one key.
 *
 * <p>Memory: without blocking, a popcount-sorted copy of the second set's words (plus three int arrays per
 * set); with blocking, the keys and an index of the second set's keys. Stateless; thread safe. The sets must
 * have the same bit length.
 */
public final class CandidateSearch {
    private static final int CHUNK_ROWS = 64;
    private static final int TILE = 1024;

    private CandidateSearch() {
    }

    /**
     * Candidates and counts of a search.
     *
     * @param pairs       the candidate pairs, sorted by {@link CandidatePairs#sortByScore()}
     * @param comparisons pairs considered: {@code |A| * |B|} without blocking, the number of distinct pairs
     *                    sharing a block with blocking (pairs pruned by the popcount bounds count as
     *                    considered: they were decided)
     */
    public record Result(CandidatePairs pairs, long comparisons) {
    }

    /** Runs the search with {@code options}' threshold, top-k, blocking, threads and progress. */
    public static Result search(ClkSet a, ClkSet b, LinkOptions options) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(options, "options");
        if (a.bits() != b.bits()) {
            throw new IllegalArgumentException("the two sets must have the same bit length: " + a.bits()
                    + " != " + b.bits());
        }
        BlockKeys ka = options.keysA();
        BlockKeys kb = options.keysB();
        if (options.blocking() != null) {
            BlockKeys[] keys = blockingKeys(a, b, options);
            ka = keys[0];
            kb = keys[1];
        }
        if (ka != null && (ka.size() != a.size() || kb.size() != b.size())) {
            throw new IllegalArgumentException("block keys cover " + ka.size() + " and " + kb.size()
                    + " records, the sets have " + a.size() + " and " + b.size());
        }
        Job job = ka == null ? new AllPairs(a, b, options) : new Blocked(a, b, ka, kb, options);
        return job.run(options);
    }

    /** Keys of both sets; computed concurrently when the options allow two threads. */
    private static BlockKeys[] blockingKeys(ClkSet a, ClkSet b, LinkOptions options) {
        LinkProgress progress = options.progress();
        progress.update("blocking", 0, 2);
        BlockKeys[] keys = new BlockKeys[2];
        if (options.threads() < 2) {
            keys[0] = options.blocking().keys(a);
            progress.update("blocking", 1, 2);
            keys[1] = options.blocking().keys(b);
        } else {
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "privet-blocking");
                th.setDaemon(true);
                return th;
            });
            try {
                Future<BlockKeys> fb = pool.submit(() -> options.blocking().keys(b));
                keys[0] = options.blocking().keys(a);
                progress.update("blocking", 1, 2);
                keys[1] = fb.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("blocking interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        progress.update("blocking", 2, 2);
        return keys;
    }

    /** A search split into chunks of rows of the first set. */
    private abstract static class Job {
        final ClkSet a;
        final int w;
        final int half;
        final int[] need;
        final int[] pA;
        final int[] pAHi;
        final double threshold;
        final int topK;
        final AtomicLong comparisons = new AtomicLong();

        Job(ClkSet a, ClkSet b, LinkOptions o) {
            this.a = a;
            this.w = a.wordsPerRecord();
            this.half = w / 2;
            this.threshold = o.threshold();
            this.topK = o.topK();
            this.need = Dice.minIntersection(o.threshold(), a.bits());
            this.pA = Dice.popcounts(a);
            this.pAHi = highPopcounts(a, half);
        }

        /** Processes rows {@code [from, to)}, appending to {@code out}; returns comparisons made. */
        abstract long rows(int from, int to, CandidatePairs out, TopK top, Scratch scratch);

        Result run(LinkOptions o) {
            int n = a.size();
            int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
            AtomicInteger next = new AtomicInteger();
            AtomicInteger rowsDone = new AtomicInteger();
            LinkProgress progress = o.progress();
            progress.update("comparing", 0, n);
            int threads = Math.max(1, Math.min(o.threads(), chunks));
            List<CandidatePairs> parts = new ArrayList<>();
            Runnable[] workers = new Runnable[threads];
            for (int t = 0; t < threads; t++) {
                CandidatePairs part = new CandidatePairs(1024);
                parts.add(part);
                workers[t] = () -> {
                    TopK top = topK > 0 ? new TopK(topK) : null;
                    Scratch scratch = newScratch();
                    long local = 0;
                    int c;
                    while ((c = next.getAndIncrement()) < chunks) {
                        int from = c * CHUNK_ROWS;
                        int to = Math.min(n, from + CHUNK_ROWS);
                        local += rows(from, to, part, top, scratch);
                        progress.update("comparing", rowsDone.addAndGet(to - from), n);
                    }
                    comparisons.addAndGet(local);
                };
            }
            if (threads == 1) {
                workers[0].run();
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                    Thread th = new Thread(r, "privet-dice");
                    th.setDaemon(true);
                    return th;
                });
                try {
                    List<Future<?>> fs = new ArrayList<>();
                    for (Runnable r : workers) {
                        fs.add(pool.submit(r));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("linkage interrupted", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                } finally {
                    pool.shutdownNow();
                }
            }
            long total = 0;
            for (CandidatePairs p : parts) {
                total += p.size();
            }
            CandidatePairs all = new CandidatePairs((int) Math.min(Integer.MAX_VALUE - 8L, total));
            for (CandidatePairs p : parts) {
                all.addAll(p);
            }
            all.sortByScore();
            return new Result(all, comparisons.get());
        }

        Scratch newScratch() {
            return null;
        }
    }

    /** Per-thread scratch of the blocked search. */
    private static final class Scratch {
        final int[] stamp;

        Scratch(int n) {
            stamp = new int[n];
        }
    }

    /** All pairs, second set sorted by popcount. */
    private static final class AllPairs extends Job {
        private final long[] bw;
        private final int[] perm;
        private final int[] pB;
        private final int[] pBHi;
        private final int[] firstWithPopcount;
        private final int bits;
        private final long nB;

        AllPairs(ClkSet a, ClkSet b, LinkOptions o) {
            super(a, b, o);
            this.bits = b.bits();
            this.nB = b.size();
            int[] pop = Dice.popcounts(b);
            // counting sort by popcount (stable: equal popcounts keep index order)
            int[] start = new int[bits + 2];
            for (int p : pop) {
                start[p + 1]++;
            }
            for (int p = 0; p <= bits; p++) {
                start[p + 1] += start[p];
            }
            this.firstWithPopcount = start.clone();
            int n = b.size();
            perm = new int[n];
            for (int j = 0; j < n; j++) {
                perm[start[pop[j]]++] = j;
            }
            bw = new long[n * w];
            pB = new int[n];
            long[] src = b.words();
            for (int s = 0; s < n; s++) {
                int j = perm[s];
                System.arraycopy(src, j * w, bw, s * w, w);
                pB[s] = pop[j];
            }
            pBHi = new int[n];
            for (int s = 0; s < n; s++) {
                int c = 0;
                for (int k = half; k < w; k++) {
                    c += Long.bitCount(bw[s * w + k]);
                }
                pBHi[s] = c;
            }
        }

        @Override
        long rows(int from, int to, CandidatePairs out, TopK top, Scratch scratch) {
            long[] aw = a.words();
            int rows = to - from;
            int[] lo = new int[rows];
            int[] hi = new int[rows];
            for (int i = from; i < to; i++) {
                int pa = pA[i];
                if (threshold == 0.0) {
                    lo[i - from] = 0;
                    hi[i - from] = pB.length;
                } else {
                    double t = threshold;
                    int minPb = (int) Math.max(0, Math.floor(t * pa / (2 - t)) - 1);
                    double maxD = Math.ceil(pa * (2 - t) / t) + 1;
                    int maxPb = maxD >= bits ? bits : (int) maxD;
                    lo[i - from] = firstWithPopcount[Math.min(minPb, bits + 1)];
                    hi[i - from] = firstWithPopcount[maxPb + 1];
                }
            }
            if (top == null) {
                // cache tiling: a tile of the second set (TILE records, 128 KB at 1024 bits) stays in L2 while
                // every row of the chunk scans it; the output order does not matter (sorted at the end)
                for (int jt = 0; jt < pB.length; jt += TILE) {
                    int jEnd = Math.min(pB.length, jt + TILE);
                    for (int i = from; i < to; i++) {
                        int l = Math.max(lo[i - from], jt);
                        int h = Math.min(hi[i - from], jEnd);
                        if (l < h) {
                            scan(aw, i, l, h, out, null);
                        }
                    }
                }
            } else {
                for (int i = from; i < to; i++) {
                    top.clear();
                    scan(aw, i, lo[i - from], hi[i - from], out, top);
                    top.drainTo(i, out);
                }
            }
            return rows * nB;
        }

        private void scan(long[] aw, int i, int lo, int hi, CandidatePairs out, TopK top) {
            if (w == 16) {
                scan16(aw, i * 16, pA[i], pAHi[i], lo, hi, i, out, top);
            } else {
                scanGeneric(aw, i * w, pA[i], pAHi[i], lo, hi, i, out, top);
            }
        }

        /** 1024-bit records: the words of {@code a} in locals, loop unrolled by hand. */
        private void scan16(long[] aw, int ao, int pa, int paHi, int lo, int hi, int row, CandidatePairs out,
                TopK top) {
            final long a0 = aw[ao];
            final long a1 = aw[ao + 1];
            final long a2 = aw[ao + 2];
            final long a3 = aw[ao + 3];
            final long a4 = aw[ao + 4];
            final long a5 = aw[ao + 5];
            final long a6 = aw[ao + 6];
            final long a7 = aw[ao + 7];
            final long[] b = bw;
            final int[] needT = need;
            final int[] pb = pB;
            final int[] pbHi = pBHi;
            for (int j = lo; j < hi; j++) {
                int s = pa + pb[j];
                int nd = needT[s];
                if (top != null && top.full()) {
                    nd = Math.max(nd, top.minNeed(s));
                }
                if (nd == Integer.MAX_VALUE) {
                    continue;
                }
                int o = j << 4;
                int c = ((Long.bitCount(a0 & b[o]) + Long.bitCount(a1 & b[o + 1]))
                        + (Long.bitCount(a2 & b[o + 2]) + Long.bitCount(a3 & b[o + 3])))
                        + ((Long.bitCount(a4 & b[o + 4]) + Long.bitCount(a5 & b[o + 5]))
                        + (Long.bitCount(a6 & b[o + 6]) + Long.bitCount(a7 & b[o + 7])));
                if (c + Math.min(paHi, pbHi[j]) < nd) {
                    continue;
                }
                c += Long.bitCount(aw[ao + 8] & b[o + 8]) + Long.bitCount(aw[ao + 9] & b[o + 9])
                        + Long.bitCount(aw[ao + 10] & b[o + 10]) + Long.bitCount(aw[ao + 11] & b[o + 11])
                        + Long.bitCount(aw[ao + 12] & b[o + 12]) + Long.bitCount(aw[ao + 13] & b[o + 13])
                        + Long.bitCount(aw[ao + 14] & b[o + 14]) + Long.bitCount(aw[ao + 15] & b[o + 15]);
                if (c >= nd) {
                    emit(row, perm[j], Dice.score(c, s), out, top);
                }
            }
        }

        private void scanGeneric(long[] aw, int ao, int pa, int paHi, int lo, int hi, int row,
                CandidatePairs out, TopK top) {
            final long[] b = bw;
            final int ww = w;
            final int h = half;
            for (int j = lo; j < hi; j++) {
                int s = pa + pB[j];
                int nd = need[s];
                if (top != null && top.full()) {
                    nd = Math.max(nd, top.minNeed(s));
                }
                if (nd == Integer.MAX_VALUE) {
                    continue;
                }
                int o = j * ww;
                int c = 0;
                for (int k = 0; k < h; k++) {
                    c += Long.bitCount(aw[ao + k] & b[o + k]);
                }
                if (c + Math.min(paHi, pBHi[j]) < nd) {
                    continue;
                }
                for (int k = h; k < ww; k++) {
                    c += Long.bitCount(aw[ao + k] & b[o + k]);
                }
                if (c >= nd) {
                    emit(row, perm[j], Dice.score(c, s), out, top);
                }
            }
        }
    }

    private static void emit(int row, int j, double score, CandidatePairs out, TopK top) {
        if (top == null) {
            out.add(row, j, score);
        } else {
            top.offer(j, score);
        }
    }

    /** Blocked search: candidates of a row are the distinct records of the second set sharing a key. */
    private static final class Blocked extends Job {
        private final ClkSet b;
        private final int[] pB;
        private final int[] pBHi;
        private final BlockKeys keysA;
        private final BlockIndex index;

        Blocked(ClkSet a, ClkSet b, BlockKeys keysA, BlockKeys keysB, LinkOptions o) {
            super(a, b, o);
            this.b = b;
            this.pB = Dice.popcounts(b);
            this.pBHi = highPopcounts(b, half);
            this.keysA = keysA;
            this.index = BlockIndex.of(keysB);
        }

        @Override
        Scratch newScratch() {
            return new Scratch(b.size());
        }

        @Override
        long rows(int from, int to, CandidatePairs out, TopK top, Scratch scratch) {
            long[] aw = a.words();
            long[] bw = b.words();
            int[] stamp = scratch.stamp;
            long[] keys = keysA.keys();
            long compared = 0;
            for (int i = from; i < to; i++) {
                int pa = pA[i];
                int paHi = pAHi[i];
                int ao = i * w;
                int mark = i + 1;
                if (top != null) {
                    top.clear();
                }
                for (int e = keysA.start(i); e < keysA.end(i); e++) {
                    int g = index.group(keys[e]);
                    if (g < 0) {
                        continue;
                    }
                    for (int p = index.groupStart(g), end = index.groupEnd(g); p < end; p++) {
                        int j = index.member(p);
                        if (stamp[j] == mark) {
                            continue;
                        }
                        stamp[j] = mark;
                        compared++;
                        int pb = pB[j];
                        int s = pa + pb;
                        int nd = need[s];
                        if (top != null && top.full()) {
                            nd = Math.max(nd, top.minNeed(s));
                        }
                        if (nd == Integer.MAX_VALUE || Math.min(pa, pb) < nd) {
                            continue;
                        }
                        int bo = j * w;
                        int c = 0;
                        for (int k = 0; k < half; k++) {
                            c += Long.bitCount(aw[ao + k] & bw[bo + k]);
                        }
                        if (c + Math.min(paHi, pBHi[j]) < nd) {
                            continue;
                        }
                        for (int k = half; k < w; k++) {
                            c += Long.bitCount(aw[ao + k] & bw[bo + k]);
                        }
                        if (c >= nd) {
                            emit(i, j, Dice.score(c, s), out, top);
                        }
                    }
                }
                if (top != null) {
                    top.drainTo(i, out);
                }
            }
            return compared;
        }
    }

    static int[] highPopcounts(ClkSet set, int half) {
        int n = set.size();
        int w = set.wordsPerRecord();
        long[] words = set.words();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = i * w + half, end = (i + 1) * w; k < end; k++) {
                c += Long.bitCount(words[k]);
            }
            out[i] = c;
        }
        return out;
    }

    /**
     * The best {@code k} (score, index) of one row: a binary min-heap ordered by score ascending then index
     * descending, so its root is the entry to evict first. Not thread safe (one per worker).
     */
    static final class TopK {
        private final int k;
        private final int[] idx;
        private final double[] sc;
        private int size;

        TopK(int k) {
            this.k = k;
            this.idx = new int[k];
            this.sc = new double[k];
        }

        void clear() {
            size = 0;
        }

        boolean full() {
            return size == k;
        }

        /** A lower bound on the intersection a pair with popcount sum {@code s} needs to enter a full heap. */
        int minNeed(int s) {
            // any c with 2c/s >= root score satisfies 2c >= root * s; floor(...) - 1 is below the exact value
            return Math.max(0, (int) Math.floor(sc[0] * s * 0.5) - 1);
        }

        /** Worse-first order: true when (s1, i1) should be evicted before (s2, i2). */
        private static boolean worse(double s1, int i1, double s2, int i2) {
            return s1 < s2 || (s1 == s2 && i1 > i2);
        }

        void offer(int j, double s) {
            if (size < k) {
                int p = size++;
                while (p > 0) {
                    int parent = (p - 1) >>> 1;
                    if (!worse(s, j, sc[parent], idx[parent])) {
                        break;
                    }
                    sc[p] = sc[parent];
                    idx[p] = idx[parent];
                    p = parent;
                }
                sc[p] = s;
                idx[p] = j;
                return;
            }
            if (!worse(sc[0], idx[0], s, j)) {
                return;
            }
            int p = 0;
            while (true) {
                int l = 2 * p + 1;
                if (l >= size) {
                    break;
                }
                int r = l + 1;
                int m = r < size && worse(sc[r], idx[r], sc[l], idx[l]) ? r : l;
                if (!worse(sc[m], idx[m], s, j)) {
                    break;
                }
                sc[p] = sc[m];
                idx[p] = idx[m];
                p = m;
            }
            sc[p] = s;
            idx[p] = j;
        }

        void drainTo(int row, CandidatePairs out) {
            for (int q = 0; q < size; q++) {
                out.add(row, idx[q], sc[q]);
            }
            size = 0;
        }
    }
}

package org.privet.spark.linkage;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.CandidatePairs;
import org.privet.pprl.link.CandidateSearch;
import org.privet.pprl.link.Dice;
import org.privet.pprl.link.GreedySolver;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.LinkProgress;
import org.privet.pprl.link.Linker;
import org.privet.pprl.link.Match;
import org.privet.spark.FaultInjection;
import scala.Tuple2;

/**
 * Two-database linkage on Spark with the result of {@link Linker#run}: the same candidate pairs and scores, the
 * same comparison count, the same one-to-one matches.
 *
 * <p>With blocking (a {@link HammingLsh} in the options, or precomputed {@link BlockKeys}):
 * <ol>
 *   <li>keys: each chunk of records is keyed where it lives (a distributed map; LSH keys with the local
 *       {@link HammingLsh#keys}); every record is emitted once per distinct key with its words and its sorted
 *       distinct keys;</li>
 *   <li>join: {@code cogroup} by key, so a block holds its records of both databases;</li>
 *   <li>compare: in a block with key {@code k}, a pair is compared only when {@code k} is the smallest key the two
 *       records share, so each distinct pair sharing a block is compared exactly once (what the local search
 *       counts); the test is the local kernel's: {@link Dice#minIntersection} table, intersection popcount,
 *       score {@link Dice#score(int, int)};</li>
 *   <li>solve: the candidates (tiny next to the inputs) go to the driver, top-k per record of A when asked,
 *       {@link CandidatePairs#sortByScore()} and the {@link GreedySolver}.</li>
 * </ol>
 * Without blocking, the second database is broadcast and each chunk of the first runs the local {@link
 * CandidateSearch} against it (every pair scored, popcount-window pruning as locally).
 *
 * <p>Counts travel with the data (not in accumulators), so a retried task cannot count twice. Other {@code
 * ClkBlocking} schemes are refused (they would need their own serialisable form). Thread safety: one call at a
 * time per Spark context.
 */
public final class SparkLinker {
    /** Records per chunk when splitting a local {@link ClkSet}. */
    public static final int DEFAULT_CHUNK = 4096;

    private SparkLinker() {
    }

    /** Links {@code a} and {@code b} on {@code spark}; see the class comment. */
    public static Linker.LinkResult run(JavaSparkContext spark, ClkSet a, ClkSet b, LinkOptions options) {
        return run(spark, a, b, options, FaultInjection.NONE);
    }

    /**
     * As {@link #run(JavaSparkContext, ClkSet, ClkSet, LinkOptions)} with injected task failures (tests).
     *
     * @throws IllegalArgumentException when the bit lengths differ or the blocking scheme cannot run on Spark
     */
    public static Linker.LinkResult run(JavaSparkContext spark, ClkSet a, ClkSet b, LinkOptions options,
            FaultInjection faults) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(options, "options");
        if (a.bits() != b.bits()) {
            throw new IllegalArgumentException("the two sets must have the same bit length: " + a.bits() + " != "
                    + b.bits());
        }
        CandidatePairs pairs;
        long comparisons;
        LinkProgress progress = options.progress();
        progress.update("comparing on Spark", 0, 1);
        if (options.blocking() == null && options.keysA() == null) {
            Partial p = allPairs(spark, a, b, options, faults);
            pairs = p.pairs;
            comparisons = p.comparisons;
        } else {
            KeySource ka;
            KeySource kb;
            if (options.blocking() != null) {
                if (!(options.blocking() instanceof HammingLsh lsh)) {
                    throw new IllegalArgumentException("blocking scheme '" + options.blocking().describe()
                            + "' cannot run on Spark; use Hamming LSH or precomputed block keys");
                }
                ka = KeySource.lsh(lsh);
                kb = ka;
            } else {
                if (options.keysA().size() != a.size() || options.keysB().size() != b.size()) {
                    throw new IllegalArgumentException("block keys cover " + options.keysA().size() + " and "
                            + options.keysB().size() + " records, the sets have " + a.size() + " and " + b.size());
                }
                ka = KeySource.given(options.keysA());
                kb = KeySource.given(options.keysB());
            }
            Partial p = blocked(spark, chunks(spark, a, ka), chunks(spark, b, kb), a.bits(), options.threshold(),
                    faults);
            pairs = p.pairs;
            comparisons = p.comparisons;
            if (options.topK() > 0) {
                pairs = topK(pairs, options.topK());
            }
        }
        progress.update("comparing on Spark", 1, 1);
        pairs.sortByScore();
        CandidatePairs chosen = options.oneToOne() ? GreedySolver.solve(pairs) : pairs;
        List<Match> out = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            int ia = chosen.a(i);
            int ib = chosen.b(i);
            out.add(new Match(ia, ib, a.id(ia), b.id(ib), chosen.score(i)));
        }
        return new Linker.LinkResult(out, comparisons, pairs.size());
    }

    /** Chunks of {@code set} with their block keys (keys computed on the executors for LSH). */
    private static JavaRDD<KeyedChunk> chunks(JavaSparkContext spark, ClkSet set, KeySource keys) {
        List<ClkChunk> cs = ClkChunk.split(set, DEFAULT_CHUNK);
        List<KeyedChunk> kc = new ArrayList<>(cs.size());
        for (ClkChunk c : cs) {
            kc.add(new KeyedChunk(c, keys.lsh == null ? keys.slice(c.start(), c.count()) : null));
        }
        // given keys are already sliced into the chunks: the tasks only need the LSH parameters
        KeySource forTasks = keys.lsh != null ? keys : KeySource.NONE;
        return spark.parallelize(kc, Math.max(1, kc.size())).map(k -> k.withKeys(forTasks));
    }

    /**
     * The blocked search over distributed chunks: candidate pairs at or above {@code threshold} (all of them; no
     * top-k) and the number of distinct pairs that share a block.
     */
    static Partial blocked(JavaSparkContext spark, JavaRDD<KeyedChunk> a, JavaRDD<KeyedChunk> b, int bits,
            double threshold, FaultInjection faults) {
        int parts = Math.max(2, spark.defaultParallelism());
        JavaPairRDD<Long, long[]> ka = a.flatMapToPair(new Emit(faults));
        JavaPairRDD<Long, long[]> kb = b.flatMapToPair(new Emit(faults));
        JavaRDD<Partial.Chunk> out = ka.cogroup(kb, parts).mapPartitions(new CompareBlocks(bits, threshold, faults));
        return Partial.merge(out.collect());
    }

    private static Partial allPairs(JavaSparkContext spark, ClkSet a, ClkSet b, LinkOptions options,
            FaultInjection faults) {
        Broadcast<ClkChunk> bb = spark.broadcast(new ClkChunk(0, b.size(), b.bits(), b.words()));
        try {
            List<ClkChunk> cs = ClkChunk.split(a, DEFAULT_CHUNK);
            List<Partial.Chunk> outs = spark.parallelize(cs, Math.max(1, cs.size()))
                    .map(new SearchChunk(bb, options.threshold(), options.topK(), faults)).collect();
            return Partial.merge(outs);
        } finally {
            bb.destroy();
        }
    }

    /** Keeps, per record of A, its {@code k} best pairs (score descending, then index of B ascending). */
    static CandidatePairs topK(CandidatePairs pairs, int k) {
        int n = pairs.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Integer.compare(pairs.a(x), pairs.a(y));
            if (c != 0) {
                return c;
            }
            c = Double.compare(pairs.score(y), pairs.score(x));
            return c != 0 ? c : Integer.compare(pairs.b(x), pairs.b(y));
        });
        CandidatePairs out = new CandidatePairs(Math.max(1, n));
        int run = 0;
        for (int q = 0; q < n; q++) {
            int i = order[q];
            run = q > 0 && pairs.a(order[q - 1]) == pairs.a(i) ? run + 1 : 0;
            if (run < k) {
                out.add(pairs.a(i), pairs.b(i), pairs.score(i));
            }
        }
        return out;
    }

    /** Where block keys come from: an LSH computed on the executors, or keys given per record. */
    static final class KeySource implements Serializable {
        private static final long serialVersionUID = 1L;
        /** No source: the chunks carry their keys. */
        static final KeySource NONE = new KeySource(null, 0, null, null);
        final int[] lsh; // {bitsPerKey, tables}, or null
        final long lshSeed;
        final int[] offsets;
        final long[] keys;

        private KeySource(int[] lsh, long lshSeed, int[] offsets, long[] keys) {
            this.lsh = lsh;
            this.lshSeed = lshSeed;
            this.offsets = offsets;
            this.keys = keys;
        }

        static KeySource lsh(HammingLsh h) {
            return new KeySource(new int[] {h.bitsPerKey(), h.tables()}, h.seed(), null, null);
        }

        static KeySource given(BlockKeys k) {
            int[] off = new int[k.size() + 1];
            for (int i = 0; i < k.size(); i++) {
                off[i + 1] = k.end(i);
                if (k.start(i) != off[i]) {
                    throw new AssertionError("internal invariant: block keys are not contiguous at record " + i);
                }
            }
            return new KeySource(null, 0, off, k.keys());
        }

        /** The given keys of records {@code [start, start + count)}, rebased. */
        BlockKeys slice(int start, int count) {
            int[] off = new int[count + 1];
            int base = offsets[start];
            for (int i = 0; i <= count; i++) {
                off[i] = offsets[start + i] - base;
            }
            return BlockKeys.of(off, Arrays.copyOfRange(keys, base, offsets[start + count]));
        }
    }

    /** A chunk and its block keys (sorted distinct per record once keyed). */
    static final class KeyedChunk implements Serializable {
        private static final long serialVersionUID = 1L;
        final ClkChunk chunk;
        final int[] offsets;
        final long[] keys;

        KeyedChunk(ClkChunk chunk, BlockKeys given) {
            this.chunk = chunk;
            if (given == null) {
                this.offsets = null;
                this.keys = null;
            } else {
                long[][] k = sortedDistinct(given);
                this.offsets = flatOffsets(k);
                this.keys = flatKeys(k, offsets);
            }
        }

        private KeyedChunk(ClkChunk chunk, int[] offsets, long[] keys) {
            this.chunk = chunk;
            this.offsets = offsets;
            this.keys = keys;
        }

        /** Keys computed here when the source is an LSH (runs on an executor). */
        KeyedChunk withKeys(KeySource source) {
            if (keys != null) {
                return this;
            }
            HammingLsh h = new HammingLsh(source.lsh[0], source.lsh[1], source.lshSeed);
            long[][] k = sortedDistinct(h.keys(chunk.toSet()));
            int[] off = flatOffsets(k);
            return new KeyedChunk(chunk, off, flatKeys(k, off));
        }

        private static long[][] sortedDistinct(BlockKeys bk) {
            long[] all = bk.keys();
            long[][] out = new long[bk.size()][];
            for (int i = 0; i < out.length; i++) {
                long[] k = Arrays.copyOfRange(all, bk.start(i), bk.end(i));
                Arrays.sort(k);
                int n = 0;
                for (int j = 0; j < k.length; j++) {
                    if (j == 0 || k[j] != k[j - 1]) {
                        k[n++] = k[j];
                    }
                }
                out[i] = n == k.length ? k : Arrays.copyOf(k, n);
            }
            return out;
        }

        private static int[] flatOffsets(long[][] k) {
            int[] off = new int[k.length + 1];
            for (int i = 0; i < k.length; i++) {
                off[i + 1] = off[i] + k[i].length;
            }
            return off;
        }

        private static long[] flatKeys(long[][] k, int[] off) {
            long[] flat = new long[off[k.length]];
            for (int i = 0; i < k.length; i++) {
                System.arraycopy(k[i], 0, flat, off[i], k[i].length);
            }
            return flat;
        }
    }

    /*
     * One record in a block travels as one long[] (a primitive array serialises without per-field reflection):
     * {index, popcount, w words, sorted distinct keys...}.
     */
    private static final int WORDS_AT = 2;

    /** Emits (key, record) for every distinct key of every record of a chunk. */
    private static final class Emit implements PairFlatMapFunction<KeyedChunk, Long, long[]> {
        private static final long serialVersionUID = 1L;
        private final FaultInjection faults;

        Emit(FaultInjection faults) {
            this.faults = faults;
        }

        @Override
        public Iterator<Tuple2<Long, long[]>> call(KeyedChunk kc) {
            faults.maybeFail("blocking keys of records " + kc.chunk.start() + "..");
            ClkChunk c = kc.chunk;
            int w = c.wordsPerRecord();
            List<Tuple2<Long, long[]>> out = new ArrayList<>(kc.keys.length);
            for (int i = 0; i < c.count(); i++) {
                int nk = kc.offsets[i + 1] - kc.offsets[i];
                long[] r = new long[WORDS_AT + w + nk];
                int pop = 0;
                for (int k = 0; k < w; k++) {
                    long x = c.words()[i * w + k];
                    r[WORDS_AT + k] = x;
                    pop += Long.bitCount(x);
                }
                r[0] = c.start() + i;
                r[1] = pop;
                System.arraycopy(kc.keys, kc.offsets[i], r, WORDS_AT + w, nk);
                for (int k = 0; k < nk; k++) {
                    out.add(new Tuple2<>(r[WORDS_AT + w + k], r));
                }
            }
            return out.iterator();
        }
    }

    /** Compares the records of the blocks of one Spark partition; one output chunk per partition. */
    private static final class CompareBlocks implements
            FlatMapFunction<Iterator<Tuple2<Long, Tuple2<Iterable<long[]>, Iterable<long[]>>>>, Partial.Chunk> {
        private static final long serialVersionUID = 1L;
        private final int bits;
        private final double threshold;
        private final FaultInjection faults;

        CompareBlocks(int bits, double threshold, FaultInjection faults) {
            this.bits = bits;
            this.threshold = threshold;
            this.faults = faults;
        }

        @Override
        public Iterator<Partial.Chunk> call(Iterator<Tuple2<Long, Tuple2<Iterable<long[]>, Iterable<long[]>>>> blocks) {
            faults.maybeFail("Dice comparisons of a block partition");
            int[] need = Dice.minIntersection(threshold, bits);
            Partial.Chunk out = new Partial.Chunk();
            int w = (bits + 63) >>> 6;
            int keysAt = WORDS_AT + w;
            List<long[]> bs = new ArrayList<>();
            while (blocks.hasNext()) {
                Tuple2<Long, Tuple2<Iterable<long[]>, Iterable<long[]>>> blk = blocks.next();
                long key = blk._1();
                bs.clear();
                blk._2()._2().forEach(bs::add);
                if (bs.isEmpty()) {
                    continue;
                }
                for (long[] ra : blk._2()._1()) {
                    int pa = (int) ra[1];
                    for (long[] rb : bs) {
                        if (smallestCommonKey(ra, rb, keysAt) != key) {
                            continue; // compared in the block of the smallest shared key
                        }
                        out.comparisons++;
                        int pb = (int) rb[1];
                        int s = pa + pb;
                        int nd = need[s];
                        if (nd == Integer.MAX_VALUE || Math.min(pa, pb) < nd) {
                            continue;
                        }
                        int c = 0;
                        for (int k = WORDS_AT; k < keysAt; k++) {
                            c += Long.bitCount(ra[k] & rb[k]);
                        }
                        if (c >= nd) {
                            out.add((int) ra[0], (int) rb[0], Dice.score(c, s));
                        }
                    }
                }
            }
            return Collections.singletonList(out).iterator();
        }

        /** The smallest key both records have (there is one: the block's key); keys sorted from {@code from}. */
        private static long smallestCommonKey(long[] x, long[] y, int from) {
            int i = from;
            int j = from;
            while (i < x.length && j < y.length) {
                if (x[i] == y[j]) {
                    return x[i];
                }
                if (x[i] < y[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            throw new AssertionError("internal invariant: two records of one block share no key");
        }
    }

    /** Runs the local search of one chunk of A against the broadcast B. */
    private static final class SearchChunk implements org.apache.spark.api.java.function.Function<ClkChunk,
            Partial.Chunk> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ClkChunk> b;
        private final double threshold;
        private final int topK;
        private final FaultInjection faults;

        SearchChunk(Broadcast<ClkChunk> b, double threshold, int topK, FaultInjection faults) {
            this.b = b;
            this.threshold = threshold;
            this.topK = topK;
            this.faults = faults;
        }

        @Override
        public Partial.Chunk call(ClkChunk chunk) {
            faults.maybeFail("Dice comparisons of records " + chunk.start() + "..");
            LinkOptions o = LinkOptions.builder().threshold(threshold).topK(topK).threads(1).oneToOne(false).build();
            CandidateSearch.Result r = CandidateSearch.search(chunk.toSet(), b.value().toSet(), o);
            Partial.Chunk out = new Partial.Chunk();
            CandidatePairs p = r.pairs();
            for (int i = 0; i < p.size(); i++) {
                out.add(chunk.start() + p.a(i), p.b(i), p.score(i));
            }
            out.comparisons = r.comparisons();
            return out;
        }
    }

    /** Candidate pairs and comparisons, as collected. */
    static final class Partial {
        final CandidatePairs pairs;
        final long comparisons;

        Partial(CandidatePairs pairs, long comparisons) {
            this.pairs = pairs;
            this.comparisons = comparisons;
        }

        static Partial merge(List<Chunk> chunks) {
            long total = 0;
            long comps = 0;
            for (Chunk c : chunks) {
                total += c.n;
                comps += c.comparisons;
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many candidate pairs for the driver (" + total + "); raise the "
                        + "threshold or use top-k");
            }
            CandidatePairs p = new CandidatePairs((int) Math.max(1, total));
            for (Chunk c : chunks) {
                for (int i = 0; i < c.n; i++) {
                    p.add(c.a[i], c.b[i], c.s[i]);
                }
            }
            return new Partial(p, comps);
        }

        /** A growable primitive list of pairs plus a comparison count: what one task returns. */
        static final class Chunk implements Serializable {
            private static final long serialVersionUID = 1L;
            int[] a = new int[16];
            int[] b = new int[16];
            double[] s = new double[16];
            int n;
            long comparisons;

            void add(int ia, int ib, double score) {
                if (n == a.length) {
                    a = Arrays.copyOf(a, 2 * n);
                    b = Arrays.copyOf(b, 2 * n);
                    s = Arrays.copyOf(s, 2 * n);
                }
                a[n] = ia;
                b[n] = ib;
                s[n] = score;
                n++;
            }
        }
    }
}

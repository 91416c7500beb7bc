package org.privet.spark.linkage;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.Partitioner;
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
import org.privet.spark.SparkSessions;
import scala.Tuple2;

/**
 * Two-database linkage on Spark with the result of {@link Linker#run}: the same candidate pairs and scores, the
 * same comparison count, the same one-to-one matches.
 *
 * <p>With blocking (a {@link HammingLsh} in the options, or precomputed {@link BlockKeys}):
 * <ol>
 *   <li>keys: each chunk of records is keyed where it lives (a distributed map; LSH keys with the local
 *       {@link HammingLsh#keys}); each key belongs to one of {@code P} reduce partitions (a fixed hash of the
 *       key, {@link #PARTITIONS_CONF});</li>
 *   <li>shuffle: each chunk sends, to every partition owning at least one of its records' keys, one packed batch
 *       (primitive arrays: indices, popcounts, words, sorted distinct keys of those records), so a record moves
 *       at most once per partition, not once per key, and Spark handles a few objects per chunk, not one per
 *       (key, record);</li>
 *   <li>compare: a reduce task indexes B's records by the keys it owns (open addressing), and each record of A
 *       probes it; in the block of key {@code k}, a pair is compared only when {@code k} is the smallest key the
 *       two records share, so each distinct pair sharing a block is compared exactly once over all partitions,
 *       without a second shuffle (what the local search counts); the test is the local kernel's: {@link
 *       Dice#minIntersection} table, intersection popcount, score {@link Dice#score(int, int)};</li>
 *   <li>solve: the candidates (tiny next to the inputs) go to the driver, top-k per record of A when asked,
 *       {@link CandidatePairs#sortByScore()} and the {@link GreedySolver}.</li>
 * </ol>
 * Without blocking, the second database is broadcast and each chunk of the first runs the local {@link
 * CandidateSearch} against it (every pair scored, popcount-window pruning as locally).
 *
 * <p>Memory: a reduce task holds, per side, the records having a key it owns (about {@code n * min(P, keys per
 * record) / P}) with their words and keys, plus an index of B of about two slots per owned key; raise {@code P} or
 * the executors' memory for large inputs.
 *
 * <p>Counts travel with the data (not in accumulators), so a retried task cannot count twice. Other {@code
 * ClkBlocking} schemes are refused (they would need their own serialisable form). Thread safety: one call at a
 * time per Spark context.
 */
public final class SparkLinker {
    /** Records per chunk when splitting a local {@link ClkSet}. */
    public static final int DEFAULT_CHUNK = 4096;
    /** Most records per chunk of the blocked search (8 MB of words at 1024 bits: one task's input). */
    static final int MAX_BLOCKED_CHUNK = 65536;
    /** Spark setting: reduce partitions of the blocked search (default: see {@link #linkPartitions}). */
    public static final String PARTITIONS_CONF = "spark.privet.linkage.partitions";

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
                    linkPartitions(spark), faults);
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

    /**
     * Records per map task of the blocked search: about two tasks per unit of parallelism (Spark's per-task cost
     * is milliseconds, so thousands of small tasks cost more than the keys they compute), between {@link
     * #DEFAULT_CHUNK} and {@link #MAX_BLOCKED_CHUNK}.
     */
    static int blockedChunk(int records, int parallelism) {
        long perTask = ((long) records + 2L * Math.max(1, parallelism) - 1) / (2L * Math.max(1, parallelism));
        return (int) Math.max(DEFAULT_CHUNK, Math.min(MAX_BLOCKED_CHUNK, perTask));
    }

    /** Chunks of {@code set} with their block keys (keys computed on the executors for LSH). */
    static JavaRDD<KeyedChunk> chunks(JavaSparkContext spark, ClkSet set, KeySource keys) {
        return chunks(spark, set, keys, blockedChunk(set.size(), spark.defaultParallelism()));
    }

    /** As {@link #chunks(JavaSparkContext, ClkSet, KeySource)} with {@code chunkRecords} records per chunk. */
    static JavaRDD<KeyedChunk> chunks(JavaSparkContext spark, ClkSet set, KeySource keys, int chunkRecords) {
        List<ClkChunk> cs = ClkChunk.split(set, chunkRecords);
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
     * top-k) and the number of distinct pairs that share a block, with {@code parts} reduce partitions (the
     * result does not depend on it).
     */
    static Partial blocked(JavaSparkContext spark, JavaRDD<KeyedChunk> a, JavaRDD<KeyedChunk> b, int bits,
            double threshold, int parts, FaultInjection faults) {
        if (parts < 1) {
            throw new IllegalArgumentException("partitions must be >= 1. Provided value: " + parts);
        }
        JavaPairRDD<Integer, Batch> ba = a.flatMapToPair(new EmitBatches(true, parts, faults));
        JavaPairRDD<Integer, Batch> bb = b.flatMapToPair(new EmitBatches(false, parts, faults));
        JavaRDD<Partial.Chunk> out = ba.union(bb).partitionBy(new ToPartition(parts))
                .mapPartitions(new CompareBatches(bits, threshold, parts, faults));
        return Partial.merge(out.collect());
    }

    /**
     * Reduce partitions of the blocked search: {@code spark.privet.linkage.partitions} when set, else one per core
     * of a local master ({@code local[N]}: N) and Spark's default parallelism on a cluster. A record is shipped
     * once to each partition owning one of its keys (up to its number of distinct keys), so fewer partitions move
     * fewer bytes and more partitions hold less each (measured at local[2], 200k x 200k: 2 partitions 2.2 s, 4
     * partitions 5.0 s).
     */
    static int linkPartitions(JavaSparkContext spark) {
        String master = spark.master();
        int fallback = master.toLowerCase(Locale.ROOT).startsWith("local")
                ? SparkSessions.localCores(master) : Math.max(1, spark.defaultParallelism());
        int p = spark.getConf().getInt(PARTITIONS_CONF, fallback);
        if (p < 1) {
            throw new IllegalArgumentException(PARTITIONS_CONF + " must be >= 1. Provided value: " + p);
        }
        return p;
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

    /** Spreads a block key over {@code parts} reduce partitions (deterministic: the same on every executor). */
    static int partitionOf(long key, int parts) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * parts) >>> 32);
    }

    /**
     * Records of one database bound for one reduce partition, packed: what one map task sends to one reduce task
     * (a few primitive arrays per 4096 records instead of one object per record and key). A record is in the batch
     * of every partition that owns at least one of its keys, with its words, its popcount and all its sorted
     * distinct keys (the smallest-shared-key rule needs them all).
     */
    static final class Batch implements Serializable {
        private static final long serialVersionUID = 1L;
        final boolean fromA;
        final int n;
        final int[] index;
        final int[] pop;
        final long[] words;
        final int[] keyOffsets;
        final long[] keys;

        Batch(boolean fromA, int n, int[] index, int[] pop, long[] words, int[] keyOffsets, long[] keys) {
            this.fromA = fromA;
            this.n = n;
            this.index = index;
            this.pop = pop;
            this.words = words;
            this.keyOffsets = keyOffsets;
            this.keys = keys;
        }
    }

    /** Routes a batch to the reduce partition named by its key (the key is the partition number). */
    static final class ToPartition extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int parts;

        ToPartition(int parts) {
            this.parts = parts;
        }

        @Override
        public int numPartitions() {
            return parts;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ToPartition t && t.parts == parts;
        }

        @Override
        public int hashCode() {
            return parts;
        }
    }

    /** Packs a keyed chunk into one {@link Batch} per reduce partition that owns at least one of its keys. */
    private static final class EmitBatches implements PairFlatMapFunction<KeyedChunk, Integer, Batch> {
        private static final long serialVersionUID = 1L;
        private final boolean fromA;
        private final int parts;
        private final FaultInjection faults;

        EmitBatches(boolean fromA, int parts, FaultInjection faults) {
            this.fromA = fromA;
            this.parts = parts;
            this.faults = faults;
        }

        @Override
        public Iterator<Tuple2<Integer, Batch>> call(KeyedChunk kc) {
            faults.maybeFail("blocking keys of records " + kc.chunk.start() + "..");
            ClkChunk c = kc.chunk;
            int w = c.wordsPerRecord();
            int n = c.count();
            long[] cw = c.words();
            int[] pop = new int[n];
            for (int i = 0; i < n; i++) {
                int p = 0;
                for (int k = i * w, e = k + w; k < e; k++) {
                    p += Long.bitCount(cw[k]);
                }
                pop[i] = p;
            }
            // which partitions each record goes to: a bit set per record when parts <= 64, else a scan per part
            int[] records = new int[parts];
            int[] keyCount = new int[parts];
            long[] mask = parts <= 64 ? new long[n] : null;
            for (int i = 0; i < n; i++) {
                int nk = kc.offsets[i + 1] - kc.offsets[i];
                if (mask != null) {
                    long m = 0;
                    for (int q = kc.offsets[i]; q < kc.offsets[i + 1]; q++) {
                        m |= 1L << partitionOf(kc.keys[q], parts);
                    }
                    mask[i] = m;
                    for (long r = m; r != 0; r &= r - 1) {
                        int p = Long.numberOfTrailingZeros(r);
                        records[p]++;
                        keyCount[p] += nk;
                    }
                } else {
                    for (int p = 0; p < parts; p++) {
                        if (goesTo(kc, i, p)) {
                            records[p]++;
                            keyCount[p] += nk;
                        }
                    }
                }
            }
            List<Tuple2<Integer, Batch>> out = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int m = records[p];
                if (m == 0) {
                    continue;
                }
                int[] index = new int[m];
                int[] bp = new int[m];
                long[] words = new long[m * w];
                int[] off = new int[m + 1];
                long[] keys = new long[keyCount[p]];
                int j = 0;
                for (int i = 0; i < n; i++) {
                    if (mask != null ? (mask[i] >>> p & 1L) == 0 : !goesTo(kc, i, p)) {
                        continue;
                    }
                    index[j] = c.start() + i;
                    bp[j] = pop[i];
                    System.arraycopy(cw, i * w, words, j * w, w);
                    int nk = kc.offsets[i + 1] - kc.offsets[i];
                    System.arraycopy(kc.keys, kc.offsets[i], keys, off[j], nk);
                    off[j + 1] = off[j] + nk;
                    j++;
                }
                out.add(new Tuple2<>(p, new Batch(fromA, m, index, bp, words, off, keys)));
            }
            return out.iterator();
        }

        private boolean goesTo(KeyedChunk kc, int i, int p) {
            for (int q = kc.offsets[i]; q < kc.offsets[i + 1]; q++) {
                if (partitionOf(kc.keys[q], parts) == p) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The records of one side gathered in a reduce task: the batches concatenated into flat arrays. */
    private static final class Side {
        final int n;
        final int[] index;
        final int[] pop;
        final long[] words;
        final int[] keyOffsets;
        final long[] keys;

        Side(List<Batch> batches, int w) {
            int m = 0;
            int nk = 0;
            for (Batch b : batches) {
                m += b.n;
                nk += b.keys.length;
            }
            n = m;
            index = new int[m];
            pop = new int[m];
            words = new long[Math.multiplyExact(m, w)];
            keyOffsets = new int[m + 1];
            keys = new long[nk];
            int at = 0;
            int kat = 0;
            for (Batch b : batches) {
                System.arraycopy(b.index, 0, index, at, b.n);
                System.arraycopy(b.pop, 0, pop, at, b.n);
                System.arraycopy(b.words, 0, words, at * w, b.n * w);
                System.arraycopy(b.keys, 0, keys, kat, b.keys.length);
                for (int i = 0; i < b.n; i++) {
                    keyOffsets[at + i + 1] = kat + b.keyOffsets[i + 1];
                }
                at += b.n;
                kat += b.keys.length;
            }
        }
    }

    /**
     * Compares, in one reduce partition, every pair of records of A and B that share a key this partition owns,
     * in the block of that key only when it is the smallest key the two records share (each distinct pair
     * sharing a block is compared once over all partitions). B's blocks are indexed by an open-addressing table
     * (key to a run of record numbers); A's records probe it. One output chunk per partition.
     */
    private static final class CompareBatches implements FlatMapFunction<Iterator<Tuple2<Integer, Batch>>,
            Partial.Chunk> {
        private static final long serialVersionUID = 1L;
        private final int bits;
        private final double threshold;
        private final int parts;
        private final FaultInjection faults;

        CompareBatches(int bits, double threshold, int parts, FaultInjection faults) {
            this.bits = bits;
            this.threshold = threshold;
            this.parts = parts;
            this.faults = faults;
        }

        @Override
        public Iterator<Partial.Chunk> call(Iterator<Tuple2<Integer, Batch>> in) {
            faults.maybeFail("Dice comparisons of a block partition");
            List<Batch> la = new ArrayList<>();
            List<Batch> lb = new ArrayList<>();
            int part = -1;
            while (in.hasNext()) {
                Tuple2<Integer, Batch> t = in.next();
                if (part >= 0 && t._1() != part) {
                    throw new AssertionError("internal invariant: batches of partitions " + part + " and " + t._1()
                            + " in one task");
                }
                part = t._1();
                (t._2().fromA ? la : lb).add(t._2());
            }
            Partial.Chunk out = new Partial.Chunk();
            if (la.isEmpty() || lb.isEmpty()) {
                return Collections.singletonList(out).iterator();
            }
            int w = (bits + 63) >>> 6;
            Side a = new Side(la, w);
            la.clear();
            Side b = new Side(lb, w);
            lb.clear();
            // index B: key -> run [runStart[slot], runStart[slot] + runLength[slot]) of refs
            int owned = 0;
            for (long k : b.keys) {
                if (partitionOf(k, parts) == part) {
                    owned++;
                }
            }
            int cap = Integer.highestOneBit(Math.max(4, owned) * 2 - 1) << 1;
            int maskBits = cap - 1;
            long[] slotKey = new long[cap];
            int[] slotCount = new int[cap]; // 0 = empty
            for (long k : b.keys) {
                if (partitionOf(k, parts) == part) {
                    slotCount[find(slotKey, slotCount, maskBits, k, true)]++;
                }
            }
            int[] runStart = new int[cap + 1];
            for (int s = 0; s < cap; s++) {
                runStart[s + 1] = runStart[s] + slotCount[s];
            }
            int[] fill = Arrays.copyOf(runStart, cap);
            int[] refs = new int[owned];
            for (int r = 0; r < b.n; r++) {
                for (int q = b.keyOffsets[r]; q < b.keyOffsets[r + 1]; q++) {
                    long k = b.keys[q];
                    if (partitionOf(k, parts) == part) {
                        refs[fill[find(slotKey, slotCount, maskBits, k, false)]++] = r;
                    }
                }
            }
            int[] need = Dice.minIntersection(threshold, bits);
            long comparisons = 0;
            long[] aw = a.words;
            long[] bw = b.words;
            for (int ra = 0; ra < a.n; ra++) {
                int a0 = a.keyOffsets[ra];
                int a1 = a.keyOffsets[ra + 1];
                int pa = a.pop[ra];
                for (int q = a0; q < a1; q++) {
                    long k = a.keys[q];
                    if (partitionOf(k, parts) != part) {
                        continue;
                    }
                    int s = find(slotKey, slotCount, maskBits, k, false);
                    if (s < 0) {
                        continue;
                    }
                    for (int x = runStart[s], e = runStart[s + 1]; x < e; x++) {
                        int rb = refs[x];
                        if (shareKeyBelow(a.keys, a0, q, b.keys, b.keyOffsets[rb], b.keyOffsets[rb + 1], k)) {
                            continue; // compared in the block of the smallest shared key
                        }
                        comparisons++;
                        int pb = b.pop[rb];
                        int sum = pa + pb;
                        int nd = need[sum];
                        if (nd == Integer.MAX_VALUE || Math.min(pa, pb) < nd) {
                            continue;
                        }
                        int c = 0;
                        for (int i = ra * w, j = rb * w, e2 = i + w; i < e2; i++, j++) {
                            c += Long.bitCount(aw[i] & bw[j]);
                        }
                        if (c >= nd) {
                            out.add(a.index[ra], b.index[rb], Dice.score(c, sum));
                        }
                    }
                }
            }
            out.comparisons = comparisons;
            return Collections.singletonList(out).iterator();
        }

        /**
         * The slot of {@code key} (linear probing); with {@code insert} an empty slot is claimed for a new key,
         * without it -1 when the key is absent. A slot is taken when its count is &gt; 0 or, while filling, when
         * it holds the key; inserts bump the count at once (the caller increments), so a claimed slot is never
         * seen as empty.
         */
        private static int find(long[] slotKey, int[] slotCount, int mask, long key, boolean insert) {
            // not the partition hash (its top bits are nearly constant within one partition)
            long z = (key ^ (key >>> 30)) * 0xBF58476D1CE4E5B9L;
            int s = (int) (z ^ (z >>> 29)) & mask;
            while (true) {
                if (slotCount[s] == 0) {
                    if (insert) {
                        slotKey[s] = key;
                        return s;
                    }
                    return -1;
                }
                if (slotKey[s] == key) {
                    return s;
                }
                s = (s + 1) & mask;
            }
        }

        /**
         * Whether two records share a key smaller than {@code key}; {@code x[x0, xk)} are A's sorted keys below
         * {@code key} (xk is the position of {@code key}), {@code y[y0, y1)} B's sorted keys.
         */
        private static boolean shareKeyBelow(long[] x, int x0, int xk, long[] y, int y0, int y1, long key) {
            int i = x0;
            int j = y0;
            while (i < xk && j < y1) {
                long u = x[i];
                long v = y[j];
                if (v >= key) {
                    return false;
                }
                if (u == v) {
                    return true;
                }
                if (u < v) {
                    i++;
                } else {
                    j++;
                }
            }
            return false;
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

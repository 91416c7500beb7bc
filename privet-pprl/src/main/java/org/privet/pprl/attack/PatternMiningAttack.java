package org.privet.pprl.attack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.privet.pprl.clk.ClkSet;

/**
 * The pattern-mining attack on Bloom-filter encodings of Christen, Vidanage, Ranbaduge and Schnell ("Pattern-mining
 * based cryptanalysis of Bloom filters for privacy-preserving record linkage", PAKDD 2018; extended in
 * Christen, Ranbaduge, Vatsalan and Schnell, "Precise and fast cryptanalysis for Bloom filter based PPRL", TKDE
 * 2018). It needs no repeated encodings and works on the bit columns:
 *
 * <ol>
 *   <li>In a partition of the encodings, take the most frequent q-gram {@code q1} (frequency {@code f1}) of the
 *       attacker's plaintext values of the matching partition whose frequency differs from its neighbours' in the
 *       ranking by at least {@code stopPercent} percent, else the two could be confused (the papers stop at such a
 *       tie; here tied q-grams are passed over, among the ten most frequent).</li>
 *   <li>Mine the largest set of bit positions that are all set together in at least {@code (1 - tolerance) * f1}
 *       of the partition's encodings (frequent itemset mining on columns; here greedily by decreasing column
 *       support, which finds the maximal itemset when one q-gram dominates): those are {@code q1}'s positions.</li>
 *   <li>Refuse the set if a q-gram identified elsewhere owns most of it (then split by that q-gram instead), if
 *       it is set together far more often than {@code q1} occurs (the pattern of a more frequent q-gram), or if
 *       its size is far from the mean size so far (the attacker does not know {@code k}); then try the next
 *       q-gram in the same partition.</li>
 *   <li>Split the partition into encodings that have all those positions (they contain {@code q1}) and the rest,
 *       and the plaintext values likewise; recurse into both while a partition holds at least
 *       {@code minPartitionSize} encodings.</li>
 *   <li>Re-identify: an encoding contains exactly those identified q-grams whose positions are all set; the
 *       plaintext values with exactly that pattern of identified q-grams are its candidates (1-1 when one,
 *       1-m when up to {@code maxMany}).</li>
 * </ol>
 *
 * The attacker knows the public schema (tokenisation, so q-grams are tagged by field) but not the key. Stateless
 * and thread-safe.
 */
public final class PatternMiningAttack {
    /** Seeds tried per partition: the most supported candidate positions (q-gram positions and collision hubs). */
    private static final int MAX_SEEDS = 48;
    /** How far down the frequency ranking a partition looks for a q-gram with a clear gap. */
    private static final int TOP_RANKS = 10;
    private final double stopPercent;
    private final double tolerance;
    private final int minPartitionSize;
    private final int maxMany;
    private final int maxIdentified;

    /**
     * @param stopPercent      minimal relative gap, in percent (0..100), between the two most frequent q-grams
     * @param tolerance        slack on the expected support, in [0, 0.5)
     * @param minPartitionSize smallest partition mined (>= 2 encodings)
     * @param maxMany          most candidates of a 1-m guess (>= 2)
     * @param maxIdentified    most q-grams identified (>= 1; bounds the work)
     */
    public PatternMiningAttack(double stopPercent, double tolerance, int minPartitionSize, int maxMany,
                               int maxIdentified) {
        if (!(stopPercent >= 0 && stopPercent <= 100)) {
            throw new IllegalArgumentException("stopPercent must be in [0, 100]. Provided value: " + stopPercent);
        }
        if (!(tolerance >= 0 && tolerance < 0.5)) {
            throw new IllegalArgumentException("tolerance must be in [0, 0.5). Provided value: " + tolerance);
        }
        if (minPartitionSize < 2) {
            throw new IllegalArgumentException("minPartitionSize must be >= 2. Provided value: " + minPartitionSize);
        }
        if (maxMany < 2) {
            throw new IllegalArgumentException("maxMany must be >= 2. Provided value: " + maxMany);
        }
        if (maxIdentified < 1) {
            throw new IllegalArgumentException("maxIdentified must be >= 1. Provided value: " + maxIdentified);
        }
        this.stopPercent = stopPercent;
        this.tolerance = tolerance;
        this.minPartitionSize = minPartitionSize;
        this.maxMany = maxMany;
        this.maxIdentified = maxIdentified;
    }

    /** Defaults for a few thousand encodings: 1% gap, 10% slack, partitions of 1% (at least 10), 1-m up to 10. */
    public static PatternMiningAttack defaults(int encodings) {
        return new PatternMiningAttack(1.0, 0.1, Math.max(10, encodings / 100), 10, 500);
    }

    public int maxMany() {
        return maxMany;
    }

    /** A q-gram (token id of {@link PlaintextValues}) and the bit positions found for it. */
    public record Identified(int token, String name, int[] positions) {
    }

    /** Encodings (bit set over records), plaintext values, excluded positions, q-grams given up in it. */
    private record Partition(long[] bfs, int[] values, BitSet excluded, BitSet skipped) {
        Partition skipping(int token) {
            BitSet s = (BitSet) skipped.clone();
            s.set(token);
            return new Partition(bfs, values, excluded, s);
        }
    }

    /** The q-grams whose positions were identified, in the order found. */
    public List<Identified> identify(ClkSet encoded, PlaintextValues plain) {
        int n = encoded.size();
        int bits = encoded.bits();
        int nw = (n + 63) >>> 6;
        long[][] cols = columns(encoded);
        int[] freq = new int[plain.tokenCount()];
        boolean[] done = new boolean[plain.tokenCount()];
        List<Identified> found = new ArrayList<>();
        long[] all = new long[nw];
        for (int i = 0; i < n; i++) {
            all[i >>> 6] |= 1L << i;
        }
        int[] allValues = new int[plain.distinctValues()];
        for (int d = 0; d < allValues.length; d++) {
            allValues[d] = d;
        }
        Deque<Partition> queue = new ArrayDeque<>();
        queue.add(new Partition(all, allValues, new BitSet(bits), new BitSet()));
        int[] cnt = new int[bits];
        int[] rank = new int[plain.tokenCount()];
        Integer[] order = new Integer[bits];
        while (!queue.isEmpty() && found.size() < maxIdentified) {
            Partition p = queue.poll();
            int nb = popcount(p.bfs);
            if (nb < minPartitionSize || p.values.length == 0) {
                continue;
            }
            Arrays.fill(freq, 0);
            long total = 0;
            for (int d : p.values) {
                total += plain.count(d);
                for (int t : plain.tokens(d)) {
                    freq[t] += plain.count(d);
                }
            }
            // The most frequent q-gram with a clear frequency gap (stopPercent) to its neighbours in the ranking,
            // among the TOP_RANKS most frequent: tied q-grams could be mistaken for each other, so they are passed
            // over (the papers stop at a tie; passing over keeps mining the rest of the partition).
            int live = 0;
            for (int t = 0; t < freq.length; t++) {
                if (!done[t] && freq[t] > 0 && !p.skipped.get(t)) {
                    rank[live++] = t;
                }
            }
            if (live == 0) {
                continue;
            }
            sortByFrequency(rank, live, freq);
            int pick = -1;
            for (int r = 0; r < Math.min(live, TOP_RANKS); r++) {
                double f = freq[rank[r]];
                double next = r + 1 < live ? freq[rank[r + 1]] : 0;
                boolean clearBelow = (f - next) / f * 100 >= stopPercent;
                boolean clearAbove = r == 0 || (freq[rank[r - 1]] - f) / (double) freq[rank[r - 1]] * 100 >= stopPercent;
                if (clearBelow && clearAbove) {
                    pick = r;
                    break;
                }
            }
            if (pick < 0) {
                continue;
            }
            int t1 = rank[pick];
            double f1 = (double) freq[t1] / total;
            // more frequent q-grams' positions also pass minSupport: their itemsets are told apart by support
            double maxSupport = pick == 0 ? Double.MAX_VALUE : (1 + tolerance) * f1 * nb + 2;
            double minSupport = Math.max(1, (1 - tolerance) * f1 * nb);
            int m = 0;
            for (int b = 0; b < bits; b++) {
                if (p.excluded.get(b)) {
                    continue;
                }
                cnt[b] = popcountAnd(cols[b], p.bfs);
                if (cnt[b] >= minSupport) {
                    order[m++] = b;
                }
            }
            if (m == 0) {
                continue;
            }
            Arrays.sort(order, 0, m, (x, y) -> Integer.compare(cnt[y], cnt[x]));
            // The largest set of candidate positions set together in >= minSupport encodings: grown greedily from
            // each of the best-supported candidates as a seed (a seed at a collision hub, set by several q-grams, grows a small set).
            long[] inter = null;
            List<Integer> pos = null;
            long[] cur = new long[nw];
            long[] tmp = new long[nw];
            for (int s0 = 0; s0 < Math.min(m, MAX_SEEDS); s0++) {
                int seed = order[s0];
                if (pos != null && pos.contains(seed)) {
                    continue; // grows the same set again
                }
                for (int k = 0; k < nw; k++) {
                    cur[k] = p.bfs[k] & cols[seed][k];
                }
                List<Integer> set = new ArrayList<>();
                set.add(seed);
                for (int i = 0; i < m; i++) {
                    int b = order[i];
                    if (b == seed) {
                        continue;
                    }
                    for (int k = 0; k < nw; k++) {
                        tmp[k] = cur[k] & cols[b][k];
                    }
                    if (popcount(tmp) >= minSupport) {
                        System.arraycopy(tmp, 0, cur, 0, nw);
                        set.add(b);
                    }
                }
                int support = popcount(cur);
                if (support > maxSupport) {
                    continue;
                }
                if (pos == null || set.size() > pos.size()
                        || set.size() == pos.size() && support > popcount(inter)) {
                    pos = set;
                    inter = cur.clone();
                }
            }
            if (pos == null) {
                queue.addFirst(p.skipping(t1)); // no itemset of q1's support here: try the next q-gram
                continue;
            }
            int clash = clash(pos, found);
            if (clash >= 0) {
                // The pattern is a q-gram identified in another partition, which varies here: split by it (its
                // positions are known) instead of giving its positions to q1.
                Identified j = found.get(clash);
                long[] has = p.bfs.clone();
                for (int b : j.positions()) {
                    for (int k = 0; k < nw; k++) {
                        has[k] &= cols[b][k];
                    }
                }
                split(queue, p, has, j.token(), j.positions(), plain, nw);
                continue;
            }
            if (!found.isEmpty()) {
                // the positions of one q-gram number about k: a set far from the mean so far is a chance pattern
                double mean = 0;
                for (Identified f : found) {
                    mean += f.positions().length;
                }
                mean /= found.size();
                if (found.size() >= 3 && (pos.size() > 1.5 * mean || pos.size() < 0.5 * mean)) {
                    queue.addFirst(p.skipping(t1)); // q1's pattern is not found here: try the next q-gram

                    continue;
                }
            }
            int[] positions = pos.stream().mapToInt(Integer::intValue).toArray();
            done[t1] = true;
            found.add(new Identified(t1, plain.tokenName(t1), positions));
            split(queue, p, inter, t1, positions, plain, nw);
        }
        return found;
    }

    /** Sorts {@code rank[0..n)} by decreasing {@code freq}, ties by token id (deterministic). */
    private static void sortByFrequency(int[] rank, int n, int[] freq) {
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = rank[i];
        }
        Arrays.sort(boxed, (x, y) -> freq[x] != freq[y] ? Integer.compare(freq[y], freq[x]) : Integer.compare(x, y));
        for (int i = 0; i < n; i++) {
            rank[i] = boxed[i];
        }
    }

    /** Index of an identified q-gram sharing more than half of {@code pos}, or -1. */
    private static int clash(List<Integer> pos, List<Identified> found) {
        for (int j = 0; j < found.size(); j++) {
            int shared = 0;
            for (int b : found.get(j).positions()) {
                if (pos.contains(b)) {
                    shared++;
                }
            }
            if (2 * shared > pos.size()) {
                return j;
            }
        }
        return -1;
    }

    /** Splits a partition into encodings {@code with} (all positions set) and the rest, values by the token. */
    private static void split(Deque<Partition> queue, Partition p, long[] with, int token, int[] positions,
                              PlaintextValues plain, int nw) {
        long[] without = new long[nw];
        for (int k = 0; k < nw; k++) {
            without[k] = p.bfs[k] & ~with[k];
        }
        int nWith = 0;
        for (int d : p.values) {
            if (plain.has(d, token)) {
                nWith++;
            }
        }
        int[] vWith = new int[nWith];
        int[] vWithout = new int[p.values.length - nWith];
        int a = 0;
        int c = 0;
        for (int d : p.values) {
            if (plain.has(d, token)) {
                vWith[a++] = d;
            } else {
                vWithout[c++] = d;
            }
        }
        BitSet ex = (BitSet) p.excluded.clone();
        for (int b : positions) {
            ex.set(b);
        }
        queue.add(new Partition(with, vWith, ex, new BitSet()));
        queue.add(new Partition(without, vWithout, ex, new BitSet()));
    }

    /** Runs the attack: per encoded record, the candidate values (empty when none or more than {@code maxMany}). */
    public List<List<String>> attack(ClkSet encoded, PlaintextValues plain, int[] identifiedCount) {
        List<Identified> g = identify(encoded, plain);
        if (identifiedCount != null && identifiedCount.length > 0) {
            identifiedCount[0] = g.size();
        }
        int gw = Math.max(1, (g.size() + 63) >>> 6);
        Map<PatternKey, List<String>> byPattern = new HashMap<>();
        for (int d = 0; d < plain.distinctValues(); d++) {
            long[] key = new long[gw];
            for (int j = 0; j < g.size(); j++) {
                if (plain.has(d, g.get(j).token())) {
                    key[j >>> 6] |= 1L << j;
                }
            }
            byPattern.computeIfAbsent(new PatternKey(key), k -> new ArrayList<>()).add(plain.value(d));
        }
        int w = encoded.wordsPerRecord();
        long[] words = encoded.words();
        List<List<String>> guesses = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            long[] key = new long[gw];
            for (int j = 0; j < g.size(); j++) {
                boolean all = true;
                for (int b : g.get(j).positions()) {
                    if ((words[i * w + (b >>> 6)] >>> b & 1L) == 0) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    key[j >>> 6] |= 1L << j;
                }
            }
            List<String> c = byPattern.get(new PatternKey(key));
            guesses.add(c == null || c.size() > maxMany ? List.of() : List.copyOf(c));
        }
        return guesses;
    }

    /** Bit columns: {@code cols[b]} has bit i set when encoding i has bit b set. */
    static long[][] columns(ClkSet s) {
        int n = s.size();
        int nw = (n + 63) >>> 6;
        int w = s.wordsPerRecord();
        long[][] cols = new long[s.bits()][nw];
        long[] words = s.words();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < w; k++) {
                long x = words[i * w + k];
                while (x != 0) {
                    int b = k * 64 + Long.numberOfTrailingZeros(x);
                    cols[b][i >>> 6] |= 1L << i;
                    x &= x - 1;
                }
            }
        }
        return cols;
    }

    private static int popcount(long[] a) {
        int c = 0;
        for (long x : a) {
            c += Long.bitCount(x);
        }
        return c;
    }

    private static int popcountAnd(long[] a, long[] b) {
        int c = 0;
        for (int i = 0; i < a.length; i++) {
            c += Long.bitCount(a[i] & b[i]);
        }
        return c;
    }

    private record PatternKey(long[] w) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PatternKey k && Arrays.equals(w, k.w);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(w);
        }
    }
}

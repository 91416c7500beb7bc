package org.privet.pprl.link;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The greedy multiparty solver of anonlink ({@code probabilistic_greedy_solve}; {@code greedy_solve} is the
 * case {@code mergeThreshold = 1}). Records (numbered globally) start in no group. Candidates are visited
 * from the highest score down; for a pair {@code (u, v)}:
 * <ul>
 *   <li>neither grouped: they form a new group (unless deduplication forbids two records of one database);</li>
 *   <li>one grouped: the other joins when {@code 1 >= mergeThreshold * |group|} (a group of one, or a lenient
 *       threshold), else it starts its own group and the two groups share one matchable pair;</li>
 *   <li>both grouped, different groups: they merge when {@code (matchable pairs between them + 1) >=
 *       mergeThreshold * |g1| * |g2|}, else their matchable count grows by one.</li>
 * </ul>
 * With {@code mergeThreshold = 1} every pair inside a group is a candidate pair. With {@code deduplicated},
 * a group never holds two records of the same database. Groups of one are dropped. Stateless; thread safe.
 */
public final class MultipartySolver {
    private MultipartySolver() {
    }

    /**
     * @param candidates     pairs of global record numbers, sorted by {@link CandidatePairs#sortByScore()}
     * @param datasetOf      database of each global record number
     * @param mergeThreshold in {@code (0, 1]}
     * @param deduplicated   never put two records of one database in a group
     * @return the groups (of two or more global record numbers), each sorted ascending, ordered by their
     *         smallest member
     */
    public static List<int[]> solve(CandidatePairs candidates, int[] datasetOf, double mergeThreshold,
            boolean deduplicated) {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(datasetOf, "datasetOf");
        if (!(mergeThreshold > 0 && mergeThreshold <= 1)) {
            throw new IllegalArgumentException("mergeThreshold must be in (0, 1]. Provided value: " + mergeThreshold);
        }
        int n = datasetOf.length;
        int[] groupOf = new int[n];
        Arrays.fill(groupOf, -1);
        List<int[]> members = new ArrayList<>(); // group id -> {size, m0, m1, ...} grown on demand
        List<BitSet> datasets = new ArrayList<>();
        Map<Long, Integer> matchable = new HashMap<>();
        List<Set<Integer>> neighbours = new ArrayList<>();
        double prev = Double.POSITIVE_INFINITY;
        for (int p = 0; p < candidates.size(); p++) {
            double sc = candidates.score(p);
            if (sc > prev) {
                throw new IllegalArgumentException("candidates must be sorted by score, descending: pair " + p
                        + " has score " + sc + " after " + prev);
            }
            prev = sc;
            int u = candidates.a(p);
            int v = candidates.b(p);
            Objects.checkIndex(u, n);
            Objects.checkIndex(v, n);
            if (u == v) {
                continue;
            }
            int gu = groupOf[u];
            int gv = groupOf[v];
            if (gu >= 0 && gv >= 0) {
                if (gu == gv) {
                    continue;
                }
                long key = pairKey(gu, gv);
                int overlap = matchable.getOrDefault(key, 0) + 1;
                long total = (long) size(members.get(gu)) * size(members.get(gv));
                boolean dupOk = !deduplicated || !datasets.get(gu).intersects(datasets.get(gv));
                if (overlap >= mergeThreshold * total && dupOk) {
                    int big = size(members.get(gu)) >= size(members.get(gv)) ? gu : gv;
                    int small = big == gu ? gv : gu;
                    merge(big, small, members, datasets, groupOf, matchable, neighbours);
                } else {
                    bump(matchable, neighbours, gu, gv, 1);
                }
                continue;
            }
            if (gu < 0 && gv >= 0) {
                int t = u;
                u = v;
                v = t;
                gu = gv;
                gv = -1;
            }
            if (gu >= 0) {
                int[] g = members.get(gu);
                boolean dupOk = !deduplicated || !datasets.get(gu).get(datasetOf[v]);
                if (1 >= mergeThreshold * size(g) && dupOk) {
                    members.set(gu, append(g, v));
                    datasets.get(gu).set(datasetOf[v]);
                    groupOf[v] = gu;
                } else {
                    int gn = newGroup(members, datasets, neighbours, v, datasetOf);
                    groupOf[v] = gn;
                    bump(matchable, neighbours, gu, gn, 1);
                }
                continue;
            }
            if (!deduplicated || datasetOf[u] != datasetOf[v]) {
                int gn = newGroup(members, datasets, neighbours, u, datasetOf);
                members.set(gn, append(members.get(gn), v));
                datasets.get(gn).set(datasetOf[v]);
                groupOf[u] = gn;
                groupOf[v] = gn;
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int[] g : members) {
            if (g != null && size(g) > 1) {
                int[] m = Arrays.copyOfRange(g, 1, 1 + size(g));
                Arrays.sort(m);
                out.add(m);
            }
        }
        out.sort((x, y) -> Integer.compare(x[0], y[0]));
        return out;
    }

    private static int size(int[] g) {
        return g[0];
    }

    private static int[] append(int[] g, int r) {
        int s = g[0];
        if (s + 1 >= g.length) {
            g = Arrays.copyOf(g, g.length * 2);
        }
        g[s + 1] = r;
        g[0] = s + 1;
        return g;
    }

    private static int newGroup(List<int[]> members, List<BitSet> datasets, List<Set<Integer>> neighbours, int r,
            int[] datasetOf) {
        int[] g = new int[4];
        g[0] = 1;
        g[1] = r;
        members.add(g);
        BitSet d = new BitSet();
        d.set(datasetOf[r]);
        datasets.add(d);
        neighbours.add(new HashSet<>());
        return members.size() - 1;
    }

    private static long pairKey(int g1, int g2) {
        int lo = Math.min(g1, g2);
        int hi = Math.max(g1, g2);
        return ((long) lo << 32) | (hi & 0xFFFFFFFFL);
    }

    private static void bump(Map<Long, Integer> matchable, List<Set<Integer>> neighbours, int g1, int g2, int by) {
        matchable.merge(pairKey(g1, g2), by, Integer::sum);
        neighbours.get(g1).add(g2);
        neighbours.get(g2).add(g1);
    }

    private static void merge(int big, int small, List<int[]> members, List<BitSet> datasets, int[] groupOf,
            Map<Long, Integer> matchable, List<Set<Integer>> neighbours) {
        int[] gs = members.get(small);
        int[] gb = members.get(big);
        for (int q = 1; q <= size(gs); q++) {
            gb = append(gb, gs[q]);
            groupOf[gs[q]] = big;
        }
        members.set(big, gb);
        members.set(small, null);
        datasets.get(big).or(datasets.get(small));
        matchable.remove(pairKey(big, small));
        neighbours.get(big).remove(small);
        for (int j : neighbours.get(small)) {
            if (j == big) {
                continue;
            }
            Integer c = matchable.remove(pairKey(small, j));
            neighbours.get(j).remove(small);
            if (c != null) {
                bump(matchable, neighbours, big, j, c);
            }
        }
        neighbours.set(small, new HashSet<>());
    }
}

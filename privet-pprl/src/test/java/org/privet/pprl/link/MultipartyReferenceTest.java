package org.privet.pprl.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MultipartySolver} against a line-by-line transcription of anonlink's
 * {@code probabilistic_greedy_solve_python} (groups as lists, matchable counts keyed by group identity),
 * on random candidate sets with ties.
 */
class MultipartyReferenceTest {
    /** The Python algorithm, transcribed with the same data structures. */
    private static List<int[]> reference(CandidatePairs c, int[] ds, double mergeThreshold, boolean dedup) {
        Map<Integer, List<Integer>> matches = new HashMap<>();
        Map<List<Integer>, Map<List<Integer>, Integer>> matchable = new IdentityHashMap<>();
        for (int p = 0; p < c.size(); p++) {
            int i0 = c.a(p);
            int i1 = c.b(p);
            if (i0 == i1) {
                continue;
            }
            if (matches.containsKey(i0) && matches.containsKey(i1)) {
                List<Integer> m0 = matches.get(i0);
                List<Integer> m1 = matches.get(i1);
                if (m0 == m1) {
                    continue;
                }
                int overlap = matchable.computeIfAbsent(m0, k -> new IdentityHashMap<>()).getOrDefault(m1, 0) + 1;
                int total = m0.size() * m1.size();
                boolean dupOk = true;
                if (dedup) {
                    for (int x : m0) {
                        for (int y : m1) {
                            dupOk &= ds[x] != ds[y];
                        }
                    }
                }
                if (overlap >= mergeThreshold * total && dupOk) {
                    if (m0.size() < m1.size()) {
                        List<Integer> t = m0;
                        m0 = m1;
                        m1 = t;
                    }
                    m0.addAll(m1);
                    for (int x : m1) {
                        matches.put(x, m0);
                    }
                    Map<List<Integer>, Integer> r0 = matchable.computeIfAbsent(m0, k -> new IdentityHashMap<>());
                    Map<List<Integer>, Integer> r1 = matchable.computeIfAbsent(m1, k -> new IdentityHashMap<>());
                    r0.remove(m1);
                    r1.remove(m0);
                    for (Map.Entry<List<Integer>, Integer> e : r1.entrySet()) {
                        r0.merge(e.getKey(), e.getValue(), Integer::sum);
                        Map<List<Integer>, Integer> rj = matchable.computeIfAbsent(e.getKey(), k -> new IdentityHashMap<>());
                        rj.merge(m0, e.getValue(), Integer::sum);
                        rj.remove(m1);
                    }
                    matchable.remove(m1);
                } else {
                    matchable.computeIfAbsent(m0, k -> new IdentityHashMap<>()).merge(m1, 1, Integer::sum);
                    matchable.computeIfAbsent(m1, k -> new IdentityHashMap<>()).merge(m0, 1, Integer::sum);
                }
                continue;
            }
            if (!matches.containsKey(i0) && matches.containsKey(i1)) {
                int t = i0;
                i0 = i1;
                i1 = t;
            }
            if (matches.containsKey(i0)) {
                List<Integer> m0 = matches.get(i0);
                boolean dupOk = true;
                if (dedup) {
                    for (int x : m0) {
                        dupOk &= ds[x] != ds[i1];
                    }
                }
                if (1 >= mergeThreshold * m0.size() && dupOk) {
                    m0.add(i1);
                    matches.put(i1, m0);
                } else {
                    List<Integer> m1 = new ArrayList<>(List.of(i1));
                    matches.put(i1, m1);
                    matchable.computeIfAbsent(m1, k -> new IdentityHashMap<>()).put(m0, 1);
                    matchable.computeIfAbsent(m0, k -> new IdentityHashMap<>()).put(m1, 1);
                }
                continue;
            }
            if (!dedup || ds[i0] != ds[i1]) {
                List<Integer> g = new ArrayList<>(List.of(i0, i1));
                matches.put(i0, g);
                matches.put(i1, g);
            }
        }
        Map<List<Integer>, Boolean> seen = new IdentityHashMap<>();
        List<int[]> out = new ArrayList<>();
        for (List<Integer> g : matches.values()) {
            if (g.size() > 1 && seen.put(g, true) == null) {
                int[] m = g.stream().mapToInt(Integer::intValue).toArray();
                Arrays.sort(m);
                out.add(m);
            }
        }
        out.sort((x, y) -> Integer.compare(x[0], y[0]));
        return out;
    }

    @ParameterizedTest(name = "merge threshold {0}, deduplicated {1}, seed {2}")
    @CsvSource({"1.0, true, 1", "1.0, false, 2", "0.5, true, 3", "0.5, false, 4", "0.7, true, 5", "0.34, true, 6",
        "1.0, true, 7", "0.6, false, 8"})
    void agreesWithTheTranscribedPythonSolver(double merge, boolean dedup, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int datasets = 4;
        int perSet = 30;
        int[] ds = new int[datasets * perSet];
        for (int i = 0; i < ds.length; i++) {
            ds[i] = i / perSet;
        }
        for (int trial = 0; trial < 10; trial++) {
            CandidatePairs c = new CandidatePairs();
            // entities of size 2-4 with near-duplicates across databases, plus random noise edges; scores on a
            // coarse grid so that ties occur
            for (int e = 0; e < 400; e++) {
                int u = r.nextInt(ds.length);
                int v = r.nextBoolean() ? (u + perSet * (1 + r.nextInt(datasets - 1))) % ds.length : r.nextInt(ds.length);
                if (ds[u] == ds[v]) {
                    continue;
                }
                c.add(Math.min(u, v), Math.max(u, v), r.nextInt(20) / 20.0);
            }
            c.sortByScore();
            List<int[]> expected = reference(c, ds, merge, dedup);
            List<int[]> actual = MultipartySolver.solve(c, ds, merge, dedup);
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void twoDatabasesWithMergeThresholdOneIsTheGreedyOneToOneSolver() {
        SplittableRandom r = new SplittableRandom(99);
        int n = 40;
        int[] ds = new int[2 * n];
        Arrays.fill(ds, n, 2 * n, 1);
        for (int trial = 0; trial < 10; trial++) {
            CandidatePairs local = new CandidatePairs();
            CandidatePairs global = new CandidatePairs();
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int e = 0; e < 300; e++) {
                int a = r.nextInt(n);
                int b = r.nextInt(n);
                if (!seen.add(a * n + b)) {
                    continue; // candidate generation never repeats a pair; a repeat could merge groups of 3
                }
                double s = r.nextInt(10) / 10.0;
                local.add(a, b, s);
                global.add(a, n + b, s);
            }
            local.sortByScore();
            global.sortByScore();
            CandidatePairs greedy = GreedySolver.solve(local);
            List<int[]> expected = new ArrayList<>();
            for (int i = 0; i < greedy.size(); i++) {
                expected.add(new int[] {greedy.a(i), n + greedy.b(i)});
            }
            expected.sort((x, y) -> Integer.compare(x[0], y[0]));
            assertThat(MultipartySolver.solve(global, ds, 1.0, true)).usingRecursiveComparison().isEqualTo(expected);
            assertThat(reference(global, ds, 1.0, false)).usingRecursiveComparison().isEqualTo(expected);
        }
    }
}

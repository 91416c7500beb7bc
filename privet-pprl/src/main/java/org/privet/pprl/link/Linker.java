package org.privet.pprl.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.privet.pprl.clk.ClkSet;

/**
 * One-call linkage of encoded databases.
 *
 * <pre>{@code
 * List<Match> links = Linker.link(a, b, LinkOptions.builder().threshold(0.8).build());
 * }</pre>
 *
 * Two databases: {@link CandidateSearch} then, unless {@code oneToOne} is off, the {@link GreedySolver}.
 * Three or more: candidates between every pair of databases, then the {@link MultipartySolver} (with the
 * options' merge threshold, deduplicated: a cluster holds at most one record per database). Stateless;
 * thread safe; the work itself runs on {@code options.threads()} threads.
 */
public final class Linker {
    private Linker() {
    }

    /**
     * Result of a two-database linkage.
     *
     * @param matches     the links, by score descending (ties: lower index of A, then of B)
     * @param comparisons pairs considered (see {@link CandidateSearch.Result#comparisons()})
     * @param candidates  pairs at or above the threshold (after top-k), before the solver
     */
    public record LinkResult(List<Match> matches, long comparisons, int candidates) {
    }

    /** Links two databases; see {@link #run}. */
    public static List<Match> link(ClkSet a, ClkSet b, LinkOptions options) {
        return run(a, b, options).matches();
    }

    /** Links two databases and reports the counts. */
    public static LinkResult run(ClkSet a, ClkSet b, LinkOptions options) {
        Objects.requireNonNull(options, "options");
        CandidateSearch.Result r = CandidateSearch.search(a, b, options);
        CandidatePairs chosen = options.oneToOne() ? GreedySolver.solve(r.pairs()) : r.pairs();
        List<Match> out = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            int ia = chosen.a(i);
            int ib = chosen.b(i);
            out.add(new Match(ia, ib, a.id(ia), b.id(ib), chosen.score(i)));
        }
        return new LinkResult(out, r.comparisons(), r.pairs().size());
    }

    /**
     * Links {@code sets.size() >= 2} databases into clusters of records of distinct databases (anonlink's
     * greedy multiparty solver).
     *
     * @return clusters of two or more records, members ordered by database then index; clusters ordered by
     *         their first member
     */
    public static List<List<RecordRef>> linkMany(List<ClkSet> sets, LinkOptions options) {
        Objects.requireNonNull(sets, "sets");
        Objects.requireNonNull(options, "options");
        if (sets.size() < 2) {
            throw new IllegalArgumentException("need at least 2 databases. Provided: " + sets.size());
        }
        int[] offset = new int[sets.size() + 1];
        for (int d = 0; d < sets.size(); d++) {
            offset[d + 1] = Math.addExact(offset[d], sets.get(d).size());
        }
        int[] datasetOf = new int[offset[sets.size()]];
        for (int d = 0; d < sets.size(); d++) {
            java.util.Arrays.fill(datasetOf, offset[d], offset[d + 1], d);
        }
        if (options.keysA() != null) {
            throw new IllegalArgumentException("precomputed block keys name two databases; for several databases "
                    + "use a ClkBlocking (for example HammingLsh)");
        }
        CandidatePairs all = new CandidatePairs();
        for (int p = 0; p < sets.size(); p++) {
            for (int q = p + 1; q < sets.size(); q++) {
                String label = "databases " + p + "-" + q + ": ";
                LinkProgress outer = options.progress();
                LinkOptions pairOptions = options.toBuilder()
                        .progress((stage, done, total) -> outer.update(label + stage, done, total)).build();
                CandidatePairs c = CandidateSearch.search(sets.get(p), sets.get(q), pairOptions).pairs();
                CandidatePairs global = new CandidatePairs(c.size());
                for (int i = 0; i < c.size(); i++) {
                    global.add(offset[p] + c.a(i), offset[q] + c.b(i), c.score(i));
                }
                all.addAll(global);
            }
        }
        all.sortByScore();
        List<int[]> groups = MultipartySolver.solve(all, datasetOf, options.mergeThreshold(), true);
        List<List<RecordRef>> out = new ArrayList<>(groups.size());
        for (int[] g : groups) {
            List<RecordRef> cl = new ArrayList<>(g.length);
            for (int x : g) {
                int d = datasetOf[x];
                int idx = x - offset[d];
                cl.add(new RecordRef(d, idx, sets.get(d).id(idx)));
            }
            out.add(List.copyOf(cl));
        }
        return out;
    }
}

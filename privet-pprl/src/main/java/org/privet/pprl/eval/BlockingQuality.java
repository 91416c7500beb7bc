package org.privet.pprl.eval;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.privet.pprl.block.BlockIndex;
import org.privet.pprl.block.BlockKeys;

/**
 * Quality of a blocking against the true links (Christen 2012, "Data Matching", ch. 7):
 * {@code pairsCompleteness = true pairs sharing a block / true pairs}, {@code reductionRatio = 1 -
 * candidate pairs / (|A| * |B|)}, where the candidate pairs are the distinct pairs sharing at least one key.
 *
 * @param truePairs         distinct true pairs whose ids both exist in the databases
 * @param truePairsBlocked  of those, pairs sharing a key
 * @param candidatePairs    distinct pairs sharing a key
 * @param totalPairs        {@code |A| * |B|}
 * @param unknownIds        true pairs naming an id absent from the databases (ignored)
 */
public record BlockingQuality(long truePairs, long truePairsBlocked, long candidatePairs, long totalPairs,
        long unknownIds, double pairsCompleteness, double reductionRatio) {

    /**
     * @param idsA  ids of the first database, in record order (as the keys)
     * @param keysA keys of the first database
     * @param idsB  ids of the second database
     * @param keysB keys of the second database
     * @param truth the true links
     */
    public static BlockingQuality of(List<String> idsA, BlockKeys keysA, List<String> idsB, BlockKeys keysB,
            Collection<Pair> truth) {
        Objects.requireNonNull(truth, "truth");
        if (idsA.size() != keysA.size() || idsB.size() != keysB.size()) {
            throw new IllegalArgumentException("keys cover " + keysA.size() + " and " + keysB.size()
                    + " records, the id lists have " + idsA.size() + " and " + idsB.size());
        }
        BlockIndex index = BlockIndex.of(keysB);
        long[] ka = keysA.keys();
        int[] stamp = new int[idsB.size()];
        long candidates = 0;
        for (int i = 0; i < keysA.size(); i++) {
            int mark = i + 1;
            for (int e = keysA.start(i); e < keysA.end(i); e++) {
                int g = index.group(ka[e]);
                if (g < 0) {
                    continue;
                }
                for (int p = index.groupStart(g); p < index.groupEnd(g); p++) {
                    int j = index.member(p);
                    if (stamp[j] != mark) {
                        stamp[j] = mark;
                        candidates++;
                    }
                }
            }
        }
        Map<String, Integer> posA = positions(idsA);
        Map<String, Integer> posB = positions(idsB);
        long truePairs = 0;
        long blocked = 0;
        long unknown = 0;
        for (Pair p : new java.util.HashSet<>(truth)) {
            Integer i = posA.get(p.idA());
            Integer j = posB.get(p.idB());
            if (i == null || j == null) {
                unknown++;
                continue;
            }
            truePairs++;
            if (share(keysA, i, keysB, j)) {
                blocked++;
            }
        }
        long total = (long) idsA.size() * idsB.size();
        double pc = truePairs == 0 ? 0.0 : (double) blocked / truePairs;
        double rr = total == 0 ? 0.0 : 1.0 - (double) candidates / total;
        return new BlockingQuality(truePairs, blocked, candidates, total, unknown, pc, rr);
    }

    private static Map<String, Integer> positions(List<String> ids) {
        Map<String, Integer> m = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            m.putIfAbsent(ids.get(i), i);
        }
        return m;
    }

    private static boolean share(BlockKeys a, int i, BlockKeys b, int j) {
        long[] ka = a.keys();
        long[] kb = b.keys();
        for (int e = a.start(i); e < a.end(i); e++) {
            for (int f = b.start(j); f < b.end(j); f++) {
                if (ka[e] == kb[f]) {
                    return true;
                }
            }
        }
        return false;
    }
}

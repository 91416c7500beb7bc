package org.privet.core.data.split;

import java.util.Arrays;
import org.privet.core.data.Dataset;
import org.privet.core.rng.Rng;

/**
 * The disjoint data pools of a membership-inference experiment, drawn from one data set:
 * <ul>
 *   <li><b>members</b>: the target model's training set;</li>
 *   <li><b>non-members</b>: examples from the same distribution the target never saw (the
 *       attack is scored on members vs non-members);</li>
 *   <li><b>reference</b> (population): data the attacker may use to train shadow / reference
 *       models or calibrate thresholds; disjoint from both.</li>
 * </ul>
 *
 * <p>Each pool is stratified: its class counts are proportional to the data set's (largest
 * remainder; a class runs short only when the pools together exhaust it, then the others make up
 * the difference). Examples are drawn uniformly at random within each class. The index arrays are
 * ascending and recorded for the report, with the seed. Immutable; accessors return copies.
 */
public final class AttackSplits {
    private final Dataset source;
    private final int[] members;
    private final int[] nonMembers;
    private final int[] reference;
    private final long seed;

    private AttackSplits(Dataset source, int[] members, int[] nonMembers, int[] reference, long seed) {
        this.source = source;
        this.members = members;
        this.nonMembers = nonMembers;
        this.reference = reference;
        this.seed = seed;
    }

    /**
     * Draws the three pools.
     *
     * @param members    number of target members, >= 1
     * @param nonMembers number of target non-members, >= 1
     * @param reference  size of the reference pool, >= 0
     * @param rng        seeded generator (a child named "attack-splits" is used)
     * @throws IllegalArgumentException when the pools need more examples than the data set has
     */
    public static AttackSplits create(Dataset data, int members, int nonMembers, int reference, Rng rng) {
        if (members < 1 || nonMembers < 1 || reference < 0) {
            throw new IllegalArgumentException("pool sizes must be members >= 1, nonMembers >= 1, reference >= 0. "
                    + "Provided value: " + members + ", " + nonMembers + ", " + reference);
        }
        long need = (long) members + nonMembers + reference;
        if (need > data.size()) {
            throw new IllegalArgumentException("pools of " + members + " + " + nonMembers + " + " + reference + " = "
                    + need + " examples need more than the " + data.size() + " of data set '" + data.name() + "'");
        }
        int[][] byClass = Splits.shuffledByClass(data, rng.child("attack-splits"));
        int[] counts = data.classCounts();
        int[] capacity = counts.clone();
        int[] taken = new int[counts.length];
        int[][] pools = new int[3][];
        int[] sizes = {members, nonMembers, reference};
        for (int p = 0; p < 3; p++) {
            int[] quota = Allocation.allocate(sizes[p], counts, capacity);
            int[] pool = new int[sizes[p]];
            int w = 0;
            for (int c = 0; c < counts.length; c++) {
                System.arraycopy(byClass[c], taken[c], pool, w, quota[c]);
                w += quota[c];
                taken[c] += quota[c];
                capacity[c] -= quota[c];
            }
            Arrays.sort(pool);
            pools[p] = pool;
        }
        return new AttackSplits(data, pools[0], pools[1], pools[2], rng.seed());
    }

    public Dataset source() {
        return source;
    }

    /** Seed of the generator the pools were drawn with. */
    public long seed() {
        return seed;
    }

    /** Indices (into {@link #source()}) of the target's training set, ascending. */
    public int[] memberIndices() {
        return members.clone();
    }

    /** Indices of the target's non-members, ascending. */
    public int[] nonMemberIndices() {
        return nonMembers.clone();
    }

    /** Indices of the reference (population) pool, ascending. */
    public int[] referenceIndices() {
        return reference.clone();
    }

    /** The target's training set (copied). */
    public Dataset members() {
        return source.subset(members);
    }

    /** The target's non-members (copied). */
    public Dataset nonMembers() {
        return source.subset(nonMembers);
    }

    /** The reference pool (copied). */
    public Dataset reference() {
        return source.subset(reference);
    }

    @Override
    public String toString() {
        return "AttackSplits[" + source.name() + " (" + source.contentHash().substring(0, 12) + "), members="
                + members.length + ", nonMembers=" + nonMembers.length + ", reference=" + reference.length + ", seed="
                + seed + "]";
    }
}

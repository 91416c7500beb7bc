package org.privet.pprl.block;

import java.util.Objects;

/**
 * An inverted index of one database's {@link BlockKeys}: for a key, the records that carry it. Built in
 * linear time with an open-addressing hash table of primitive longs (no boxing). Immutable once built;
 * thread safe.
 *
 * <p>Usage: {@code int g = index.group(key); if (g >= 0) for (int p = index.groupStart(g); p <
 * index.groupEnd(g); p++) use(index.member(p));}. A record appears once per distinct key it carries.
 */
public final class BlockIndex {
    private final long[] tableKeys;
    private final int[] tableGroups;
    private final int mask;
    private final int[] groupOffsets;
    private final int[] members;

    private BlockIndex(long[] tableKeys, int[] tableGroups, int[] groupOffsets, int[] members) {
        this.tableKeys = tableKeys;
        this.tableGroups = tableGroups;
        this.mask = tableKeys.length - 1;
        this.groupOffsets = groupOffsets;
        this.members = members;
    }

    /** Indexes {@code keys}; a key repeated within one record counts once. */
    public static BlockIndex of(BlockKeys keys) {
        Objects.requireNonNull(keys, "keys");
        long[] k = keys.keys();
        int cap = Integer.highestOneBit(Math.max(4, k.length * 2 - 1)) << 1;
        long[] tk = new long[cap];
        int[] tg = new int[cap];
        java.util.Arrays.fill(tg, -1);
        int m = cap - 1;
        int[] entryGroup = new int[k.length];
        int groups = 0;
        int[] counts = new int[Math.max(4, k.length)];
        for (int e = 0; e < k.length; e++) {
            long key = k[e];
            int h = slot(key, m);
            while (tg[h] >= 0 && tk[h] != key) {
                h = (h + 1) & m;
            }
            if (tg[h] < 0) {
                tk[h] = key;
                tg[h] = groups++;
            }
            entryGroup[e] = tg[h];
        }
        // count, skipping repeats of a key within one record
        int[] lastRecord = new int[groups];
        java.util.Arrays.fill(lastRecord, -1);
        int[] use = new int[k.length];
        int total = 0;
        for (int r = 0; r < keys.size(); r++) {
            for (int e = keys.start(r); e < keys.end(r); e++) {
                int g = entryGroup[e];
                if (lastRecord[g] != r) {
                    lastRecord[g] = r;
                    counts[g]++;
                    use[e] = 1;
                    total++;
                }
            }
        }
        int[] off = new int[groups + 1];
        for (int g = 0; g < groups; g++) {
            off[g + 1] = off[g] + counts[g];
        }
        int[] fill = java.util.Arrays.copyOf(off, groups);
        int[] mem = new int[total];
        for (int r = 0; r < keys.size(); r++) {
            for (int e = keys.start(r); e < keys.end(r); e++) {
                if (use[e] != 0) {
                    mem[fill[entryGroup[e]]++] = r;
                }
            }
        }
        return new BlockIndex(tk, tg, off, mem);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The group (block) of {@code key}, or -1 when no record carries it. */
    public int group(long key) {
        int h = slot(key, mask);
        while (true) {
            int g = tableGroups[h];
            if (g < 0) {
                return -1;
            }
            if (tableKeys[h] == key) {
                return g;
            }
            h = (h + 1) & mask;
        }
    }

    /** Number of distinct keys (blocks). */
    public int groups() {
        return groupOffsets.length - 1;
    }

    public int groupStart(int g) {
        return groupOffsets[g];
    }

    public int groupEnd(int g) {
        return groupOffsets[g + 1];
    }

    /** The record at position {@code p} of the member list. */
    public int member(int p) {
        return members[p];
    }
}

package org.privet.dp.sgd;

/**
 * A cumulative table's boundaries indexed by the first 16 bits of a uniform fraction: for each cell (the 32-bit
 * prefixes {@code t 2^16 .. t 2^16 + 2^16 - 1}), the first entry whose top 32 bits reach the cell, from which the
 * entry of any prefix in the cell is a short scan, and whether the whole cell lies in that entry. Shared by the block
 * table ({@link BlockTable}) and the rectangle-and-wedge table ({@link WedgeTable}). Immutable and thread-safe.
 */
final class PrefixCells {
    /** Bits of the fraction that index a cell. */
    static final int BITS = 16;

    private final long[] top32;
    /** start[t] = the first entry whose top 32 bits are at least the first prefix of cell t (those before end below). */
    private final short[] start = new short[1 << BITS];

    /**
     * @param top32 the top 32 bits of each cumulative fraction (entry i covers {@code [CUM[i-1], CUM[i])}), unsigned,
     *              non-decreasing, the last {@code 0xFFFFFFFF} (a cumulative 2^128 - 1), at most 32,767 entries
     */
    PrefixCells(long[] top32) {
        this.top32 = top32;
        int k = 0;
        for (int t = 0; t < 1 << BITS; t++) {
            long lo = (long) t << (32 - BITS);
            while (k < top32.length - 1 && top32[k] < lo) {
                k++;
            }
            start[t] = (short) k;
        }
    }

    /**
     * The entry that holds every 32-bit prefix of cell t (no boundary's top 32 bits fall in the cell: then every
     * prefix, and every longer fraction, of the cell lies strictly between the same two boundaries), or -1.
     */
    int inside(int t) {
        int k = start[t];
        long hi = ((long) t << (32 - BITS)) + (1L << (32 - BITS)) - 1;
        return top32[k] > hi ? k : -1;
    }

    /** The first entry that can hold a fraction whose first 16 bits are t. */
    int start(int t) {
        return start[t];
    }

    /**
     * The entry of the fraction whose first 32 bits are {@code p} (the first with {@code CUM > U}), or -1 when they
     * do not decide it (a boundary's top 32 bits equal {@code p}: more bits needed): a scan from the cell's start,
     * one or two steps where a cell holds boundaries.
     */
    int lookup32(long p) {
        int j = start[(int) (p >>> (32 - BITS))];
        int last = top32.length - 1;
        while (j < last && top32[j] <= p) {
            j++;
        }
        if (top32[j] <= p || (j > 0 && top32[j - 1] == p)) {
            return -1;
        }
        return j;
    }
}

package org.privet.spark.linkage;

import java.io.Serializable;
import java.util.Collections;
import org.privet.pprl.clk.ClkSet;

/**
 * Consecutive records {@code [start, start + count)} of one database's encodings, as one Spark element: their
 * bit length and packed words ({@code count * ceil(bits / 64)} longs, record-major). Immutable by contract (the
 * words are shared, not copied).
 *
 * @param start index of the first record in its database, &gt;= 0
 * @param count records in the chunk, &gt;= 0
 * @param bits  bits per record, &gt; 0
 * @param words the records' words
 */
public record ClkChunk(int start, int count, int bits, long[] words) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when the words do not hold {@code count} records of {@code bits} bits */
    public ClkChunk {
        if (start < 0 || count < 0 || bits <= 0) {
            throw new IllegalArgumentException("chunk needs start >= 0, count >= 0 and bits > 0. Provided values: "
                    + start + ", " + count + ", " + bits);
        }
        if (words.length != (long) count * ((bits + 63) >>> 6)) {
            throw new IllegalArgumentException("chunk of " + count + " records of " + bits + " bits needs "
                    + (long) count * ((bits + 63) >>> 6) + " words. Provided length: " + words.length);
        }
    }

    /** 64-bit words per record. */
    public int wordsPerRecord() {
        return (bits + 63) >>> 6;
    }

    /** The chunk as a {@link ClkSet} (ids are empty strings: only indices matter to the search). */
    ClkSet toSet() {
        return new ClkSet(Collections.nCopies(count, ""), bits, words);
    }

    /** Splits {@code set} into chunks of at most {@code chunkRecords} records (at least one chunk). */
    public static java.util.List<ClkChunk> split(ClkSet set, int chunkRecords) {
        if (chunkRecords < 1) {
            throw new IllegalArgumentException("chunkRecords must be >= 1. Provided value: " + chunkRecords);
        }
        int w = set.wordsPerRecord();
        long[] all = set.words();
        java.util.List<ClkChunk> out = new java.util.ArrayList<>();
        for (int s = 0; s < set.size() || s == 0; s += chunkRecords) {
            int n = Math.min(chunkRecords, set.size() - s);
            long[] words = java.util.Arrays.copyOfRange(all, s * w, (s + n) * w);
            out.add(new ClkChunk(s, n, set.bits(), words));
            if (n == 0) {
                break;
            }
        }
        return out;
    }
}

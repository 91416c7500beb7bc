package org.privet.pprl.clk;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A set of encoded records: record {@code i} has id {@code ids.get(i)} and a bit vector of {@code bits} bits
 * stored little-endian in words {@code [i * wordsPerRecord(), (i + 1) * wordsPerRecord())} of {@link
 * #words()}: bit {@code b} is {@code (words[i * w + b / 64] >>> (b % 64)) & 1}. Bits at positions
 * {@code >= bits} of the last word are zero. Immutable as far as this class is concerned; {@link #words()}
 * returns the backing array for speed, callers must not modify it.
 */
public final class ClkSet {
    private final List<String> ids;
    private final int bits;
    private final int wordsPerRecord;
    private final long[] words;

    /**
     * @param ids   record ids (non-null, no nulls; duplicates are the caller's business)
     * @param bits  bits per record, {@code > 0}
     * @param words {@code ids.size() * ceil(bits / 64)} words, padding bits zero
     */
    public ClkSet(List<String> ids, int bits, long[] words) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(words, "words");
        if (bits <= 0) {
            throw new IllegalArgumentException("bits must be > 0. Provided value: " + bits);
        }
        this.ids = List.copyOf(ids);
        this.bits = bits;
        this.wordsPerRecord = (bits + 63) >>> 6;
        long expected = (long) this.ids.size() * wordsPerRecord;
        if (words.length != expected) {
            throw new IllegalArgumentException("words: " + this.ids.size() + " records of " + bits + " bits need "
                    + expected + " words. Provided length: " + words.length);
        }
        int tail = bits & 63;
        if (tail != 0) {
            long mask = -1L << tail;
            for (int i = 0; i < this.ids.size(); i++) {
                if ((words[i * wordsPerRecord + wordsPerRecord - 1] & mask) != 0) {
                    throw new IllegalArgumentException("record " + i + " (id " + this.ids.get(i)
                            + "): bits at positions >= " + bits + " must be zero");
                }
            }
        }
        this.words = words;
    }

    public int size() {
        return ids.size();
    }

    public int bits() {
        return bits;
    }

    public int wordsPerRecord() {
        return wordsPerRecord;
    }

    public List<String> ids() {
        return ids;
    }

    public String id(int i) {
        return ids.get(i);
    }

    /** The backing array (not a copy): do not modify. */
    public long[] words() {
        return words;
    }

    /** A copy of record {@code i}'s words. */
    public long[] record(int i) {
        Objects.checkIndex(i, ids.size());
        return Arrays.copyOfRange(words, i * wordsPerRecord, (i + 1) * wordsPerRecord);
    }

    /** Number of set bits of record {@code i}. */
    public int popcount(int i) {
        Objects.checkIndex(i, ids.size());
        int c = 0;
        for (int k = i * wordsPerRecord, end = k + wordsPerRecord; k < end; k++) {
            c += Long.bitCount(words[k]);
        }
        return c;
    }
}

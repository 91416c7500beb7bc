package org.privet.pprl.link;

import java.util.Arrays;

/**
 * A growable list of scored record pairs {@code (a, b, score)} in primitive arrays: {@code a} indexes the
 * first set, {@code b} the second, {@code score} is a Dice coefficient in {@code [0, 1]}. Not thread safe;
 * the search fills one list per worker and {@link #addAll concatenates} them.
 */
public final class CandidatePairs {
    private int[] a;
    private int[] b;
    private double[] score;
    private int size;

    /** An empty list. */
    public CandidatePairs() {
        this(16);
    }

    /** An empty list with room for {@code capacity} pairs. */
    public CandidatePairs(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0. Provided value: " + capacity);
        }
        int c = Math.max(capacity, 4);
        a = new int[c];
        b = new int[c];
        score = new double[c];
    }

    /** Appends one pair. */
    public void add(int ia, int ib, double s) {
        if (size == a.length) {
            grow(size + 1);
        }
        a[size] = ia;
        b[size] = ib;
        score[size] = s;
        size++;
    }

    /** Appends every pair of {@code other}. */
    public void addAll(CandidatePairs other) {
        if (size + other.size > a.length) {
            grow(size + other.size);
        }
        System.arraycopy(other.a, 0, a, size, other.size);
        System.arraycopy(other.b, 0, b, size, other.size);
        System.arraycopy(other.score, 0, score, size, other.size);
        size += other.size;
    }

    private void grow(int min) {
        if (min < 0 || min > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than " + (Integer.MAX_VALUE - 8) + " candidate pairs: "
                    + "raise the threshold, use --top-k, or use blocking");
        }
        int c = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(min, a.length + (long) (a.length >> 1)));
        a = Arrays.copyOf(a, c);
        b = Arrays.copyOf(b, c);
        score = Arrays.copyOf(score, c);
    }

    public int size() {
        return size;
    }

    public int a(int i) {
        return a[checkIndex(i)];
    }

    public int b(int i) {
        return b[checkIndex(i)];
    }

    public double score(int i) {
        return score[checkIndex(i)];
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("pair " + i + " of " + size);
        }
        return i;
    }

    /**
     * Sorts in place by score descending, then {@code a} ascending, then {@code b} ascending: the order in
     * which the greedy solvers consume pairs (deterministic whatever the order of insertion).
     */
    public void sortByScore() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        sortIndices(order, 0, size, new int[size]);
        int[] na = new int[a.length];
        int[] nb = new int[a.length];
        double[] ns = new double[a.length];
        for (int i = 0; i < size; i++) {
            int k = order[i];
            na[i] = a[k];
            nb[i] = b[k];
            ns[i] = score[k];
        }
        a = na;
        b = nb;
        score = ns;
    }

    private boolean before(int x, int y) {
        double sx = score[x];
        double sy = score[y];
        if (sx != sy) {
            return sx > sy;
        }
        if (a[x] != a[y]) {
            return a[x] < a[y];
        }
        return b[x] < b[y];
    }

    /** Stable merge sort of {@code idx[from, to)} by {@link #before}. */
    private void sortIndices(int[] idx, int from, int to, int[] tmp) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int v = idx[i];
                int j = i - 1;
                while (j >= from && before(v, idx[j])) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sortIndices(idx, from, mid, tmp);
        sortIndices(idx, mid, to, tmp);
        if (!before(idx[mid], idx[mid - 1])) {
            return;
        }
        System.arraycopy(idx, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int o = from;
        while (i < mid && j < to) {
            idx[o++] = before(tmp[j], tmp[i]) ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            idx[o++] = tmp[i++];
        }
        while (j < to) {
            idx[o++] = tmp[j++];
        }
    }
}

package org.privet.pprl.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.privet.pprl.clk.ClkSet;

/**
 * The frequency-based attack on Bloom-filter encodings (Kuzu et al. 2011; the alignment step of Christen, Schnell,
 * Vatsalan and Ranbaduge 2017, "Efficient cryptanalysis of Bloom filters for PPRL", PAKDD): identical values give
 * identical encodings, so the most frequent encodings are aligned with the most frequent plaintext values. Only
 * encodings and values that occur at least {@code minFrequency} times take part; both lists are sorted by frequency
 * and the i-th encoding is guessed to be the i-th value, unless either shares its frequency with a neighbour
 * (tied ranks are in arbitrary order and are skipped). Every encoded record whose encoding was aligned gets that one guess. Works only where
 * encodings repeat exactly (no BLIP, no salting with a varied salt). Stateless and thread-safe.
 */
public final class FrequencyAttack {
    private final int minFrequency;

    /** @param minFrequency at least 2 occurrences for an encoding or value to be aligned */
    public FrequencyAttack(int minFrequency) {
        if (minFrequency < 2) {
            throw new IllegalArgumentException("minFrequency must be >= 2. Provided value: " + minFrequency);
        }
        this.minFrequency = minFrequency;
    }

    /** Per encoded record, its candidate values (one, or none). {@code identified} gets the number of aligned pairs. */
    public List<List<String>> attack(ClkSet encoded, PlaintextValues plain, int[] identified) {
        int n = encoded.size();
        int w = encoded.wordsPerRecord();
        long[] words = encoded.words();
        Map<Key, int[]> groups = new HashMap<>(); // encoding -> {count, first record}
        Key[] keys = new Key[n];
        for (int i = 0; i < n; i++) {
            Key k = new Key(Arrays.copyOfRange(words, i * w, (i + 1) * w));
            keys[i] = k;
            groups.computeIfAbsent(k, x -> new int[] {0, -1})[0]++;
        }
        List<Map.Entry<Key, int[]>> bfs = new ArrayList<>();
        for (Map.Entry<Key, int[]> e : groups.entrySet()) {
            if (e.getValue()[0] >= minFrequency) {
                bfs.add(e);
            }
        }
        bfs = uniqueFrequencies(bfs, e -> e.getValue()[0]);
        List<Integer> vals = new ArrayList<>();
        for (int d = 0; d < plain.distinctValues(); d++) {
            if (plain.count(d) >= minFrequency) {
                vals.add(d);
            }
        }
        vals = uniqueFrequencies(vals, plain::count);
        Map<Key, String> aligned = new HashMap<>();
        for (int i = 0; i < Math.min(bfs.size(), vals.size()); i++) {
            if (bfs.get(i) != null && vals.get(i) != null) {
                aligned.put(bfs.get(i).getKey(), plain.value(vals.get(i)));
            }
        }
        if (identified != null && identified.length > 0) {
            identified[0] = aligned.size();
        }
        List<List<String>> guesses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String v = aligned.get(keys[i]);
            guesses.add(v == null ? List.of() : List.of(v));
        }
        return guesses;
    }

    /**
     * Sorts by frequency, descending, keeping every rank but replacing the elements whose frequency another
     * element shares by null: their order among themselves is arbitrary, so they are not aligned, while the ranks
     * after them still are.
     */
    private static <T> List<T> uniqueFrequencies(List<T> items, java.util.function.ToIntFunction<T> freq) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(freq).reversed());
        List<T> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            int f = freq.applyAsInt(sorted.get(i));
            boolean tied = i > 0 && freq.applyAsInt(sorted.get(i - 1)) == f
                    || i + 1 < sorted.size() && freq.applyAsInt(sorted.get(i + 1)) == f;
            out.add(tied ? null : sorted.get(i));
        }
        return out;
    }

    private record Key(long[] w) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(w, k.w);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(w);
        }
    }
}

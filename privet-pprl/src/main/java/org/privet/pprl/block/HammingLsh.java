package org.privet.pprl.block;

import java.util.Locale;
import java.util.SplittableRandom;
import org.privet.pprl.clk.ClkSet;

/**
 * Locality-sensitive hashing for Hamming distance by bit sampling (Indyk and Motwani 1998), the Hamming-LSH
 * blocking of Bloom-filter encodings (Karapiperis and Verykios 2015): {@code tables} hash tables, each keyed
 * by the values of {@code bitsPerKey} bit positions sampled without replacement. Two encodings at normalised
 * Hamming distance {@code h} share a key with probability {@code 1 - (1 - (1 - h)^bitsPerKey)^tables}: with
 * the defaults (24 bits, 16 tables) about 0.996 at {@code h = 0.05} (a noisy duplicate) and about
 * {@code 3e-5} at {@code h = 0.42} (unrelated records with 30% of bits set).
 *
 * <p>The positions come from {@code seed}; both databases must be keyed with the same parameters. The seed
 * is a public parameter (the linkage unit already sees the encodings), not a secret. Immutable; thread safe.
 */
public final class HammingLsh implements ClkBlocking {
    private final int bitsPerKey;
    private final int tables;
    private final long seed;

    /**
     * @param bitsPerKey sampled bits per table, in {@code [1, 64]}
     * @param tables     number of tables, in {@code [1, 1024]}
     * @param seed       chooses the positions (public)
     */
    public HammingLsh(int bitsPerKey, int tables, long seed) {
        if (bitsPerKey < 1 || bitsPerKey > 64) {
            throw new IllegalArgumentException("bitsPerKey must be in [1, 64]. Provided value: " + bitsPerKey);
        }
        if (tables < 1 || tables > 1024) {
            throw new IllegalArgumentException("tables must be in [1, 1024]. Provided value: " + tables);
        }
        this.bitsPerKey = bitsPerKey;
        this.tables = tables;
        this.seed = seed;
    }

    /** 24 bits per key, 16 tables, seed 1. */
    public static HammingLsh defaults() {
        return new HammingLsh(24, 16, 1);
    }

    /**
     * Parses {@code key=value} pairs separated by commas, any subset of {@code bits}, {@code tables},
     * {@code seed}, for example {@code "bits=20,tables=30,seed=7"}; missing ones keep their defaults. The
     * empty string gives the defaults.
     */
    public static HammingLsh parse(String spec) {
        int bits = 24;
        int tables = 16;
        long seed = 1;
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("lsh parameter '" + part + "' is not key=value (keys: bits, "
                            + "tables, seed)");
                }
                String k = kv[0].trim().toLowerCase(Locale.ROOT);
                String v = kv[1].trim();
                try {
                    switch (k) {
                        case "bits" -> bits = Integer.parseInt(v);
                        case "tables" -> tables = Integer.parseInt(v);
                        case "seed" -> seed = Long.parseLong(v);
                        default -> throw new IllegalArgumentException("unknown lsh parameter '" + kv[0]
                                + "' (keys: bits, tables, seed)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("lsh parameter " + k + " must be an integer. Provided value: "
                            + v, e);
                }
            }
        }
        return new HammingLsh(bits, tables, seed);
    }

    public int bitsPerKey() {
        return bitsPerKey;
    }

    public int tables() {
        return tables;
    }

    public long seed() {
        return seed;
    }

    /** The sampled positions of each table, for {@code bits}-bit records. */
    public int[][] positions(int bits) {
        if (bitsPerKey > bits) {
            throw new IllegalArgumentException("bitsPerKey " + bitsPerKey + " exceeds the record length " + bits);
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL * bits);
        int[][] pos = new int[tables][bitsPerKey];
        int[] all = new int[bits];
        for (int t = 0; t < tables; t++) {
            for (int i = 0; i < bits; i++) {
                all[i] = i;
            }
            for (int i = 0; i < bitsPerKey; i++) { // partial Fisher-Yates
                int j = i + r.nextInt(bits - i);
                int x = all[i];
                all[i] = all[j];
                all[j] = x;
                pos[t][i] = all[i];
            }
            java.util.Arrays.sort(pos[t]);
        }
        return pos;
    }

    @Override
    public BlockKeys keys(ClkSet set) {
        int[][] pos = positions(set.bits());
        int n = set.size();
        int w = set.wordsPerRecord();
        long[] words = set.words();
        long[] keys = new long[Math.multiplyExact(n, tables)];
        int[] off = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int base = i * w;
            for (int t = 0; t < tables; t++) {
                int[] p = pos[t];
                long v = 0;
                for (int q = 0; q < p.length; q++) {
                    v |= ((words[base + (p[q] >>> 6)] >>> p[q]) & 1L) << q;
                }
                keys[i * tables + t] = mix(v * 0x9E3779B97F4A7C15L + t);
            }
            off[i + 1] = (i + 1) * tables;
        }
        return BlockKeys.wrap(off, keys);
    }

    /** The finaliser of SplitMix64: distinct tables give unrelated keys. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Hamming LSH (bit sampling): %d bits per key, %d tables, seed %d",
                bitsPerKey, tables, seed);
    }
}

package org.privet.pprl.block;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * P-Sig blocking (Zhang, Randall, Christen, Boyd, Vatsalan 2018: "Scalable entity resolution using
 * probabilistic signatures on parallel databases"), as in Data61's blocklib. Each data owner, on clear text:
 * <ol>
 *   <li>derives signatures of each record with {@link Strategy strategies} (a whole field, leading
 *       characters of a field, a phonetic code; several parts make one compound signature);</li>
 *   <li>drops signatures carried by more than {@code maxOccurRatio} of its records (too common to block
 *       well) - the filter of the paper;</li>
 *   <li>hashes the kept signatures with HMAC-SHA256 under the owners' shared secret into 64-bit keys and
 *       publishes a Bloom filter of {@code bloomBits} bits ({@code bloomHashes} positions per key) of its key
 *       set;</li>
 *   <li>keeps only keys whose positions are all set in the other owner's filter
 *       ({@link #restrict}), so that the linkage unit receives only signatures both sides have (up to Bloom
 *       false positives).</li>
 * </ol>
 * The resulting {@link BlockKeys} go to the linkage unit. Immutable; thread safe.
 */
public final class PSig {
    /** How a signature part is taken from a field value. */
    public enum Kind {
        /** The whole (trimmed, upper-cased) value. */
        VALUE,
        /** The first {@code n} characters. */
        PREFIX,
        /** The Soundex code. */
        SOUNDEX,
        /** The NYSIIS code. */
        NYSIIS
    }

    /** One part of a signature: {@code kind} applied to field {@code field} ({@code n} for PREFIX). */
    public record Part(int field, Kind kind, int n) {
        public Part {
            Objects.requireNonNull(kind, "kind");
            if (field < 0) {
                throw new IllegalArgumentException("field must be >= 0. Provided value: " + field);
            }
            if (kind == Kind.PREFIX && n < 1) {
                throw new IllegalArgumentException("prefix length must be >= 1. Provided value: " + n);
            }
        }

        String apply(String[] record) {
            if (field >= record.length) {
                throw new IllegalArgumentException("signature uses field " + field + " but the record has "
                        + record.length + " fields");
            }
            String v = record[field] == null ? "" : record[field].trim().toUpperCase(Locale.ROOT);
            return switch (kind) {
                case VALUE -> v;
                case PREFIX -> v.length() < n ? "" : v.substring(0, n);
                case SOUNDEX -> Soundex.encode(v);
                case NYSIIS -> Nysiis.encode(v);
            };
        }
    }

    /** A signature strategy: the concatenation of its parts; empty when any part is empty. */
    public record Strategy(List<Part> parts) {
        public Strategy {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a strategy needs at least one part");
            }
        }

        /** A one-part strategy. */
        public static Strategy of(int field, Kind kind, int n) {
            return new Strategy(List.of(new Part(field, kind, n)));
        }
    }

    private final List<Strategy> strategies;
    private final double maxOccurRatio;
    private final int bloomBits;
    private final int bloomHashes;
    private final byte[] secret;

    /**
     * @param strategies    at least one
     * @param maxOccurRatio in {@code (0, 1]}
     * @param bloomBits     {@code >= 64}
     * @param bloomHashes   in {@code [1, 32]}
     * @param secret        the owners' shared key, at least 16 bytes
     */
    public PSig(List<Strategy> strategies, double maxOccurRatio, int bloomBits, int bloomHashes, byte[] secret) {
        this.strategies = List.copyOf(strategies);
        if (this.strategies.isEmpty()) {
            throw new IllegalArgumentException("P-Sig needs at least one signature strategy");
        }
        if (!(maxOccurRatio > 0 && maxOccurRatio <= 1)) {
            throw new IllegalArgumentException("maxOccurRatio must be in (0, 1]. Provided value: " + maxOccurRatio);
        }
        if (bloomBits < 64) {
            throw new IllegalArgumentException("bloomBits must be >= 64. Provided value: " + bloomBits);
        }
        if (bloomHashes < 1 || bloomHashes > 32) {
            throw new IllegalArgumentException("bloomHashes must be in [1, 32]. Provided value: " + bloomHashes);
        }
        BlockKeys.hmac(secret); // validates the length
        this.maxOccurRatio = maxOccurRatio;
        this.bloomBits = bloomBits;
        this.bloomHashes = bloomHashes;
        this.secret = secret.clone();
    }

    /** Signatures of each record (strategy index prefixed, so equal strings of two strategies differ). */
    public List<List<String>> signatures(List<String[]> records) {
        List<List<String>> out = new ArrayList<>(records.size());
        for (String[] r : records) {
            List<String> sigs = new ArrayList<>(strategies.size());
            for (int s = 0; s < strategies.size(); s++) {
                StringBuilder sb = new StringBuilder().append(s).append(':');
                boolean ok = true;
                for (Part p : strategies.get(s).parts()) {
                    String v = p.apply(r);
                    if (v.isEmpty()) {
                        ok = false;
                        break;
                    }
                    sb.append(v).append('\u001f');
                }
                if (ok) {
                    sigs.add(sb.toString());
                }
            }
            out.add(sigs);
        }
        return out;
    }

    /** Signatures, without those carried by more than {@code maxOccurRatio} of the records, as keys. */
    public BlockKeys keys(List<String[]> records) {
        List<List<String>> sigs = signatures(records);
        Map<String, Integer> freq = new HashMap<>();
        for (List<String> r : sigs) {
            for (String s : r) {
                freq.merge(s, 1, Integer::sum);
            }
        }
        double limit = maxOccurRatio * records.size();
        List<List<String>> kept = new ArrayList<>(sigs.size());
        for (List<String> r : sigs) {
            List<String> k = new ArrayList<>(r.size());
            for (String s : r) {
                if (freq.get(s) <= limit) {
                    k.add(s);
                }
            }
            kept.add(k);
        }
        return BlockKeys.fromValues(kept, secret);
    }

    /** The Bloom filter of the distinct keys of one owner (what it sends to the other). */
    public BitSet bloomFilter(BlockKeys keys) {
        BitSet f = new BitSet(bloomBits);
        for (long k : keys.keys()) {
            int h1 = (int) k;
            int h2 = (int) (k >>> 32) | 1;
            for (int i = 0; i < bloomHashes; i++) {
                f.set(Math.floorMod(h1 + i * h2, bloomBits));
            }
        }
        return f;
    }

    /** {@code keys} without the keys whose positions are not all set in {@code otherFilter}. */
    public BlockKeys restrict(BlockKeys keys, BitSet otherFilter) {
        int[] off = new int[keys.size() + 1];
        long[] out = new long[keys.entries()];
        int n = 0;
        long[] k = keys.keys();
        for (int r = 0; r < keys.size(); r++) {
            for (int e = keys.start(r); e < keys.end(r); e++) {
                int h1 = (int) k[e];
                int h2 = (int) (k[e] >>> 32) | 1;
                boolean all = true;
                for (int i = 0; i < bloomHashes && all; i++) {
                    all = otherFilter.get(Math.floorMod(h1 + i * h2, bloomBits));
                }
                if (all) {
                    out[n++] = k[e];
                }
            }
            off[r + 1] = n;
        }
        return BlockKeys.wrap(off, java.util.Arrays.copyOf(out, n));
    }
}

package org.privet.pprl.block;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The blocking keys of each record of one database, in compressed-row form: record {@code i} has keys
 * {@code keys()[offsets()[i] .. offsets()[i + 1])}. Two records are compared only when they share a key.
 * A record with no key is compared with nothing. Keys are opaque 64-bit values; a key's meaning (which LSH
 * table, which signature) is folded into its value by whoever made it. Immutable; thread safe.
 */
public final class BlockKeys {
    private final int[] offsets;
    private final long[] keys;

    private BlockKeys(int[] offsets, long[] keys) {
        this.offsets = offsets;
        this.keys = keys;
    }

    /**
     * Keys from compressed rows (arrays are copied).
     *
     * @param offsets {@code n + 1} non-decreasing offsets starting at 0 and ending at {@code keys.length}
     */
    public static BlockKeys of(int[] offsets, long[] keys) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(keys, "keys");
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != keys.length) {
            throw new IllegalArgumentException("offsets must start at 0 and end at keys.length (" + keys.length
                    + "). Provided: " + (offsets.length == 0 ? "[]" : offsets[0] + " .. " + offsets[offsets.length - 1]));
        }
        for (int i = 1; i < offsets.length; i++) {
            if (offsets[i] < offsets[i - 1]) {
                throw new IllegalArgumentException("offsets must be non-decreasing; offsets[" + i + "] = "
                        + offsets[i] + " < " + offsets[i - 1]);
            }
        }
        return new BlockKeys(offsets.clone(), keys.clone());
    }

    /** Keys from one array per record (arrays are copied). */
    public static BlockKeys of(long[][] perRecord) {
        int[] off = new int[perRecord.length + 1];
        for (int i = 0; i < perRecord.length; i++) {
            off[i + 1] = Math.addExact(off[i], perRecord[i].length);
        }
        long[] k = new long[off[perRecord.length]];
        for (int i = 0; i < perRecord.length; i++) {
            System.arraycopy(perRecord[i], 0, k, off[i], perRecord[i].length);
        }
        return new BlockKeys(off, k);
    }

    /** Wraps arrays owned by the caller from now on (no copy; package use by the blockers). */
    static BlockKeys wrap(int[] offsets, long[] keys) {
        return new BlockKeys(offsets, keys);
    }

    /**
     * Opaque keys from clear-text block values (for example Soundex codes of surnames, or P-Sig signatures):
     * each value becomes the first 8 bytes of HMAC-SHA256({@code secret}, UTF-8 value). The data owners share
     * {@code secret}; the linkage unit, which sees only the keys, cannot tell which value made a key by hashing
     * guesses. Empty or null values are skipped.
     *
     * @param values one list of block values per record
     * @param secret the data owners' shared key, at least 16 bytes (128 bits)
     */
    public static BlockKeys fromValues(List<? extends List<String>> values, byte[] secret) {
        Objects.requireNonNull(values, "values");
        Mac mac = hmac(secret);
        int[] off = new int[values.size() + 1];
        long[] k = new long[Math.max(16, values.size())];
        int n = 0;
        for (int i = 0; i < values.size(); i++) {
            List<String> vs = values.get(i);
            if (vs == null) {
                throw new IllegalArgumentException("values of record " + i + " are null");
            }
            for (String v : vs) {
                if (v == null || v.isEmpty()) {
                    continue;
                }
                if (n == k.length) {
                    k = Arrays.copyOf(k, k.length * 2);
                }
                k[n++] = keyOf(mac, v);
            }
            off[i + 1] = n;
        }
        return new BlockKeys(off, Arrays.copyOf(k, n));
    }

    static Mac hmac(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret must be at least 16 bytes (128 bits). Provided length: "
                    + secret.length);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new AssertionError("internal invariant: HmacSHA256 is in every JDK", e);
        }
    }

    static long keyOf(Mac mac, String value) {
        byte[] d = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        long x = 0;
        for (int b = 0; b < 8; b++) {
            x = (x << 8) | (d[b] & 0xFFL);
        }
        return x;
    }

    /** Number of records. */
    public int size() {
        return offsets.length - 1;
    }

    /** Start of record {@code i}'s keys in {@link #keys()}. */
    public int start(int i) {
        return offsets[i];
    }

    /** End (exclusive) of record {@code i}'s keys in {@link #keys()}. */
    public int end(int i) {
        return offsets[i + 1];
    }

    /** The backing key array (not a copy): do not modify. */
    public long[] keys() {
        return keys;
    }

    /** Total number of (record, key) entries. */
    public int entries() {
        return keys.length;
    }
}

package org.privet.pprl.schema;

/** How a token becomes {@code k} bit positions in a Bloom filter of {@code l} bits. */
public enum HashKind {
    /**
     * Double hashing of Schnell, Bachteler and Reiher (2009): {@code g_i = (h1 + i * h2) mod l}, {@code h1} keyed
     * HMAC-SHA1, {@code h2} keyed HMAC-MD5, with {@code h2 = 0 mod l} re-drawn (the non-singular variant of
     * clkhash) so that a token always sets {@code k} distinct-ish positions. Known to leak structure (Kroll and
     * Steinmetzer 2015): prefer {@link #HMAC} or {@link #BLAKE2B}.
     */
    DOUBLE_HASH("doubleHash"),
    /** {@code k} independent positions sliced from keyed HMAC-SHA256 outputs (32 bits each). */
    HMAC("hmac"),
    /** {@code k} independent positions sliced from keyed BLAKE2b-512 outputs (32 bits each), as clkhash. */
    BLAKE2B("blake2b");

    private final String jsonName;

    HashKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in the schema JSON. */
    public String jsonName() {
        return jsonName;
    }

    /** The kind with JSON name {@code s}, or null. */
    public static HashKind fromJson(String s) {
        for (HashKind k : values()) {
            if (k.jsonName.equals(s)) {
                return k;
            }
        }
        return null;
    }
}

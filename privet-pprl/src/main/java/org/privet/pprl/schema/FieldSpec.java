package org.privet.pprl.schema;

import java.util.Objects;

/**
 * One field (CSV column) of a linkage schema and how it is encoded. Exactly one of {@code bitsPerToken} (static
 * weighting: every token sets {@code k = bitsPerToken} positions) and {@code bitsPerFeature} (dynamic: a value
 * with {@code n} tokens sets {@code k = ceil(bitsPerFeature / n)} positions per token, so every value weighs about
 * the same) is positive, the other 0; both at most 1024. {@code salt}, when non-null, names a column whose
 * (normalised) value is appended to every token before hashing (record-specific salting, Niedermeyer et al.
 * 2014): records only share bits when they also share that value. Instances are created valid by
 * {@link LinkageSchema#parse}; the record itself checks only non-nullness.
 */
public record FieldSpec(String name, Tokenization tokenization, HashKind hashing, int bitsPerToken,
                        int bitsPerFeature, boolean caseSensitive, String salt) {
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenization, "tokenization");
        Objects.requireNonNull(hashing, "hashing");
    }

    /** {@code k} for a value of {@code tokens} tokens (at least 1 when {@code tokens > 0}). */
    public int bitsFor(int tokens) {
        if (bitsPerToken > 0) {
            return bitsPerToken;
        }
        return tokens <= 0 ? 0 : (bitsPerFeature + tokens - 1) / tokens;
    }

    /** The most positions one token may set (for the sensitivity of randomised response). */
    public int maxBitsPerToken() {
        return bitsPerToken > 0 ? bitsPerToken : bitsPerFeature;
    }
}

package org.privet.he.paillier;

/**
 * Bad Paillier input data: a key, ciphertext or vector document (or file) that is truncated,
 * corrupted, of another format version, made under another key, or otherwise not what was expected.
 * The message names the source (file or label) and the field.
 */
public final class PaillierFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String field;

    public PaillierFormatException(String source, String field, String problem, Throwable cause) {
        super(source + (field == null ? "" : ": field '" + field + "'") + ": " + problem, cause);
        this.source = source;
        this.field = field;
    }

    public PaillierFormatException(String source, String field, String problem) {
        this(source, field, problem, null);
    }

    /** The file or label the bad data came from. */
    public String source() {
        return source;
    }

    /** The offending field, or null when the problem concerns the whole document. */
    public String field() {
        return field;
    }
}

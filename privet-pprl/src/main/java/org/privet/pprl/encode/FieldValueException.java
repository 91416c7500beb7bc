package org.privet.pprl.encode;

/** A value that its field's tokenizer cannot read (e.g. "abc" in a numeric field); names the field and value. */
public final class FieldValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public FieldValueException(String field, String message) {
        super("field '" + field + "': " + message);
        this.field = field;
    }

    /** The schema field whose value was bad. */
    public String field() {
        return field;
    }
}

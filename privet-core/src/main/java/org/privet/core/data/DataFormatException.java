package org.privet.core.data;

import java.nio.file.Path;

/**
 * Bad input data: a file that does not follow its format, or a value that does not fit its column.
 *
 * <p>This is the single input exception of every loader in {@code org.privet.core.data}. It carries
 * where the problem is (file, 1-based line, column or field) and what is wrong, and its message
 * reads like a compiler diagnostic:
 * {@code adult.csv:12: column 'age': 'abc' is not a number}. Parts that do not apply are left out
 * (binary formats have no line; whole-file problems have no field).
 *
 * <p>API misuse (a negative size, an unknown option) is reported with
 * {@link IllegalArgumentException} instead.
 */
public class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String field;
    private final String detail;

    /**
     * @param file   the offending file, or {@code null} when the data did not come from a file
     * @param line   1-based line (or record) number, or {@code <= 0} when not applicable
     * @param field  column / attribute / field name, or {@code null} when not applicable
     * @param detail what is wrong, stating the rule and the value
     * @param cause  underlying cause, may be {@code null}
     */
    public DataFormatException(Path file, long line, String field, String detail, Throwable cause) {
        super(format(file, line, field, detail), cause);
        this.file = file;
        this.line = line;
        this.field = field;
        this.detail = detail;
    }

    /** Same as the five-argument constructor without a cause. */
    public DataFormatException(Path file, long line, String field, String detail) {
        this(file, line, field, detail, null);
    }

    /** A whole-file problem (no line, no field). */
    public DataFormatException(Path file, String detail) {
        this(file, 0, null, detail, null);
    }

    /** A whole-file problem (no line, no field) with a cause. */
    public DataFormatException(Path file, String detail, Throwable cause) {
        this(file, 0, null, detail, cause);
    }

    /** The offending file, or {@code null}. */
    public Path file() {
        return file;
    }

    /** The 1-based line number, or {@code 0} when not applicable. */
    public long line() {
        return Math.max(0, line);
    }

    /** The column or field name, or {@code null}. */
    public String field() {
        return field;
    }

    /** The bare description, without location. */
    public String detail() {
        return detail;
    }

    private static String format(Path file, long line, String field, String detail) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        } else if (line > 0) {
            sb.append("line ").append(line).append(": ");
        }
        if (field != null) {
            sb.append("column '").append(field).append("': ");
        }
        sb.append(detail);
        return sb.toString();
    }
}

package org.privet.pprl.eval;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A pairs or truth CSV file that does not parse: carries the file, the 1-based line and the column, and its
 * message reads {@code file:line: column 'score': 'x' is not a number}.
 */
public final class PairsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String column;

    public PairsFormatException(Path file, long line, String column, String detail) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (column == null ? "" : "column '" + column + "': ")
                + detail);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 for the whole file. */
    public long line() {
        return line;
    }

    /** The column, or null. */
    public String column() {
        return column;
    }
}

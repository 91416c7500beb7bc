package org.privet.pprl.encode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bad input data: names the file, the line (1-based, where the record starts), the record (1-based data row) and
 * the field when known. The message says all of them, e.g. {@code people.csv: line 8 (record 7, id "a17"), field
 * 'dob': not a date in format yyyy-MM-dd: "1980-13-40"}.
 */
public final class RecordFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long line;
    private final long record;
    private final String field;

    public RecordFormatException(Path file, long line, long record, String recordId, String field, String message,
                                 Throwable cause) {
        super(file + ": line " + line + (record > 0 ? " (record " + record
                + (recordId == null ? "" : ", id \"" + recordId + "\"") + ")" : "")
                + (field == null ? "" : ", field '" + field + "'") + ": " + message, cause);
        this.file = file;
        this.line = line;
        this.record = record;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** 1-based line where the record starts. */
    public long line() {
        return line;
    }

    /** 1-based data record, 0 for the header. */
    public long record() {
        return record;
    }

    /** The field (column), or null. */
    public String field() {
        return field;
    }
}

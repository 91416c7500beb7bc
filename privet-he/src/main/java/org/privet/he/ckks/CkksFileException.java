package org.privet.he.ckks;

import java.io.IOException;
import java.nio.file.Path;

/** A CKKS file that cannot be read: names the file and the field or check that failed. */
public final class CkksFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String field;

    /** @param file the file; @param field the field or check that failed; @param message what is wrong */
    public CkksFileException(Path file, String field, String message, Throwable cause) {
        super(file + ": " + field + ": " + message, cause);
        this.file = file;
        this.field = field;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The field or check that failed (e.g. "checksum", "parameters fingerprint"). */
    public String field() {
        return field;
    }
}

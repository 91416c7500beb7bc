package org.privet.core.model.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be read: not a Privet model file, written by a newer format version,
 * truncated, corrupted (checksum mismatch), malformed, or of a kind no registered codec reads.
 *
 * <p>The message starts with the file path, then says what is wrong and the values involved, e.g.
 * {@code "/tmp/m.pmf: truncated: header says 4096 bytes of tensor 'w', 100 remain"}.
 */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String problem;

    /**
     * @param path the file
     * @param problem what is wrong, with the offending values
     */
    public ModelFileException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /**
     * @param path the file
     * @param problem what is wrong, with the offending values
     * @param cause the underlying failure
     */
    public ModelFileException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** The file that could not be read. */
    public Path path() {
        return path;
    }

    /** The problem without the path prefix. */
    public String problem() {
        return problem;
    }
}

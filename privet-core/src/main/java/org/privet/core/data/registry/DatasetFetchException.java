package org.privet.core.data.registry;

/**
 * Fetching a data set from its package registry failed: the client (npm, apt-get, dpkg-deb) is
 * missing, the registry refused or could not be reached, the package's SHA-256 does not match the
 * pinned one, or the package does not contain the expected files. The message says which, and
 * what to do. Nothing is cached when this is thrown.
 */
public class DatasetFetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetFetchException(String message) {
        super(message);
    }

    public DatasetFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}

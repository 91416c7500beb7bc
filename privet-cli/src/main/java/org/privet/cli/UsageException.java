package org.privet.cli;

/** A problem with the command line itself (exit code 2). */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

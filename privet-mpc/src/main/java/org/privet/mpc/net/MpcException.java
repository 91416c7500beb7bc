package org.privet.mpc.net;

/**
 * A protocol run cannot go on: a peer disconnected, timed out, or sent a malformed or inconsistent message.
 * Every party that sees one aborts the run; none returns a result after it.
 */
public class MpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int peer;

    /** @param peer the party the problem came from, or -1 when it is not one peer's fault */
    public MpcException(int peer, String message) {
        super(message);
        this.peer = peer;
    }

    public MpcException(int peer, String message, Throwable cause) {
        super(message, cause);
        this.peer = peer;
    }

    /** The party the problem came from, or -1. */
    public int peer() {
        return peer;
    }
}

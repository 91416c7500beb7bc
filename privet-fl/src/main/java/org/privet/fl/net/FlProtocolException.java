package org.privet.fl.net;

/**
 * A peer broke the networked-FL protocol: a malformed, oversize or unexpected message, a failed
 * authentication, or a peer that went silent or disconnected. The message says which rule and value.
 */
public class FlProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FlProtocolException(String message) {
        super(message);
    }

    public FlProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

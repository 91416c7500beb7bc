package org.privet.serve.client;

/**
 * A remote prediction failed. Unchecked, because {@link org.privet.core.model.ProbabilisticClassifier}
 * methods declare nothing; the subclass says what happened and the message says it in words (with
 * the server's own message where there is one).
 */
public class RemoteClassifierException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    /**
     * @param status the HTTP status, or 0 when no response came
     * @param code the server's error code ({@code "bad_request"}, ...), or null
     */
    public RemoteClassifierException(String message, int status, String code, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when no response came (timeout, refused connection). */
    public int status() {
        return status;
    }

    /** The server's machine-readable error code, or null. */
    public String code() {
        return code;
    }

    /** 401: the key is missing or unknown. */
    public static final class Unauthorized extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;

        public Unauthorized(String message, String code) {
            super(message, 401, code, null);
        }
    }

    /** 403: the key is blocked (e.g. flagged by the extraction monitor). */
    public static final class Forbidden extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;

        public Forbidden(String message, String code) {
            super(message, 403, code, null);
        }
    }

    /** 429 {@code rate_limited}: too many instances per second; retry after {@link #retryAfterSeconds()}. */
    public static final class RateLimited extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        public RateLimited(String message, String code, long retryAfterSeconds) {
            super(message, 429, code, null);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** The server's Retry-After, in seconds (-1 when absent). */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** 429 {@code budget_exhausted}: the key's query budget is spent; retrying does not help. */
    public static final class BudgetExhausted extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;

        public BudgetExhausted(String message, String code) {
            super(message, 429, code, null);
        }
    }

    /** Another 4xx: the request was wrong (400 malformed, wrong feature count; 413 too large; ...). */
    public static final class BadRequest extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;

        public BadRequest(String message, int status, String code) {
            super(message, status, code, null);
        }
    }

    /** 5xx or an unreadable answer: the server's fault. */
    public static final class ServerError extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;

        public ServerError(String message, int status, String code, Throwable cause) {
            super(message, status, code, cause);
        }
    }

    /** No answer within the timeout. */
    public static final class Timeout extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;

        public Timeout(String message, Throwable cause) {
            super(message, 0, null, cause);
        }
    }

    /** The endpoint could not be reached (refused, reset, unknown host). */
    public static final class Unreachable extends RemoteClassifierException {
        private static final long serialVersionUID = 1L;

        public Unreachable(String message, Throwable cause) {
            super(message, 0, null, cause);
        }
    }
}

package org.privet.serve.client;

import java.time.Duration;

/**
 * How a {@link RemoteClassifier} talks to its endpoint.
 *
 * @param batchSize most instances per request, >= 1 (also capped by the server's {@code maxBatch} and
 *     body limit, read at connect time)
 * @param requestTimeout longest wait for one answer, > 0
 * @param connectTimeout longest wait to connect, > 0
 * @param rateLimitRetries how many times one request is retried after a 429 {@code rate_limited}
 *     (waiting the server's Retry-After, at most {@code maxRetryWait} each), >= 0; a spent budget is never retried
 * @param maxRetryWait longest single wait before a retry, >= 0
 * @param oneHotLabels whether {@code predictProba} on a label-only endpoint returns the labels as one-hot
 *     rows (what such an endpoint reveals, so that probability-based attacks run as "gap" attacks)
 *     instead of throwing {@link IllegalStateException}
 */
public record RemoteOptions(int batchSize, Duration requestTimeout, Duration connectTimeout, int rateLimitRetries,
        Duration maxRetryWait, boolean oneHotLabels) {
    /** Validates the options. */
    public RemoteOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1. Provided value: " + batchSize);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0. Provided value: " + requestTimeout);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0. Provided value: " + connectTimeout);
        }
        if (rateLimitRetries < 0) {
            throw new IllegalArgumentException("rateLimitRetries must be >= 0. Provided value: " + rateLimitRetries);
        }
        if (maxRetryWait == null || maxRetryWait.isNegative()) {
            throw new IllegalArgumentException("maxRetryWait must be >= 0. Provided value: " + maxRetryWait);
        }
    }

    /**
     * Batches of 256, 30 s per request, 10 s to connect, 3 retries after a rate limit waiting at most
     * 30 s each, no one-hot labels.
     */
    public static RemoteOptions defaults() {
        return new RemoteOptions(256, Duration.ofSeconds(30), Duration.ofSeconds(10), 3, Duration.ofSeconds(30), false);
    }

    /** A copy with another batch size. */
    public RemoteOptions withBatchSize(int v) {
        return new RemoteOptions(v, requestTimeout, connectTimeout, rateLimitRetries, maxRetryWait, oneHotLabels);
    }

    /** A copy with another request timeout. */
    public RemoteOptions withRequestTimeout(Duration v) {
        return new RemoteOptions(batchSize, v, connectTimeout, rateLimitRetries, maxRetryWait, oneHotLabels);
    }

    /** A copy with another retry count. */
    public RemoteOptions withRateLimitRetries(int v) {
        return new RemoteOptions(batchSize, requestTimeout, connectTimeout, v, maxRetryWait, oneHotLabels);
    }

    /** A copy with {@code oneHotLabels} set. */
    public RemoteOptions withOneHotLabels(boolean v) {
        return new RemoteOptions(batchSize, requestTimeout, connectTimeout, rateLimitRetries, maxRetryWait, v);
    }
}

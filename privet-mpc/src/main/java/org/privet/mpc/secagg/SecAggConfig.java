package org.privet.mpc.secagg;

/**
 * The public parameters of one secure-aggregation round, known to the server and every client.
 *
 * @param clients number of clients {@code n} in {@code [2, 2^20]}; clients have ids {@code 1..n} (the id is
 *     also their Shamir x-coordinate; in a networked run the server is party 0)
 * @param threshold Shamir threshold {@code t}: the server needs at least {@code t} clients alive at every
 *     round boundary, and {@code t} shares to unmask. Must satisfy {@code n/2 < t <= n}: with {@code t <= n/2}
 *     two disjoint groups of clients could each be told the other dropped, so the server could learn one
 *     client's input (Bonawitz et al. 2017, section 4); {@code 2n/3 + 1} is the paper's choice
 * @param dimension vector length {@code d >= 1}
 * @param bits {@code k} in {@code [1, 64]}: inputs, masks and the sum are vectors in {@code Z_{2^k}}; on the
 *     wire each element takes {@code ceil(k/8)} bytes
 */
public record SecAggConfig(int clients, int threshold, int dimension, int bits) {
    /** Largest supported number of clients. */
    public static final int MAX_CLIENTS = 1 << 20;

    public SecAggConfig {
        if (clients < 2 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be in [2, " + MAX_CLIENTS + "]. Provided value: " + clients);
        }
        if (threshold <= clients / 2 || threshold > clients) {
            throw new IllegalArgumentException("threshold must be in (clients/2, clients] = (" + clients / 2 + ", "
                    + clients + "] for " + clients + " clients. Provided value: " + threshold);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1. Provided value: " + dimension);
        }
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("bits must be in [1, 64]. Provided value: " + bits);
        }
    }

    /** The paper's threshold {@code floor(2n/3) + 1} for {@code n} clients, with {@code k}-bit elements. */
    public static SecAggConfig withDefaultThreshold(int clients, int dimension, int bits) {
        return new SecAggConfig(clients, Math.min(clients, 2 * clients / 3 + 1), dimension, bits);
    }

    /** {@code 2^k - 1}: the bit mask of one element ({@code -1L} for {@code k = 64}). */
    public long mask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Bytes of one element on the wire: {@code ceil(k / 8)}. */
    public int elementBytes() {
        return (bits + 7) / 8;
    }
}

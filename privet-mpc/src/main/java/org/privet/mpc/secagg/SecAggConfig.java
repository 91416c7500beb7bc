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
 * @param neighbourhood {@code null} for the complete graph (Bonawitz et al. 2017: every client masks and
 *     shares with every other; the default, and the right choice for small {@code n}); otherwise SecAgg+
 *     (Bell et al. 2020): each client masks and shares only with its {@code k} neighbours on a random
 *     {@code k}-regular graph that the server draws each round ({@link SecAggGraph}), and {@code threshold}
 *     is the threshold within a neighbourhood; it must then equal {@code neighbourhood.threshold()}, and
 *     {@code clients} must equal {@code neighbourhood.clients()}. Use {@link #secAggPlus} or {@link #choose}.
 */
public record SecAggConfig(int clients, int threshold, int dimension, int bits, SecAggPlusParameters neighbourhood) {
    /** Largest supported number of clients. */
    public static final int MAX_CLIENTS = 1 << 20;

    public SecAggConfig {
        if (clients < 2 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be in [2, " + MAX_CLIENTS + "]. Provided value: " + clients);
        }
        if (neighbourhood != null) {
            if (neighbourhood.clients() != clients || neighbourhood.threshold() != threshold) {
                throw new IllegalArgumentException("clients and threshold must match the SecAgg+ parameters ("
                        + neighbourhood + "). Provided values: " + clients + ", " + threshold);
            }
        } else if (threshold <= clients / 2 || threshold > clients) {
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

    /** The complete graph (Bonawitz et al. 2017) with threshold {@code t}, {@code n/2 < t <= n}. */
    public SecAggConfig(int clients, int threshold, int dimension, int bits) {
        this(clients, threshold, dimension, bits, null);
    }

    /** SecAgg+ with checked (or {@code insecureForTests}) neighbourhood parameters. */
    public static SecAggConfig secAggPlus(SecAggPlusParameters neighbourhood, int dimension, int bits) {
        return new SecAggConfig(neighbourhood.clients(), neighbourhood.threshold(), dimension, bits, neighbourhood);
    }

    /**
     * The configuration for {@code n} clients of whom a fraction {@code corruptFraction} may collude with the
     * server and up to {@code dropoutFraction} drop out: SecAgg+ with {@link SecAggPlusParameters#choose} when
     * a degree {@code k < n - 1} meets its conditions, otherwise the complete graph with the smallest secure
     * threshold {@code max(floor(n/2), floor(corruptFraction n)) + 1}; throws {@link IllegalArgumentException}
     * when even that cannot tolerate {@code floor(dropoutFraction n)} dropouts.
     */
    public static SecAggConfig choose(int clients, int dimension, int bits, double corruptFraction,
                                      double dropoutFraction) {
        if (clients >= 4) {
            try {
                return secAggPlus(SecAggPlusParameters.choose(clients, corruptFraction, dropoutFraction), dimension, bits);
            } catch (IllegalArgumentException noSparseGraph) {
                // fall back to the complete graph below
            }
        }
        if (!(corruptFraction >= 0 && corruptFraction < 0.5) || !(dropoutFraction >= 0 && dropoutFraction < 1)) {
            throw new IllegalArgumentException("corruptFraction must be in [0, 0.5) and dropoutFraction in [0, 1). "
                    + "Provided values: " + corruptFraction + ", " + dropoutFraction);
        }
        int t = Math.max(clients / 2, (int) Math.floor(corruptFraction * clients)) + 1;
        int live = clients - (int) Math.floor(dropoutFraction * clients);
        if (live < t) {
            throw new IllegalArgumentException("no threshold tolerates " + (clients - live) + " dropouts of " + clients
                    + " clients: at least " + t + " must remain (threshold > n/2 and > corrupt clients)");
        }
        return new SecAggConfig(clients, t, dimension, bits);
    }

    /** The graph's degree: {@code k} for SecAgg+, {@code n - 1} for the complete graph. */
    public int degree() {
        return neighbourhood == null ? clients - 1 : neighbourhood.degree();
    }

    /** True for the complete graph (Bonawitz et al. 2017). */
    public boolean completeGraph() {
        return neighbourhood == null;
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

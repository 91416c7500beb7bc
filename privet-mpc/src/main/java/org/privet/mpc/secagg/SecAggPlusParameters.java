package org.privet.mpc.secagg;

/**
 * The neighbourhood parameters of SecAgg+ (Bell, Bonawitz, Gascón, Lepoint, Raykova, CCS 2020, "Secure
 * Single-Server Aggregation with (Poly)Logarithmic Overhead"): each of the {@code n} clients masks and
 * secret-shares only with its {@code k} neighbours on a random {@code k}-regular graph ({@link SecAggGraph}),
 * with Shamir threshold {@code t} among its neighbourhood (its {@code k} neighbours and itself). A checked
 * object: an instance made by {@link #choose} or {@link #of} satisfies, for the stated corrupt fraction
 * {@code gamma} and dropout fraction {@code delta}, the three conditions of the paper's semi-honest analysis,
 * each bounded by a union bound over the clients with exact hypergeometric tails (the corrupt and dropped
 * sets are fixed before the server draws the graph's random labelling; they are then uniformly placed on the
 * ring):
 *
 * <ol>
 *   <li>security, shares: no client has {@code t} or more corrupt neighbours (else the corrupt clients
 *       alone reconstruct both its self-mask seed and its masking key):
 *       {@code n * P[Hyp(n-1, floor(gamma n), k) >= t] <= 2^-(sigma+1)};
 *   <li>security, masks: the graph stays connected once the corrupt and dropped clients are removed (else
 *       the server learns the partial sum of a component). On the Harary ring, removing a set disconnects
 *       the rest only if it contains two disjoint runs of {@code k/2} consecutive positions:
 *       {@code n^2/2 * prod_{j < k} (m - j)/(n - j) <= 2^-(sigma+1)}, {@code m = floor(gamma n) + floor(delta n)};
 *   <li>correctness: every client keeps at least {@code t} live neighbours to reconstruct its secrets:
 *       {@code n * P[Hyp(n-1, floor(delta n), k) > k - t] <= 2^-eta}.
 * </ol>
 *
 * <p>Besides, {@code t > (k+1)/2}, a majority of each neighbourhood, as the full-graph protocol requires
 * {@code t > n/2} (so a server that told two halves of a neighbourhood different survivor lists could not
 * obtain both secrets of one client). Defaults: {@code sigma = 40} bits of statistical security (the
 * paper's choice), {@code eta = 20} (a correctness failure aborts the round and reveals nothing). {@link
 * #insecureForTests} skips the three probabilistic conditions (small test graphs cannot meet them) and keeps
 * the structural ones. Immutable and thread-safe.
 */
public final class SecAggPlusParameters {
    /** Default statistical security parameter {@code sigma} (bits). */
    public static final int SECURITY_BITS = 40;
    /** Default correctness parameter {@code eta} (bits): the round aborts with probability at most 2^-eta. */
    public static final int CORRECTNESS_BITS = 20;

    private final int clients;
    private final int degree;
    private final int threshold;
    private final double corruptFraction;
    private final double dropoutFraction;
    private final double log2SecurityFailure;
    private final double log2CorrectnessFailure;
    private final boolean checked;

    private SecAggPlusParameters(int clients, int degree, int threshold, double gamma, double delta,
                                 double log2Sec, double log2Cor, boolean checked) {
        this.clients = clients;
        this.degree = degree;
        this.threshold = threshold;
        this.corruptFraction = gamma;
        this.dropoutFraction = delta;
        this.log2SecurityFailure = log2Sec;
        this.log2CorrectnessFailure = log2Cor;
        this.checked = checked;
    }

    /**
     * The smallest even degree {@code k < n - 1}, and for it the smallest threshold, that meet the three
     * conditions for {@code n} clients with a fraction {@code corruptFraction} of them corrupt (colluding with
     * the server) and up to {@code dropoutFraction} dropping out, at {@code sigma = 40}, {@code eta = 20}.
     * Throws {@link IllegalArgumentException} when no {@code k < n - 1} does (use the complete graph, {@link
     * SecAggConfig#choose}, which falls back to it).
     */
    public static SecAggPlusParameters choose(int clients, double corruptFraction, double dropoutFraction) {
        return choose(clients, corruptFraction, dropoutFraction, SECURITY_BITS, CORRECTNESS_BITS);
    }

    /** As {@link #choose(int, double, double)} with explicit {@code sigma} and {@code eta} in {@code [1, 128]}. */
    public static SecAggPlusParameters choose(int clients, double corruptFraction, double dropoutFraction,
                                              int securityBits, int correctnessBits) {
        checkCommon(clients, corruptFraction, dropoutFraction, securityBits, correctnessBits);
        for (int k = 2; k < clients - 1; k += 2) {
            Bounds b = new Bounds(clients, k, corruptFraction, dropoutFraction);
            if (b.log2Disconnect > -(securityBits + 1)) {
                continue;
            }
            for (int t = k / 2 + 1; t <= k; t++) {
                if (b.log2CorruptAtLeast(t) <= -(securityBits + 1)) {
                    if (b.log2TooFewLive(t) <= -correctnessBits) {
                        return new SecAggPlusParameters(clients, k, t, corruptFraction, dropoutFraction,
                                b.log2Security(t), b.log2TooFewLive(t), true);
                    }
                    break; // a larger t only makes correctness worse
                }
            }
        }
        throw new IllegalArgumentException("no neighbourhood smaller than the complete graph meets sigma = "
                + securityBits + ", eta = " + correctnessBits + " for " + clients + " clients with corrupt fraction "
                + corruptFraction + " and dropout fraction " + dropoutFraction + "; use the complete graph");
    }

    /**
     * Checks given {@code k} and {@code t} against the three conditions at {@code sigma = 40}, {@code eta = 20};
     * throws {@link IllegalArgumentException} naming the violated one and its bound.
     */
    public static SecAggPlusParameters of(int clients, int degree, int threshold, double corruptFraction,
                                          double dropoutFraction) {
        checkCommon(clients, corruptFraction, dropoutFraction, SECURITY_BITS, CORRECTNESS_BITS);
        checkStructure(clients, degree, threshold);
        Bounds b = new Bounds(clients, degree, corruptFraction, dropoutFraction);
        int sigma = SECURITY_BITS;
        if (b.log2CorruptAtLeast(threshold) > -(sigma + 1)) {
            throw new IllegalArgumentException(String.format("threshold %d is too low for degree %d: some client has "
                    + ">= t corrupt neighbours with probability up to 2^%.1f, above 2^-%d (corrupt fraction %s)",
                    threshold, degree, b.log2CorruptAtLeast(threshold), sigma + 1, corruptFraction));
        }
        if (b.log2Disconnect > -(sigma + 1)) {
            throw new IllegalArgumentException(String.format("degree %d is too low: the honest survivors' graph "
                    + "splits with probability up to 2^%.1f, above 2^-%d (corrupt %s + dropout %s)", degree,
                    b.log2Disconnect, sigma + 1, corruptFraction, dropoutFraction));
        }
        if (b.log2TooFewLive(threshold) > -CORRECTNESS_BITS) {
            throw new IllegalArgumentException(String.format("threshold %d is too high for degree %d: some client "
                    + "keeps fewer than t live neighbours with probability up to 2^%.1f, above 2^-%d (dropout "
                    + "fraction %s)", threshold, degree, b.log2TooFewLive(threshold), CORRECTNESS_BITS, dropoutFraction));
        }
        return new SecAggPlusParameters(clients, degree, threshold, corruptFraction, dropoutFraction,
                b.log2Security(threshold), b.log2TooFewLive(threshold), true);
    }

    /**
     * Degree and threshold with only the structural checks (even {@code 2 <= k < n - 1}, {@code (k+1)/2 < t <=
     * k + 1}): small test rounds cannot meet the probabilistic bounds. Never for real data.
     */
    public static SecAggPlusParameters insecureForTests(int clients, int degree, int threshold) {
        if (clients < 4 || clients > SecAggConfig.MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be in [4, " + SecAggConfig.MAX_CLIENTS
                    + "] for a neighbourhood graph. Provided value: " + clients);
        }
        checkStructure(clients, degree, threshold);
        return new SecAggPlusParameters(clients, degree, threshold, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                false);
    }

    private static void checkCommon(int clients, double gamma, double delta, int sigma, int eta) {
        if (clients < 4 || clients > SecAggConfig.MAX_CLIENTS) {
            throw new IllegalArgumentException("clients must be in [4, " + SecAggConfig.MAX_CLIENTS
                    + "] for a neighbourhood graph. Provided value: " + clients);
        }
        if (!(gamma >= 0 && gamma < 0.5)) {
            throw new IllegalArgumentException("corruptFraction must be in [0, 0.5). Provided value: " + gamma);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("dropoutFraction must be in [0, 1). Provided value: " + delta);
        }
        if (sigma < 1 || sigma > 128 || eta < 1 || eta > 128) {
            throw new IllegalArgumentException("securityBits and correctnessBits must be in [1, 128]. Provided values: "
                    + sigma + ", " + eta);
        }
    }

    private static void checkStructure(int clients, int degree, int threshold) {
        if (degree < 2 || degree >= clients - 1 || degree % 2 != 0) {
            throw new IllegalArgumentException("degree k must be even and in [2, clients - 2] = [2, " + (clients - 2)
                    + "] (k = clients - 1 is the complete graph: use the full protocol). Provided value: " + degree);
        }
        if (threshold <= (degree + 1) / 2 || threshold > degree + 1) {
            throw new IllegalArgumentException("threshold must be in ((k+1)/2, k+1] = (" + (degree + 1) / 2 + ", "
                    + (degree + 1) + "] for degree " + degree + ": a majority of each neighbourhood. Provided value: "
                    + threshold);
        }
    }

    public int clients() {
        return clients;
    }

    /** {@code k}: neighbours per client (even). */
    public int degree() {
        return degree;
    }

    /** {@code t}: shares among a client's neighbourhood ({@code k} neighbours and itself) that reconstruct. */
    public int threshold() {
        return threshold;
    }

    /** The corrupt fraction the parameters were checked for ({@code NaN} when unchecked). */
    public double corruptFraction() {
        return corruptFraction;
    }

    /** The dropout fraction the parameters were checked for ({@code NaN} when unchecked). */
    public double dropoutFraction() {
        return dropoutFraction;
    }

    /** log2 of the bound on the security failure probability (conditions 1 and 2 together); {@code NaN} unchecked. */
    public double log2SecurityFailure() {
        return log2SecurityFailure;
    }

    /** log2 of the bound on the probability that some client keeps fewer than {@code t} live neighbours. */
    public double log2CorrectnessFailure() {
        return log2CorrectnessFailure;
    }

    /** False for {@link #insecureForTests} parameters. */
    public boolean checked() {
        return checked;
    }

    @Override
    public String toString() {
        return checked
                ? String.format("SecAgg+ n=%d k=%d t=%d (corrupt %s, dropout %s: security failure <= %s, abort <= %s)",
                        clients, degree, threshold, corruptFraction, dropoutFraction, pow2(log2SecurityFailure),
                        pow2(log2CorrectnessFailure))
                : "SecAgg+ n=" + clients + " k=" + degree + " t=" + threshold + " (unchecked, insecureForTests)";
    }

    private static String pow2(double log2) {
        return log2 == Double.NEGATIVE_INFINITY ? "0" : String.format("2^%.1f", log2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecAggPlusParameters p && p.clients == clients && p.degree == degree
                && p.threshold == threshold && p.checked == checked
                && Double.compare(p.corruptFraction, corruptFraction) == 0
                && Double.compare(p.dropoutFraction, dropoutFraction) == 0;
    }

    @Override
    public int hashCode() {
        return ((clients * 31 + degree) * 31 + threshold) * 31 + Boolean.hashCode(checked);
    }

    /** The three bounds for one (n, k, gamma, delta), in log2. */
    static final class Bounds {
        final int n;
        final int k;
        final double[] corruptPmf; // P[X = x], X ~ Hyp(n-1, C, k)
        final double[] dropPmf;
        final double log2Disconnect;

        Bounds(int n, int k, double gamma, double delta) {
            this.n = n;
            this.k = k;
            int c = (int) Math.floor(gamma * n);
            int d = (int) Math.floor(delta * n);
            corruptPmf = hypergeometricPmf(n - 1, Math.min(c, n - 1), k);
            dropPmf = hypergeometricPmf(n - 1, Math.min(d, n - 1), k);
            int m = Math.min(c + d, n);
            double l = 0;
            for (int j = 0; j < k; j++) {
                if (m - j <= 0) {
                    l = Double.NEGATIVE_INFINITY;
                    break;
                }
                l += Math.log((double) (m - j) / (n - j));
            }
            log2Disconnect = (l + Math.log((double) n * n / 2)) / Math.log(2);
        }

        /** log2 of {@code n * P[X >= t]}, X the corrupt neighbours of a client. */
        double log2CorruptAtLeast(int t) {
            return log2UnionTail(corruptPmf, t);
        }

        /** log2 of {@code n * P[dropped neighbours > k - t]}. */
        double log2TooFewLive(int t) {
            return log2UnionTail(dropPmf, k - t + 1);
        }

        double log2Security(int t) {
            double a = Math.pow(2, log2CorruptAtLeast(t));
            double b = Math.pow(2, log2Disconnect);
            return Math.log(a + b) / Math.log(2);
        }

        private double log2UnionTail(double[] pmf, int from) {
            double s = 0;
            for (int x = Math.max(0, from); x < pmf.length; x++) {
                s += pmf[x];
            }
            return Math.log(Math.min(1.0, s) * n) / Math.log(2);
        }

        /** P[X = x] for x = 0..draws, X the successes among {@code draws} taken from {@code pop} holding {@code good}. */
        static double[] hypergeometricPmf(int pop, int good, int draws) {
            double[] pmf = new double[draws + 1];
            int lo = Math.max(0, draws - (pop - good));
            int hi = Math.min(draws, good);
            if (lo > hi) {
                return pmf;
            }
            // log P[X = lo] = log C(good, lo) + log C(pop - good, draws - lo) - log C(pop, draws)
            double l = logChoose(good, lo) + logChoose(pop - good, draws - lo) - logChoose(pop, draws);
            for (int x = lo; x <= hi; x++) {
                pmf[x] = Math.exp(l);
                if (x < hi) {
                    // ratio P[x+1] / P[x] = (good - x)(draws - x) / ((x + 1)(pop - good - draws + x + 1))
                    l += Math.log((double) (good - x) * (draws - x))
                            - Math.log((double) (x + 1) * (pop - good - draws + x + 1));
                }
            }
            return pmf;
        }

        private static double logChoose(int a, int b) {
            int m = Math.min(b, a - b);
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += Math.log((double) (a - j) / (j + 1));
            }
            return s;
        }
    }
}

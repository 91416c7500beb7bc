package org.privet.dp.pate;

/**
 * Smooth sensitivity of PATE's data-dependent privacy cost (Papernot et al. 2018, Section 4.3 and Appendix B-C), so
 * that the cost itself can be released with differential privacy. Pure functions; thread-safe.
 *
 * <p><b>The released function.</b> For a fixed Renyi order {@code lambda}, the data-dependent RDP of one GNMax
 * query is {@code beta(q)}, where {@code q} bounds the probability that the answer is not the plurality class
 * ({@link GnMax#logQ}). Papernot et al. need {@code beta} non-decreasing in {@code q} (their condition C5, checked
 * numerically); here it is so by construction: the minimum of Theorem 6 over a fixed grid of {@code q' >= q} (any
 * upper bound on the probability is a valid {@code q}), capped by the data-independent {@code lambda / sigma^2}.
 *
 * <p><b>Two analyses</b>, by the form of q (which depends only on the public sigma):
 * <ul>
 *   <li>{@code sigma >= 2}: the {@code erfc} form, valid for the discrete noise ({@link GaussianTail}), and Papernot
 *   et al.'s analysis ({@link ErfcCost}, {@link #localSensitivities(int[], ErfcCost)}): Jensen bounds {@code B_u, B_l}
 *   on a neighbour's q (their Algorithm 3), the range of q at distance d from the histogram's own gaps (their
 *   Algorithms 4-5: votes moved from the plurality to the runner-up raise q fastest, moved away from it lower q
 *   fastest), and the largest change over that range read from a grid of q-cells, which needs neither C5 nor C6
 *   (both still reported, {@link ErfcCost#papernotConditionsHold}).</li>
 *   <li>{@code sigma < 2}: the sub-Gaussian form, and the coarser runner-up-gap bounds of
 *   {@link #localSensitivities(int[], MonotoneRdp)} (the previous analysis, kept as the fallback): write {@code h(g)
 *   = exp(-g^2 / (4 sigma^2))} ({@code g > 0}; 1 otherwise), {@code cap = 1 - 1/k}, and G for a histogram's runner-up
 *   gap. A histogram with runner-up gap G has {@code h(G) <= q <= (k-1) h(G)}; one vote moves every gap by at most 2,
 *   so the change between the histogram and any neighbour is at most {@code V(G) = beta(min(cap, (k-1) h(G-2))) -
 *   beta(min(cap, h(G+2)))}; d vote changes move G by at most 2d, and while the plurality cannot have changed
 *   ({@code g > 2d}) the other classes' gaps bound q more tightly ({@code sum_i h(max(G, g_i - 2d) - 2)} from above,
 *   the runner-up term plus the others' {@code h(g_i + 2d + 2)} from below).</li>
 * </ul>
 * Both are admissible in Nissim et al.'s sense (a neighbouring histogram's bound at distance d + 1 is at least ours at
 * d), which is what makes {@code max_d e^{-b d} LS(d)} a b-smooth upper bound; the tests check it by brute force.
 * Several queries: the total cost's local sensitivity at distance d is at most the sum of the queries' (one teacher's
 * change moves every query by at most one vote).
 *
 * <p><b>Smooth sensitivity</b> ({@link #smooth}): {@code SS_b = max_{0 <= d <= T} e^{-b d} LS(d)}, T the number of
 * teachers (no two vote histograms are further apart).
 *
 * <p><b>Release</b> ({@link #releaseRdp}): the Gaussian smooth-sensitivity mechanism (GNSS) releases
 * {@code cost + SS_b sigma_s Z}, Z standard normal, which is {@code (lambda, lambda e^{2b} / sigma_s^2 +
 * (b lambda - ln(1 - 2 lambda b)/2) / (lambda - 1))}-RDP for {@code 1 < lambda < 1 / (2b)} (Papernot et al. 2018,
 * Theorem 23). With {@code b = 0.49 / lambda} by default and {@code sigma_s = (lambda e^{2b} / SS)^(1/3)} (the
 * minimiser of the release cost plus 2 SS sigma_s) as in their analysis.
 */
public final class SmoothSensitivity {
    /** Grid step in {@code y = sqrt(-ln q)}, in units of {@code 1/sigma}: 1/40 of a vote of gap. */
    private static final double GRID_STEP_VOTES = 0.025;

    private SmoothSensitivity() {
    }

    /**
     * The monotone data-dependent RDP of one GNMax query at one order, as a function of {@code ln q}: a table over the
     * grid {@code y_i = i * step} ({@code q_i = exp(-y_i^2)}, {@code i = 0..n}), {@code M[i] = min(lambda/sigma^2,
     * min_{l <= i} Theorem6(q_l))} (index l &lt;= i means {@code q_l >= q_i}). {@link #rdp} reads it.
     */
    public static final class MonotoneRdp {
        private final double sigma;
        private final double order;
        private final double step;
        private final double[] table;
        private final double maxGapVotes;

        private MonotoneRdp(double sigma, double variance, double order, double maxGapVotes) {
            this.sigma = sigma;
            this.maxGapVotes = maxGapVotes;
            this.order = order;
            this.step = GRID_STEP_VOTES / (2 * sigma);
            // y = g / (2 sigma) for a gap of g votes; cover gaps up to maxGapVotes
            int n = (int) Math.ceil(maxGapVotes / GRID_STEP_VOTES) + 2;
            this.table = new double[n + 1];
            double independent = order / variance;
            double best = independent;
            double[] orders = {order};
            for (int i = 0; i <= n; i++) {
                double y = i * step;
                double logq = -y * y;
                double b = GnMax.rdpDataDependentFrom(new double[] {independent}, logq, variance, orders)[0];
                best = Math.min(best, b);
                table[i] = best;
            }
        }

        /**
         * The cost for a probability bound {@code q = exp(logq)}: {@code M[i]} at {@code i = floor(sqrt(-logq) / step)},
         * the last grid point with {@code q_i >= q} (every {@code q_l}, {@code l <= i}, is then a valid bound too), or
         * the last entry beyond the grid. Non-decreasing in {@code logq}.
         */
        public double rdp(double logq) {
            if (!(logq <= 0)) {
                throw new IllegalArgumentException("logq must be <= 0. Provided value: " + logq);
            }
            double y = Math.sqrt(-logq);
            double idx = Math.floor(y / step);
            int i = idx >= table.length - 1 ? table.length - 1 : (int) idx;
            return table[i];
        }

        /** The largest gap (in votes) the grid covers. */
        public double maxGapVotes() {
            return maxGapVotes;
        }

        /** The GNMax sigma. */
        public double sigma() {
            return sigma;
        }

        /** The Renyi order. */
        public double order() {
            return order;
        }
    }

    /**
     * The monotone cost table for GNMax noise {@code sigma} at {@code order}, covering gaps up to
     * {@code maxGapVotes} (beyond, the smallest tabled cost is used: still valid, slightly loose).
     */
    public static MonotoneRdp monotoneRdp(double sigma, double order, double maxGapVotes) {
        if (!(sigma > 0) || !(sigma < 0x1p40)) {
            throw new IllegalArgumentException("GNMax sigma must be > 0 and < 2^40. Provided value: " + sigma);
        }
        if (!(order > 1) || Double.isInfinite(order)) {
            throw new IllegalArgumentException("RDP order must be > 1 and finite. Provided value: " + order);
        }
        if (!(maxGapVotes >= 1) || maxGapVotes > 1e7) {
            throw new IllegalArgumentException("maxGapVotes must be in [1, 1e7]. Provided value: " + maxGapVotes);
        }
        return new MonotoneRdp(sigma, sigma * sigma, order, maxGapVotes);
    }

    /**
     * The monotone cost table of Confident-GNMax's threshold check with noise {@code sigma1} (an integer), as a
     * function of {@code ln q}, q bounding the probability of the check's less likely outcome: Theorem 6 for the
     * data-independent RDP {@code lambda / (2 sigma1^2)} (sensitivity 1), on the grid of {@link #monotoneRdp} with
     * sigma {@code sqrt(2) sigma1}, covering {@code |T - n|} up to {@code maxDistanceVotes}.
     */
    static MonotoneRdp thresholdRdp(double sigma1, double order, double maxDistanceVotes) {
        if (!(sigma1 >= 1) || !(sigma1 <= 0x1p20)) {
            throw new IllegalArgumentException("sigma1 must be in [1, 2^20]. Provided value: " + sigma1);
        }
        if (!(order > 1) || Double.isInfinite(order)) {
            throw new IllegalArgumentException("RDP order must be > 1 and finite. Provided value: " + order);
        }
        // y = sqrt(-ln q) ~ (|T - n| - 1) / (sqrt(2) sigma1) = g / (2 sqrt(2) sigma1) with g = 2 |T - n|
        double gap = Math.min(1e7, Math.max(16, 2 * maxDistanceVotes + 4));
        return new MonotoneRdp(Math.sqrt(2) * sigma1, 2 * sigma1 * sigma1, order, gap);
    }

    /**
     * The per-query cost table for the {@code erfc} form of q ({@link GnMax#logQ}, sigma &gt;= 2), Papernot et al.'s
     * analysis (Section 4.3, Appendix B.4, Algorithms 3-5) for the discrete noise. Immutable; thread-safe.
     *
     * <p>Write {@code f} for the per-class tail of {@link GnMax#logQ} ({@code f(g) = c erfc((g - 1) / (2 sigma)) / 2})
     * and {@code m} for the number of classes. The grid is {@code gamma_j = gamma_0 + j / 40} votes,
     * {@code q_j = (m - 1) f(gamma_j)} (decreasing in j; {@code gamma_0} the first grid point with {@code q_0 <= cap
     * = 1 - 1/m}), covering gaps up to {@code min(3 T + 4, 64 sigma + 8)} for T teachers (beyond, q is below
     * {@code e^-1000} and the cost is 0 in double precision; the cost stays at its last value there, which is valid).
     * <ul>
     *   <li><b>Cost</b> ({@link #rdp}): {@code beta(q) = M[j]}, j the last grid index with {@code q_j >= q},
     *   {@code M[j] = min(lambda / sigma^2, min_{l <= j} Theorem6(q_l))}; {@code lambda / sigma^2} above {@code q_0}.
     *   Any {@code q' >= q} is a valid bound, so this is a valid RDP bound; it is non-decreasing in q by construction
     *   (Papernot's condition C5 is not needed).</li>
     *   <li><b>One step</b> (Papernot's {@code B_u}, {@code B_l}, Algorithm 3): a neighbouring histogram's gaps, matched
     *   class to class, differ by at most 2 votes (also when the plurality changes). {@code phi(t) = f(f^-1(t) - 2)}
     *   is concave ({@code phi(t) = c phi0(t / c)} where {@code 1 - phi0} is the Gaussian trade-off function
     *   {@code G_{sqrt 2 / sigma}}, convex; Dong, Roth and Su 2019) and its inverse {@code psi(t) = f(f^-1(t) + 2)} convex, so by Jensen a neighbour's q lies in {@code [B_l(q),
     *   min(cap, B_u(q))]} with {@code B_u(q) = (m - 1) phi(q / (m - 1))}, {@code B_l(q) = (m - 1) psi(q / (m -
     *   1))}. On the grid these are index shifts: {@code B_u(q_j) = q_{j-80}}, {@code B_l(q_j) = q_{j+80}}.</li>
     *   <li><b>Local sensitivity over a q-interval</b>: for q in a grid cell {@code [q_{j+1}, q_j]}, the change to a
     *   neighbour is at most {@code max(M[j-80] - M[j+1], M[j] - M[j+81])} (monotone cost and monotone
     *   {@code B_u, B_l}); the maximum over the cells meeting an interval bounds the change anywhere in it. This
     *   replaces Papernot's condition C6 (their closed form at the interval's end needs it; ours does not), at the
     *   price of the grid's resolution (1/40 of a vote).</li>
     * </ul>
     * {@link #papernotConditionsHold} still reports whether C5 and C6 hold on the grid, as a diagnostic.
     */
    public static final class ErfcCost {
        /** Grid points per vote of gap. */
        static final int STEPS_PER_VOTE = 40;
        /** Two votes, in grid steps: one teacher moves a gap by at most 2. */
        static final int SHIFT = 2 * STEPS_PER_VOTE;

        private final double sigma;
        private final double order;
        private final int classes;
        private final int teachers;
        private final double independent;
        private final double logCap;
        private final double logScale;
        private final double[] lnq;
        private final double[] cost;
        private final double[] cell;
        private final double[] lnTailInt;
        private final boolean conditions;
        private final int firstGain;

        private ErfcCost(double sigma, int classes, double order, int teachers) {
            this.sigma = sigma;
            this.classes = classes;
            this.order = order;
            this.teachers = teachers;
            this.independent = order / (sigma * sigma);
            this.logCap = Math.log1p(-1.0 / classes);
            this.logScale = GaussianTail.logScale(sigma);
            double logK1 = Math.log(classes - 1);
            int i0 = -4 * STEPS_PER_VOTE;
            while (logK1 + GaussianTail.logTail((double) i0 / STEPS_PER_VOTE, sigma, logScale) > logCap) {
                i0++;
            }
            // gaps up to 3T + 4, but no further than q = e^-1000 (gap ~ 63 sigma), where the cost is 0 in double
            // precision: beyond the grid the cost stays at its last value, which is valid (and the bottom cell's bound
            // covers it)
            double maxGap = Math.min(3.0 * teachers + 4, Math.ceil(64 * sigma) + 8);
            int iMax = (int) Math.ceil(maxGap * STEPS_PER_VOTE);
            int n = Math.max(iMax - i0, 2 * SHIFT);
            lnq = new double[n + 1];
            cost = new double[n + 1];
            double[] raw = new double[n + 1];
            double[] orders = {order};
            double best = independent;
            for (int j = 0; j <= n; j++) {
                lnq[j] = logK1 + GaussianTail.logTail((double) (i0 + j) / STEPS_PER_VOTE, sigma, logScale);
                raw[j] = GnMax.rdpDataDependent(lnq[j], sigma, orders)[0];
                best = Math.min(best, raw[j]);
                cost[j] = best;
            }
            for (int j = 1; j <= n; j++) {
                if (!(lnq[j] < lnq[j - 1])) {
                    throw new AssertionError("internal invariant: the q grid must decrease; at " + j + ": " + lnq[j]
                            + " >= " + lnq[j - 1]);
                }
            }
            // cells: 0 = (q_0, cap]; j + 1 = [q_{j+1}, q_j] for j = 0..n-1; n + 1 = (0, q_n]
            // one extra grid step on each side (SHIFT + 1) absorbs the rounding of q in the last bit near a grid point
            cell = new double[n + 2];
            int w = SHIFT + 1;
            cell[0] = independent - cost[Math.min(w, n)];
            for (int j = 0; j < n; j++) {
                double up = (j >= w ? cost[j - w] : independent) - cost[j + 1];
                double down = cost[j] - cost[Math.min(n, j + 1 + w)];
                cell[j + 1] = Math.max(0, Math.max(up, down));
            }
            cell[n + 1] = Math.max(0, cost[Math.max(0, n - w)] - cost[n]);
            lnTailInt = new double[3 * teachers + 3];
            for (int g = 0; g < lnTailInt.length; g++) {
                lnTailInt[g] = GaussianTail.logTail(g, sigma, logScale);
            }
            conditions = checkConditions(raw);
            int g = -1;
            for (int j = 0; j <= n; j++) {
                if (raw[j] < independent) {
                    g = j;
                    break;
                }
            }
            firstGain = g;
        }

        /**
         * Papernot et al.'s Algorithm 3 at the grid point at or above q, with their plateau (q in {@code [q1, q0]} is
         * moved to {@code q1 = B_l(q0)}): {@code max(beta(B_u(q)) - beta(q), beta(q) - beta(B_l(q)))}. A test oracle:
         * evaluated along their Algorithms 4-5 it bounds the local sensitivity at distance d only under C5-C6.
         */
        double papernotAlgorithm3(double logq) {
            int n = lnq.length - 1;
            int j = logq > lnq[0] ? 0 : lastAtLeast(logq);
            if (firstGain >= 0 && j >= firstGain && j <= firstGain + SHIFT) {
                j = Math.min(n, firstGain + SHIFT);
            }
            double b = j == 0 && logq > lnq[0] ? independent : cost[j];
            double up = (j >= SHIFT ? cost[j - SHIFT] : independent) - b;
            double down = b - cost[Math.min(n, j + SHIFT)];
            return Math.max(0, Math.max(up, down));
        }

        /** ln q0: above it the data-independent bound wins (Papernot's q0), or 0 when the data never helps. */
        double logQ0() {
            return firstGain < 0 ? 0 : lnq[firstGain];
        }

        /** ln q1 = ln B_l(q0). */
        double logQ1() {
            return firstGain < 0 ? 0 : lnq[Math.min(lnq.length - 1, firstGain + SHIFT)];
        }

        /** Papernot's C5 (Theorem 6 non-decreasing in q below q0) and C6 on the grid. */
        private boolean checkConditions(double[] raw) {
            int n = raw.length - 1;
            int j0 = -1; // largest q where the data-dependent bound is below the data-independent one
            for (int j = 0; j <= n; j++) {
                if (raw[j] < independent) {
                    j0 = j;
                    break;
                }
            }
            if (j0 < 0) {
                return true; // no data-dependent gain anywhere: beta is constant
            }
            for (int j = j0 + 1; j <= n; j++) {
                if (raw[j] > raw[j - 1] + 1e-15) {
                    return false; // C5
                }
            }
            double prev = Double.POSITIVE_INFINITY;
            for (int j = j0 + SHIFT; j <= n; j++) {
                double bu = j - SHIFT >= j0 ? raw[j - SHIFT] : independent;
                double delta = bu - raw[j];
                if (delta > prev + 1e-15) {
                    return false; // C6: beta(B_u(q)) - beta(q) non-decreasing in q on (0, q1]
                }
                prev = delta;
            }
            return true;
        }

        /** The cost {@code beta(q)} for {@code q = exp(logq)}: non-decreasing, at most {@code lambda / sigma^2}. */
        public double rdp(double logq) {
            if (!(logq <= 0)) {
                throw new IllegalArgumentException("logq must be <= 0. Provided value: " + logq);
            }
            if (logq > lnq[0]) {
                return independent;
            }
            return cost[lastAtLeast(logq)];
        }

        /** The last grid index j with {@code lnq[j] >= x}; requires {@code x <= lnq[0]}. */
        private int lastAtLeast(double x) {
            int lo = 0;
            int hi = lnq.length - 1;
            if (lnq[hi] >= x) {
                return hi;
            }
            while (hi - lo > 1) { // lnq[lo] >= x > lnq[hi]
                int mid = (lo + hi) >>> 1;
                if (lnq[mid] >= x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The cell holding {@code q = exp(logq)} (0 = above the grid, {@code n + 1} = below it). */
        int cellOf(double logq) {
            if (logq > lnq[0]) {
                return 0;
            }
            return lastAtLeast(logq) + 1;
        }

        double cellSensitivity(int c) {
            return cell[c];
        }

        int cells() {
            return cell.length;
        }

        /** {@code ln f(g)} for an integer gap (cached for {@code 0 <= g <= 3T + 2}). */
        double lnTail(int g) {
            return g >= 0 && g < lnTailInt.length ? lnTailInt[g] : GaussianTail.logTail(g, sigma, logScale);
        }

        /** {@code ln cap = ln(1 - 1/m)}. */
        double logCap() {
            return logCap;
        }

        /** Whether Papernot et al.'s conditions C5 and C6 hold on this grid (diagnostic; not needed here). */
        public boolean papernotConditionsHold() {
            return conditions;
        }

        /** The GNMax sigma. */
        public double sigma() {
            return sigma;
        }

        /** The number of classes. */
        public int classes() {
            return classes;
        }

        /** The Renyi order. */
        public double order() {
            return order;
        }

        /** The largest number of teachers the table covers. */
        public int teachers() {
            return teachers;
        }
    }

    /**
     * The cost table for the {@code erfc} form of q.
     *
     * @param sigma    GNMax sigma, {@code >= GnMax.ERFC_FORM_MIN_SIGMA}
     * @param classes  number of classes, {@code >= 2}
     * @param order    Renyi order, {@code > 1}
     * @param teachers the number of teachers of the histograms it will serve, in {@code [1, 10^5]}
     */
    public static ErfcCost erfcCost(double sigma, int classes, double order, int teachers) {
        if (!(sigma >= GnMax.ERFC_FORM_MIN_SIGMA) || !(sigma < 0x1p40)) {
            throw new IllegalArgumentException("sigma must be >= " + GnMax.ERFC_FORM_MIN_SIGMA
                    + " and < 2^40 for the erfc form. Provided value: " + sigma);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2. Provided value: " + classes);
        }
        if (!(order > 1) || Double.isInfinite(order)) {
            throw new IllegalArgumentException("RDP order must be > 1 and finite. Provided value: " + order);
        }
        if (teachers < 1 || teachers > 100_000) {
            throw new IllegalArgumentException("teachers must be in [1, 10^5]. Provided value: " + teachers);
        }
        return new ErfcCost(sigma, classes, order, teachers);
    }

    /**
     * Upper bounds on the local sensitivity at distance {@code d = 0..T} of {@code cost.rdp(GnMax.logQ(votes,
     * sigma))} (erfc form), Papernot et al.'s Algorithms 4-5 with the bounds of {@link ErfcCost}. With G the gaps to
     * the plurality p (sorted, {@code G_1} the runner-up's), a histogram at distance d has, against the same
     * reference p (q computed against any class is at least q computed against the plurality):
     * <ul>
     *   <li>from above ({@code U_d}): p loses at most d votes and the others gain {@code b_i >= 0}, {@code sum b_i <=
     *   d}, so q is at most {@code max_b sum_i f(G_i - d - b_i)}; where every argument is at least 1 ({@code G_1 - 2d
     *   >= 1}) f is convex, the maximum is at a vertex, and the best vertex gives all of b to the runner-up:
     *   {@code f(G_1 - 2d) + sum_{i >= 2} f(G_i - d)} (Papernot's path: votes moved from the top to the second).
     *   Elsewhere {@code U_d = cap};</li>
     *   <li>from below ({@code L_d}): every matched gap grows by at most 2d: {@code min(cap, sum_i f(G_i + 2d))}.</li>
     * </ul>
     * {@code LS(d)} is the largest cell bound ({@link ErfcCost}) over the cells meeting {@code [L_d, U_d]}. Both ends
     * are admissible in Nissim et al.'s sense (a neighbour's interval at d + 1 contains ours at d: its U at d + 1 is a
     * maximum over a larger relaxed set, its L at d + 1 uses gaps at least ours minus 2), so
     * {@code max_d e^{-b d} LS(d)} is a b-smooth upper bound.
     *
     * @param votes the query's vote histogram (classes = {@code cost.classes()}, at most {@code cost.teachers()} votes)
     * @param cost  the table for the query's sigma, classes and order
     * @return {@code LS[d]}, {@code d = 0..T}, T the number of votes
     */
    public static double[] localSensitivities(int[] votes, ErfcCost cost) {
        GnMax.checkVotes(votes);
        if (votes.length != cost.classes()) {
            throw new IllegalArgumentException("votes must have " + cost.classes() + " classes (the table's). Provided: "
                    + votes.length);
        }
        long total = 0;
        int star = 0;
        for (int j = 0; j < votes.length; j++) {
            total += votes[j];
            if (votes[j] > votes[star]) {
                star = j;
            }
        }
        if (total > cost.teachers()) {
            throw new IllegalArgumentException("the table covers at most " + cost.teachers() + " teachers. Provided: "
                    + total + " votes");
        }
        int teachers = (int) total;
        int[] gaps = sortedGaps(votes, star);
        double logCap = cost.logCap();
        double[] terms = new double[gaps.length];
        double[] ls = new double[teachers + 1];
        // cells [lo, hi] seen so far (the q-intervals grow with d); starts empty just below the first interval's top
        int lo = -1;
        int hi = -2;
        double best = 0;
        int cells = cost.cells();
        for (int d = 0; d <= teachers; d++) {
            double lnU;
            if (gaps[0] - 2L * d >= 1) {
                terms[0] = cost.lnTail(gaps[0] - 2 * d);
                for (int i = 1; i < gaps.length; i++) {
                    terms[i] = cost.lnTail(gaps[i] - d);
                }
                lnU = Math.min(logCap, logSumExp(terms));
            } else {
                lnU = logCap;
            }
            for (int i = 0; i < gaps.length; i++) {
                terms[i] = cost.lnTail(gaps[i] + 2 * d);
            }
            double lnL = Math.min(logCap, logSumExp(terms));
            // a relative slack of 1e-12 on q covers rounding between this sum and GnMax.logQ's
            int from = cost.cellOf(Math.min(0, lnU + 1e-12));
            int to = cost.cellOf(lnL - 1e-12);
            if (d == 0) {
                lo = from;
                hi = from - 1;
            }
            while (lo > from) {
                best = Math.max(best, cost.cellSensitivity(--lo));
            }
            while (hi < to) {
                best = Math.max(best, cost.cellSensitivity(++hi));
            }
            ls[d] = best;
            if (lo == 0 && hi == cells - 1) {
                java.util.Arrays.fill(ls, d + 1, ls.length, best);
                break;
            }
        }
        return ls;
    }

    /** The gaps {@code votes[star] - votes[j]} to the plurality class {@code star}, over the other classes, sorted. */
    private static int[] sortedGaps(int[] votes, int star) {
        int[] gaps = new int[votes.length - 1];
        for (int j = 0, i = 0; j < votes.length; j++) {
            if (j != star) {
                gaps[i++] = votes[star] - votes[j];
            }
        }
        java.util.Arrays.sort(gaps);
        return gaps;
    }

    private static double logSumExp(double[] t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : t) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : t) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s);
    }

    /** {@code ln min(cap, sum_i h(g_i + shift))} over the non-plurality gaps; {@code h(g) = 1} for {@code g <= 0}. */
    static double logQShifted(int[] gaps, double shift, double sigma) {
        int k = gaps.length + 1;
        double cap = Math.log1p(-1.0 / k);
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[gaps.length];
        for (int i = 0; i < gaps.length; i++) {
            double g = gaps[i] + shift;
            terms[i] = g <= 0 ? 0.0 : -g * g / (4 * sigma * sigma);
            max = Math.max(max, terms[i]);
        }
        if (max >= cap) {
            return cap;
        }
        double s = 0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        return Math.min(cap, max + Math.log(s));
    }

    /**
     * Upper bounds on the local sensitivity at distance {@code d = 0..T} of the monotone cost of one query
     * ({@code T = sum of votes}, the number of teachers), as in the class comment.
     *
     * @param votes the query's vote histogram (at least 2 classes, counts &gt;= 0)
     * @param cost  the monotone cost table (its sigma is the query's GNMax sigma)
     * @return {@code LS[d]} for {@code d = 0..T}
     */
    public static double[] localSensitivities(int[] votes, MonotoneRdp cost) {
        GnMax.checkVotes(votes);
        long total = 0;
        int star = 0;
        for (int j = 0; j < votes.length; j++) {
            total += votes[j];
            if (votes[j] > votes[star]) {
                star = j;
            }
        }
        if (total > 10_000_000) {
            throw new IllegalArgumentException("at most 10^7 teachers. Provided: " + total);
        }
        int teachers = (int) total;
        int minGap = Integer.MAX_VALUE;
        for (int j = 0; j < votes.length; j++) {
            if (j != star) {
                minGap = Math.min(minGap, votes[star] - votes[j]);
            }
        }
        // gaps to the plurality, sorted
        int[] gaps = sortedGaps(votes, star);
        double sigma = cost.sigma();
        double cap = Math.log1p(-1.0 / votes.length);
        double[] anyPlurality = oneStepByRunnerUpGap(votes.length, teachers, cost);
        double[] down = new double[teachers + 1];
        for (int g = 0; g <= teachers; g++) {
            down[g] = cost.rdp(Math.min(cap, -(g + 2.0) * (g + 2.0) / (4 * sigma * sigma)));
        }
        double[] ls = new double[teachers + 1];
        double[] tail = new double[gaps.length + 1];
        for (int d = 0; d <= teachers; d++) {
            int from = Math.max(0, minGap - 2 * d);
            int to = (int) Math.min(teachers, (long) minGap + 2L * d);
            double best = 0;
            if (minGap <= 2 * d) {
                // the plurality may have changed: gaps are relative to another class; (k-1) h(G-2) from above
                for (int g = from; g <= to; g++) {
                    best = Math.max(best, anyPlurality[g]);
                }
            } else {
                // plurality kept: every gap of n' is >= max(G, g_i - 2d), so q(n'') <= sum_i h(max(G, g_i - 2d) - 2)
                // tail[i] = sum_{l >= i} h(g_l - 2d - 2) (sorted gaps; all arguments > 0 here)
                tail[gaps.length] = 0;
                for (int i = gaps.length - 1; i >= 0; i--) {
                    double a = gaps[i] - 2.0 * d - 2;
                    tail[i] = tail[i + 1] + (a <= 0 ? 1.0 : Math.exp(-a * a / (4 * sigma * sigma)));
                }
                // from below, if the plurality is kept in n'' too (g > 2d + 2): the runner-up of n' gives h(G + 2),
                // every other class h(g_i + 2d + 2); an unknown class is the runner-up, so drop the largest term
                double others = 0;
                if (minGap > 2 * d + 2) {
                    double largest = 0;
                    for (int gi : gaps) {
                        double a = gi + 2.0 * d + 2;
                        double t = Math.exp(-a * a / (4 * sigma * sigma));
                        others += t;
                        largest = Math.max(largest, t);
                    }
                    others -= largest;
                }
                int c = 0; // classes with g_i - 2d <= G
                for (int g = from; g <= to; g++) {
                    while (c < gaps.length && gaps[c] - 2 * d <= g) {
                        c++;
                    }
                    double a = g - 2.0;
                    double hg = a <= 0 ? 1.0 : Math.exp(-a * a / (4 * sigma * sigma));
                    double q = c * hg + tail[c];
                    double up = q <= 0 ? Double.NEGATIVE_INFINITY : Math.min(cap, Math.log(q));
                    double upCost = up == Double.NEGATIVE_INFINITY ? cost.rdp(-1e300) : cost.rdp(up);
                    double low = down[g];
                    if (others > 0) {
                        double b = g + 2.0;
                        low = cost.rdp(Math.min(cap, Math.log(Math.exp(-b * b / (4 * sigma * sigma)) + others)));
                    }
                    best = Math.max(best, upCost - low);
                }
            }
            ls[d] = Math.max(d > 0 ? ls[d - 1] : 0, best);
        }
        return ls;
    }

    /**
     * {@code V[G]}, {@code G = 0..T}: a bound on {@code |cost(n'') - cost(n')|} over every histogram {@code n'} whose
     * runner-up gap is G and every neighbour {@code n''} of it. All k - 1 gaps of {@code n'} are at least G, so
     * {@code q(n') <= (k-1) h(G)}, and one vote moves a gap by at most 2: {@code q(n'') <= min(cap, (k-1) h(G - 2))}.
     * From below, {@code q(n'') >= min(cap, h(G + 2))}: the runner-up term alone, or, if the plurality changes, the old
     * plurality now within 2 votes of the new one. Monotone cost: {@code V[G] = beta(up) - beta(down)}.
     */
    static double[] oneStepByRunnerUpGap(int classes, int teachers, MonotoneRdp cost) {
        double sigma = cost.sigma();
        double cap = Math.log1p(-1.0 / classes);
        double logK1 = Math.log(classes - 1);
        double[] v = new double[teachers + 1];
        for (int g = 0; g <= teachers; g++) {
            double up = g - 2 <= 0 ? cap : Math.min(cap, logK1 - (g - 2.0) * (g - 2.0) / (4 * sigma * sigma));
            double down = Math.min(cap, -(g + 2.0) * (g + 2.0) / (4 * sigma * sigma));
            v[g] = Math.max(0, cost.rdp(up) - cost.rdp(down));
        }
        return v;
    }

    /** {@code max_d e^{-beta d} ls[d]}: the beta-smooth sensitivity from local sensitivities at each distance. */
    public static double smooth(double[] ls, double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be > 0 and finite. Provided value: " + beta);
        }
        double best = 0;
        for (int d = 0; d < ls.length; d++) {
            best = Math.max(best, Math.exp(-beta * d) * ls[d]);
        }
        return best;
    }

    /**
     * RDP at {@code order} of the Gaussian smooth-sensitivity release {@code f + SS sigmaS Z} (Papernot et al. 2018,
     * Theorem 23): {@code order e^{2 beta} / sigmaS^2 + (beta order - ln(1 - 2 order beta) / 2) / (order - 1)}.
     *
     * @throws IllegalArgumentException unless {@code 1 < order < 1 / (2 beta)}, {@code beta > 0}, {@code sigmaS > 0}
     */
    public static double releaseRdp(double beta, double sigmaS, double order) {
        if (!(beta > 0) || !(sigmaS > 0) || Double.isInfinite(sigmaS)) {
            throw new IllegalArgumentException("beta and sigmaS must be > 0 and finite. Provided values: " + beta + ", "
                    + sigmaS);
        }
        if (!(order > 1 && order < 1 / (2 * beta))) {
            throw new IllegalArgumentException("order must be in (1, 1/(2 beta)) = (1, " + 1 / (2 * beta)
                    + "). Provided value: " + order);
        }
        return order * Math.exp(2 * beta) / (sigmaS * sigmaS)
                + (beta * order - 0.5 * Math.log1p(-2 * order * beta)) / (order - 1);
    }
}

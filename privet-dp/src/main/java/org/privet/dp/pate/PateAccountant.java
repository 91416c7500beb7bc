package org.privet.dp.pate;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.privet.dp.accounting.Rdp;
import org.privet.dp.noise.ExactSamplers;

/**
 * RDP accounting of GNMax queries: the data-independent bound ({@code Q lambda / sigma^2} after {@code Q} queries,
 * the guarantee) and the data-dependent one (the sum of {@link GnMax#rdpDataDependent} over the queries' votes; an
 * analysis of this dataset that is not itself private, see there). Both convert to (epsilon, delta) with
 * {@link Rdp#epsilon(double[], double[], double)}. Orders: {@link Rdp#defaultOrders()} plus 80 to 1024 (large sigma
 * and few queries favour high orders).
 *
 * <p>The data-dependent cost can be <b>released</b> once, privately, with {@link #releaseDataDependent}: the Gaussian
 * smooth-sensitivity mechanism of Papernot et al. 2018 ({@link SmoothSensitivity}; their analysis for queries with
 * sigma &gt;= 2, the coarser sub-Gaussian one below). Confident-GNMax threshold checks cost {@code lambda / (2
 * sigma1^2)} each in the data-independent analysis; recorded with their votes
 * ({@link #recordThreshold(double, long, int[])}) they also get a data-dependent cost, Theorem 6 with q bounding the
 * probability of the check's less likely outcome (Papernot et al.'s reference code, {@code compute_rdp_threshold},
 * here with a tail bound proven for the discrete noise, {@link GaussianTail#logTailSingle}), included in the
 * smooth-sensitivity release: it depends on the histogram only through its largest count n, which one teacher moves
 * by at most one vote. Recorded without votes ({@link #recordThreshold(double)}) they keep the data-independent cost
 * in both. Not thread-safe.
 */
public final class PateAccountant {
    private static final double[] EXTRA_ORDERS = {80, 100, 128, 160, 200, 256, 384, 512, 768, 1024};

    private final double[] orders;
    private final double[] independent;
    private final double[] dependent;
    private long queries;
    private final List<int[]> votesHistory = new ArrayList<>();
    private final List<Double> sigmaHistory = new ArrayList<>();
    private final List<Double> thresholdSigmas = new ArrayList<>();
    /** Threshold checks recorded with their votes: sigma1, and {n (largest count), teachers, T} per check. */
    private final List<Double> thresholdVoteSigmas = new ArrayList<>();
    private final List<long[]> thresholdVotes = new ArrayList<>();
    private boolean released;

    /** An empty accountant. */
    public PateAccountant() {
        double[] base = Rdp.defaultOrders();
        orders = Arrays.copyOf(base, base.length + EXTRA_ORDERS.length);
        System.arraycopy(EXTRA_ORDERS, 0, orders, base.length, EXTRA_ORDERS.length);
        independent = new double[orders.length];
        dependent = new double[orders.length];
    }

    /**
     * Records one answered GNMax query.
     *
     * @param votes the vote histogram it was answered from
     * @param sigma the GNMax sigma used
     */
    public void record(int[] votes, double sigma) {
        requireNotReleased();
        double[] ind = GnMax.rdpDataIndependent(sigma, orders);
        double[] dep = GnMax.rdpDataDependent(GnMax.logQ(votes, sigma), sigma, orders);
        for (int i = 0; i < orders.length; i++) {
            independent[i] += ind[i];
            dependent[i] += dep[i];
        }
        votesHistory.add(votes.clone());
        sigmaHistory.add(sigma);
        queries++;
    }

    /** Records one Confident-GNMax threshold check with noise {@code sigma1} (answered or not). */
    public void recordThreshold(double sigma1) {
        requireNotReleased();
        double[] t = ConfidentGnMax.thresholdRdp(sigma1, orders);
        for (int i = 0; i < orders.length; i++) {
            independent[i] += t[i];
            dependent[i] += t[i];
        }
        thresholdSigmas.add(sigma1);
    }

    /**
     * Records one Confident-GNMax threshold check with noise {@code sigma1} on {@code votes} against threshold
     * {@code threshold} (answered or not): the data-independent cost as {@link #recordThreshold(double)}, and a
     * data-dependent one from the probability of the check's less likely outcome ({@link #thresholdLogQ}).
     *
     * @param sigma1    the check's noise, an integer in [1, 2^20] ({@link ConfidentGnMax#sigma1()})
     * @param threshold T ({@link ConfidentGnMax#threshold()})
     * @param votes     the vote histogram the check ran on
     */
    public void recordThreshold(double sigma1, long threshold, int[] votes) {
        requireNotReleased();
        if (!(sigma1 >= 1 && sigma1 <= 0x1p20) || sigma1 != Math.rint(sigma1)) {
            throw new IllegalArgumentException("sigma1 must be an integer in [1, 2^20]. Provided value: " + sigma1);
        }
        GnMax.checkVotes(votes);
        long n = 0;
        long teachers = 0;
        for (int v : votes) {
            n = Math.max(n, v);
            teachers += v;
        }
        if (teachers > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("at most 2^31 - 2 votes per histogram. Provided: " + teachers);
        }
        double[] t = ConfidentGnMax.thresholdRdp(sigma1, orders);
        double[] dep = GnMax.rdpDataDependentFrom(t.clone(), thresholdLogQ(n, threshold, sigma1), 2 * sigma1 * sigma1,
                orders);
        for (int i = 0; i < orders.length; i++) {
            independent[i] += t[i];
            dependent[i] += Math.min(t[i], dep[i]);
        }
        thresholdVoteSigmas.add(sigma1);
        thresholdVotes.add(new long[] {n, teachers, threshold});
    }

    /**
     * {@code ln q} for a threshold check: q bounds the probability of the less likely of "answered"
     * ({@code n + Z >= T}) and "not answered", {@code Z ~ N_Z(0, sigma1^2)}: the smaller of the bounds on
     * {@code P(Z >= T - n)} and on {@code P(Z <= T - n - 1) = P(Z >= n + 1 - T)} ({@link GaussianTail#logTailSingle}).
     */
    static double thresholdLogQ(long n, long threshold, double sigma1) {
        return Math.min(GaussianTail.logTailSingle(threshold - n, sigma1),
                GaussianTail.logTailSingle(n + 1 - threshold, sigma1));
    }

    /**
     * Local sensitivities at distances {@code 0 .. length - 1} of a threshold check's cost {@code c[m]} (m the largest
     * count, {@code 0 <= m <= teachers = c.length - 1}) for a histogram whose largest count is {@code n}: a histogram
     * at distance d has its largest count within d of n (one teacher moves every count by at most one), its
     * neighbours within one of that, so the sensitivity there is at most the largest {@code |c[m + 1] - c[m]|} over
     * {@code m in [n - d - 1, n + d]}. Non-decreasing in d, and a neighbour's value at {@code d + 1} is at least
     * ours at d (its window contains ours): admissible for the smooth sensitivity.
     */
    static double[] thresholdLocalSensitivities(double[] c, int n, int length) {
        int teachers = c.length - 1;
        double[] out = new double[length];
        double ls = 0;
        for (int d = 0; d < length; d++) {
            int lo = n - d - 1;
            int hi = n + d;
            if (lo >= 0 && lo + 1 <= teachers) {
                ls = Math.max(ls, Math.abs(c[lo + 1] - c[lo]));
            }
            if (hi >= 0 && hi + 1 <= teachers) {
                ls = Math.max(ls, Math.abs(c[hi + 1] - c[hi]));
            }
            out[d] = ls;
        }
        return out;
    }

    /** The number of threshold checks recorded (with or without their votes). */
    public long thresholdChecks() {
        return thresholdSigmas.size() + thresholdVotes.size();
    }

    private void requireNotReleased() {
        if (released) {
            throw new IllegalStateException("the data-dependent cost of this accountant was already released;"
                    + " record further queries in a new accountant");
        }
    }

    /**
     * A private release of the data-dependent cost at one Renyi order.
     *
     * @param order            the Renyi order lambda (chosen without looking at the data)
     * @param beta             the smoothing parameter, {@code 0.49 / lambda}
     * @param smoothSensitivity {@code SS_beta} of the total data-dependent RDP (not private; kept for the operator)
     * @param sigmaS           the GNSS noise multiplier {@code (lambda e^{2 beta} / SS)^(1/3)} (0 when SS = 0)
     * @param noisyRdp         the released value: data-dependent RDP of the GNMax answers and of the threshold checks
     *                         recorded with their votes + {@code SS sigmaS Z}, plus the data-independent cost of the
     *                         checks recorded without votes
     * @param releaseRdp       RDP at lambda of the release itself (Theorem 23)
     * @param reportedRdp      {@code noisyRdp + 2 SS sigmaS + releaseRdp}: the total RDP at lambda that is reported
     *                         (the data-dependent RDP exceeds {@code noisyRdp + 2 SS sigmaS} with probability 2.3%)
     * @param epsilon          {@code reportedRdp} converted to (epsilon, delta) at this order
     * @param delta            the delta
     * @param queries          GNMax queries covered
     * @param thresholdChecks  threshold checks covered
     * @param papernotConditions whether Papernot et al.'s conditions C5 and C6 hold on the grid for every
     *                         (sigma, classes) of an erfc-form query (diagnostic: the bounds used do not need them)
     */
    public record DataDependentRelease(double order, double beta, double smoothSensitivity, double sigmaS,
            double noisyRdp, double releaseRdp, double reportedRdp, double epsilon, double delta, long queries,
            long thresholdChecks, boolean papernotConditions) {
    }

    /**
     * Releases the data-dependent cost of all recorded queries at {@code order} with the Gaussian smooth-sensitivity
     * mechanism (Papernot et al. 2018, Section 4.3): the monotone per-query cost ({@link SmoothSensitivity}), the sum
     * of the queries' local sensitivities at each distance, its {@code beta}-smooth sensitivity with
     * {@code beta = 0.49 / order}, and noise {@code SS sigma_s Z} with {@code Z} an exact discrete Gaussian of standard
     * deviation 1 on the grid {@code 2^-20} (the analysis, Theorem 23, is for a continuous Z: an argument by closeness,
     * as for the module's other grid Gaussians). One-shot: a second call, or recording after it, throws
     * {@link IllegalStateException}.
     *
     * @param order  the Renyi order, {@code > 1}; pick it from public information (e.g. the data-independent analysis)
     * @param delta  in (0, 1)
     * @param random the noise source ({@code NoiseRandom.secure()} in production)
     */
    public DataDependentRelease releaseDataDependent(double order, double delta, SecureRandom random) {
        return releaseDataDependent(order, DEFAULT_BETA_TIMES_ORDER, delta, random);
    }

    /** {@code beta lambda} of {@link #releaseDataDependent(double, double, SecureRandom)}. */
    public static final double DEFAULT_BETA_TIMES_ORDER = 0.49;

    /**
     * As {@link #releaseDataDependent(double, double, SecureRandom)} with the smoothing parameter
     * {@code beta = betaTimesOrder / order}: a smaller {@code beta lambda} lowers the release's own RDP
     * ({@code (beta lambda - ln(1 - 2 beta lambda) / 2) / (lambda - 1)}) and raises the smooth sensitivity (a slower
     * discount over distance). Choose it, like the order, from public information.
     *
     * @param betaTimesOrder {@code beta lambda}, in {@code (0, 0.5)} (Theorem 23 needs {@code lambda < 1 / (2 beta)})
     */
    public DataDependentRelease releaseDataDependent(double order, double betaTimesOrder, double delta,
            SecureRandom random) {
        if (!(betaTimesOrder > 0 && betaTimesOrder < 0.5)) {
            throw new IllegalArgumentException("betaTimesOrder must be in (0, 0.5). Provided value: " + betaTimesOrder);
        }
        if (!(order > 1) || Double.isInfinite(order)) {
            throw new IllegalArgumentException("RDP order must be > 1 and finite. Provided value: " + order);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
        }
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        requireNotReleased();
        released = true;
        double beta = betaTimesOrder / order;
        double cost = 0;
        int maxTeachers = 0;
        for (int[] votes : votesHistory) {
            long t = 0;
            for (int v : votes) {
                t += v;
            }
            maxTeachers = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(maxTeachers, t));
        }
        for (long[] r : thresholdVotes) {
            maxTeachers = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(maxTeachers, r[1]));
        }
        double[] lsTotal = new double[maxTeachers + 1];
        int tableTeachers = Math.max(1, maxTeachers);
        Map<Double, SmoothSensitivity.MonotoneRdp> tables = new HashMap<>();
        Map<String, SmoothSensitivity.ErfcCost> erfcTables = new HashMap<>();
        Map<String, double[]> lsCache = new HashMap<>(); // identical histograms: same bounds
        boolean conditions = true;
        for (int t = 0; t < votesHistory.size(); t++) {
            int[] votes = votesHistory.get(t);
            double sigma = sigmaHistory.get(t);
            double[] ls;
            if (sigma >= GnMax.ERFC_FORM_MIN_SIGMA) {
                // Papernot et al.'s analysis with the erfc form of q (one table per sigma and number of classes)
                SmoothSensitivity.ErfcCost table = erfcTables.computeIfAbsent(sigma + ":" + votes.length,
                        key -> SmoothSensitivity.erfcCost(sigma, votes.length, order, tableTeachers));
                conditions &= table.papernotConditionsHold();
                cost += table.rdp(GnMax.logQ(votes, sigma));
                ls = lsCache.computeIfAbsent("e" + sigma + ":" + Arrays.toString(votes),
                        key -> SmoothSensitivity.localSensitivities(votes, table));
            } else {
                // sub-Gaussian form of q: the runner-up-gap bounds
                long teachers = 0;
                for (int v : votes) {
                    teachers += v;
                }
                long maxGap = 3 * teachers + 4;
                SmoothSensitivity.MonotoneRdp table = tables.get(sigma);
                if (table == null || table.maxGapVotes() < maxGap) {
                    table = SmoothSensitivity.monotoneRdp(sigma, order, Math.max(maxGap, 16));
                    tables.put(sigma, table);
                }
                cost += table.rdp(GnMax.logQ(votes, sigma));
                SmoothSensitivity.MonotoneRdp tableFinal = table;
                ls = lsCache.computeIfAbsent("s" + sigma + ":" + Arrays.toString(votes),
                        key -> SmoothSensitivity.localSensitivities(votes, tableFinal));
            }
            // beyond a query's own teacher count its local sensitivity stays at its last value (no further distance)
            for (int d = 0; d < lsTotal.length; d++) {
                lsTotal[d] += ls[Math.min(d, ls.length - 1)];
            }
        }
        // threshold checks recorded with their votes: cost c(n) of the largest count n, from a monotone table; a
        // histogram at distance d has its largest count within d of n, and its neighbours within 1 of that, so the
        // local sensitivity at distance d is the largest |c(m + 1) - c(m)| over m in [n - d - 1, n + d]
        Map<String, double[]> thresholdCosts = new HashMap<>();
        for (int t = 0; t < thresholdVotes.size(); t++) {
            long[] r = thresholdVotes.get(t);
            double sigma1 = thresholdVoteSigmas.get(t);
            int n = (int) r[0];
            int teachers = (int) r[1];
            long threshold = r[2];
            double[] c = thresholdCosts.computeIfAbsent(sigma1 + ":" + threshold + ":" + teachers, key -> {
                SmoothSensitivity.MonotoneRdp table = SmoothSensitivity.thresholdRdp(sigma1, order,
                        (double) teachers + Math.abs((double) threshold));
                double[] costs = new double[teachers + 1];
                for (int m = 0; m <= teachers; m++) {
                    costs[m] = table.rdp(thresholdLogQ(m, threshold, sigma1));
                }
                return costs;
            });
            cost += c[n];
            double[] ls = thresholdLocalSensitivities(c, n, lsTotal.length);
            for (int d = 0; d < lsTotal.length; d++) {
                lsTotal[d] += ls[d];
            }
        }
        double threshold = 0;
        for (double s1 : thresholdSigmas) {
            threshold += ConfidentGnMax.thresholdRdp(s1, new double[] {order})[0];
        }
        double ss = votesHistory.isEmpty() && thresholdVotes.isEmpty() ? 0 : SmoothSensitivity.smooth(lsTotal, beta);
        double sigmaS = 0;
        double noisy = cost;
        double releaseRdp = 0;
        if (ss > 0) {
            sigmaS = Math.cbrt(order * Math.exp(2 * beta) / ss);
            long z = ExactSamplers.discreteGaussian(BigInteger.ONE.shiftLeft(40), BigInteger.ONE, random);
            noisy = cost + ss * sigmaS * Math.scalb((double) z, -20);
            releaseRdp = SmoothSensitivity.releaseRdp(beta, sigmaS, order);
        }
        double reported = noisy + 2 * ss * sigmaS + releaseRdp + threshold;
        double eps = Rdp.epsilon(new double[] {order}, new double[] {Math.max(0, reported)}, delta).epsilon();
        return new DataDependentRelease(order, beta, ss, sigmaS, noisy + threshold, releaseRdp, reported, eps, delta,
                queries, thresholdChecks(), conditions);
    }

    /** The number of queries recorded. */
    public long queries() {
        return queries;
    }

    /** The guarantee: (epsilon, delta) of all recorded queries from the data-independent bound. */
    public double epsilonDataIndependent(double delta) {
        return epsilon(independent, delta);
    }

    /**
     * The data-dependent epsilon of all recorded queries on this dataset; never above the data-independent one. Not
     * differentially private itself (it depends on the votes): report it as an analysis, not as the guarantee.
     */
    public double epsilonDataDependent(double delta) {
        return epsilon(dependent, delta);
    }

    private double epsilon(double[] rdp, double delta) {
        if (queries == 0 && thresholdChecks() == 0) {
            return 0.0; // nothing recorded (threshold checks alone do cost privacy)
        }
        return Rdp.epsilon(orders, rdp, delta).epsilon();
    }
}

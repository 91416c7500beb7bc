package org.privet.dp.aggregate;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.noise.ConfidenceInterval;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * Grouped differentially private aggregation over rows {@code (privacyUnit, partition, value)}, in the style of
 * Google's DP building blocks / PipelineDP: contribution bounding, private partition selection, then a noisy
 * count, bounded sum, bounded mean and/or bounded variance per kept partition.
 *
 * <p>Steps of {@link #computeResult()}:
 * <ol>
 *   <li>Contribution bounding per privacy unit: of the partitions a unit appears in, at most
 *       {@code maxPartitionsContributed} (L0) are kept, and of its rows in a kept partition at most
 *       {@code maxContributionsPerPartition} (Linf); the excess is dropped uniformly at random (partial
 *       Fisher-Yates on the secure source). Values are clamped to {@code [lower, upper]}.</li>
 *   <li>Partition selection: {@link PartitionSelection} (Laplace thresholding on the number of distinct units).
 *       Partitions not kept are not released at all.</li>
 *   <li>Per kept partition, each requested {@link Metric} is released with the noise kind chosen
 *       ({@link Count}-, {@link BoundedSum}- and {@link BoundedMean}-style calibration, sensitivity
 *       {@code (L0, Linf)}, {@code (L0, Linf max(|lower|,|upper|))} and, for the mean, a count and a centred sum
 *       with {@code (L0, Linf (upper-lower)/2)} each on half its share; the variance as {@link BoundedVariance} on
 *       thirds of its share; quantiles by a {@link BoundedQuantiles} tree per partition, sensitivity {@code (h L0,
 *       Linf)}; a histogram over public equal-width bins of {@code [lower, upper]} as {@link Histogram},
 *       sensitivity {@code (L0, Linf)}).</li>
 * </ol>
 *
 * <p>Public partitions ({@link Builder#publicPartitions}): when the partition keys are known in advance
 * independently of the data, rows of other partitions are dropped on arrival, there is no selection (every public
 * partition is released, empty or not), epsilon is split among the metrics only, and delta may be 0 with Laplace
 * noise.
 *
 * <p>Budget: epsilon is split evenly among the selection and each requested metric. With Laplace noise all of
 * delta goes to the selection; with Gaussian noise delta is split evenly too. Every share is recorded in the
 * {@link BudgetAccountant} (one given to the builder, which then refuses to overspend, or a fresh one holding
 * exactly the total) before any noise is drawn. By basic composition the release is (epsilon, delta)-DP with
 * respect to adding or removing all rows of one privacy unit. It is only that when the caller's privacy-unit
 * column really identifies the person (or other entity) to protect.
 *
 * <p>Rows are held in memory grouped by unit until the release. One-shot: a second {@code computeResult()} (or
 * adding rows afterwards) throws {@link IllegalStateException}. Not thread-safe.
 *
 * <p>When the rows live elsewhere (a cluster), steps 2 and 3 run on totals bounded there: {@link
 * #releaseFromTotals(Map)} takes one {@link PartitionTotals} per key and releases them exactly as {@code
 * computeResult()} releases its own.
 */
public final class PartitionedAggregation {

    /** The statistics a partition can release. */
    public enum Metric {
        /** Number of rows (after bounding). */
        COUNT,
        /** Sum of clamped values. */
        SUM,
        /** Mean of clamped values. */
        MEAN,
        /** Population variance of clamped values. */
        VARIANCE,
        /** Quantiles of clamped values at the requested ranks ({@link BoundedQuantiles}, one noisy tree per partition). */
        QUANTILES,
        /** Noisy counts in equal-width bins over {@code [lower, upper]} ({@link Histogram}, public bins). */
        HISTOGRAM
    }

    /**
     * The release of one kept partition. Statistics that were not requested are {@code NaN} (values) and
     * {@code null} (intervals and arrays); the mean, the variance and the quantiles have no interval (see
     * {@link BoundedMean}, {@link BoundedVariance}, {@link BoundedQuantiles}).
     *
     * @param quantiles one value per requested rank ({@link Result#quantileRanks()}), or null
     * @param histogram one noisy count per bin ({@link Result#histogramEdges()}), or null
     * @param histogramIntervals a confidence interval per bin, or null
     */
    public record PartitionResult(String partition, double count, ConfidenceInterval countInterval, double sum,
            ConfidenceInterval sumInterval, double mean, double variance, double[] quantiles, double[] histogram,
            ConfidenceInterval[] histogramIntervals) {

        /** A result without quantiles or histogram. */
        public PartitionResult(String partition, double count, ConfidenceInterval countInterval, double sum,
                ConfidenceInterval sumInterval, double mean, double variance) {
            this(partition, count, countInterval, sum, sumInterval, mean, variance, null, null, null);
        }
    }

    /**
     * The whole release.
     *
     * @param partitions the kept partitions, sorted by key
     * @param spends the budget shares, in the order recorded
     * @param selectionThreshold the partition-selection threshold on noisy unit counts
     * @param statement a plain-language privacy statement
     * @param quantileRanks the ranks of {@link PartitionResult#quantiles()} (empty unless QUANTILES was requested)
     * @param histogramEdges the bin edges of {@link PartitionResult#histogram()} (empty unless HISTOGRAM was requested)
     */
    public record Result(List<PartitionResult> partitions, List<BudgetAccountant.Spend> spends, double selectionThreshold,
            String statement, double[] quantileRanks, double[] histogramEdges) {
    }

    /** Values of one (unit, partition) pair; a growable primitive array. */
    static final class Values {
        double[] v = new double[2];
        int n;

        void add(double x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }
    }

    /** An immutable copy of the builder's validated parameters (the builder may be reused). */
    private record Params(double epsilon, double delta, NoiseKind noise, int maxPartitionsContributed,
            int maxContributionsPerPartition, double lower, double upper, double confidenceLevel, String privacyUnit,
            double[] quantileRanks, double[] histogramEdges) {
    }

    private final Params p;
    private final EnumSet<Metric> metrics;
    private final BudgetAccountant accountant;
    private final SecureRandom random;
    private final Release release = new Release("PartitionedAggregation");
    private final Map<String, Map<String, Values>> byUnit = new LinkedHashMap<>();
    /** The public partitions, or null for private partition selection. */
    private final java.util.TreeSet<String> publicPartitions;
    /** Totals of rows that are privacy units of their own: nothing to bound, so kept as running totals only. */
    private final TreeMap<String, PartitionTotals> ownUnitTotals = new TreeMap<>();
    private final double mid;

    private static boolean needsBounds(Set<Metric> m) {
        return m.contains(Metric.SUM) || m.contains(Metric.MEAN) || m.contains(Metric.VARIANCE)
                || m.contains(Metric.QUANTILES) || m.contains(Metric.HISTOGRAM);
    }

    private PartitionedAggregation(Params p, EnumSet<Metric> metrics, BudgetAccountant accountant, SecureRandom random,
            java.util.TreeSet<String> publicPartitions) {
        this.p = p;
        this.publicPartitions = publicPartitions;
        this.metrics = metrics;
        this.accountant = accountant;
        this.random = random;
        this.mid = needsBounds(metrics) ? p.lower() + (p.upper() - p.lower()) / 2 : 0;
    }

    /** A builder; set epsilon, delta, the metrics and (for sum and mean) lower and upper. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds one row.
     *
     * @param privacyUnit who the row belongs to (the entity protected); not null
     * @param partition the group key; not null
     * @param value the value (ignored when only COUNT is requested); not NaN
     */
    public void add(String privacyUnit, String partition, double value) {
        release.checkOpen();
        if (privacyUnit == null || partition == null) {
            throw new IllegalArgumentException("privacy unit and partition must not be null");
        }
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("value must not be NaN (unit '" + privacyUnit + "', partition '" + partition + "')");
        }
        if (publicPartitions != null && !publicPartitions.contains(partition)) {
            return; // not a public partition: dropped (a data-independent rule)
        }
        byUnit.computeIfAbsent(privacyUnit, k -> new HashMap<>()).computeIfAbsent(partition, k -> new Values()).add(value);
    }

    /**
     * Adds all the rows of one privacy unit at once and bounds them now (the same per-unit bounding as
     * {@link #computeResult()} applies to the rows of {@link #add}: at most {@code maxPartitionsContributed} of the
     * unit's partitions, chosen uniformly at random, and at most {@code maxContributionsPerPartition} rows in each),
     * keeping only the partitions' running totals: memory does not grow with the unit's rows once the call returns.
     * For streaming large inputs grouped by unit (the CLI hashes units into buckets on disk and calls this once per
     * unit).
     *
     * <p>The caller must pass every row of the unit in this one call and must not add rows of the same unit
     * otherwise (by another call or by {@link #add}): the bound holds per call. A unit already given to {@link #add}
     * is refused.
     *
     * @param privacyUnit who the rows belong to; not null
     * @param partitions the group key of each row; none null
     * @param values the value of each row (ignored when only COUNT is requested); none NaN
     * @param n the number of rows, the first {@code n} entries of both arrays
     */
    public void addUnit(String privacyUnit, String[] partitions, double[] values, int n) {
        release.checkOpen();
        if (privacyUnit == null) {
            throw new IllegalArgumentException("privacy unit must not be null");
        }
        if (n < 0 || n > partitions.length || n > values.length) {
            throw new IllegalArgumentException("n must be in [0, " + Math.min(partitions.length, values.length)
                    + "] (the rows given). Provided value: " + n);
        }
        if (byUnit.containsKey(privacyUnit)) {
            throw new IllegalArgumentException("privacy unit '" + privacyUnit + "' already has rows from add(): give"
                    + " all of a unit's rows one way");
        }
        Map<String, Values> parts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String partition = partitions[i];
            if (partition == null) {
                throw new IllegalArgumentException("partition must not be null (unit '" + privacyUnit + "', row " + i + ")");
            }
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("value must not be NaN (unit '" + privacyUnit + "', partition '"
                        + partition + "')");
            }
            if (publicPartitions != null && !publicPartitions.contains(partition)) {
                continue; // not a public partition: dropped (a data-independent rule)
            }
            parts.computeIfAbsent(partition, k -> new Values()).add(values[i]);
        }
        boundUnit(parts, ownUnitTotals);
    }

    /**
     * Adds one row that is a privacy unit of its own (no other row belongs to the same person or entity), e.g. a
     * table with one row per person. It touches one partition with one row, within any L0 and Linf, so it needs
     * no bounding and costs only the running totals of its partition (no per-row memory).
     *
     * @param partition the group key; not null
     * @param value the value (ignored when only COUNT is requested); not NaN
     */
    public void addRowAsOwnUnit(String partition, double value) {
        release.checkOpen();
        if (partition == null) {
            throw new IllegalArgumentException("partition must not be null");
        }
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("value must not be NaN (partition '" + partition + "')");
        }
        if (publicPartitions != null && !publicPartitions.contains(partition)) {
            return; // not a public partition: dropped (a data-independent rule)
        }
        PartitionTotals t = ownUnitTotals.computeIfAbsent(partition, x -> new PartitionTotals());
        t.units++;
        accumulate(t, value);
    }

    private void accumulate(PartitionTotals t, double value) {
        double c = t.addRow(value, p.lower(), p.upper(), mid);
        if (p.quantileRanks().length > 0) {
            if (t.values == null) {
                t.values = new Values();
            }
            t.values.add(c);
        }
        if (p.histogramEdges().length > 0) {
            if (t.bins == null) {
                t.bins = new long[p.histogramEdges().length - 1];
            }
            t.bins[binOf(p.histogramEdges(), c)]++;
        }
    }

    /** The bin of a clamped value in equal-width edges (as {@link Histogram#binOf}). */
    private static int binOf(double[] edges, double c) {
        int n = edges.length - 1;
        int i = (int) ((c - edges[0]) / (edges[n] - edges[0]) * n);
        i = Math.min(n - 1, Math.max(0, i));
        while (i > 0 && c < edges[i]) {
            i--;
        }
        while (i < n - 1 && c >= edges[i + 1]) {
            i++;
        }
        return i;
    }

    /** The accountant the shares are recorded in. */
    public BudgetAccountant accountant() {
        return accountant;
    }

    /**
     * Bounds contributions, selects partitions and releases the metrics.
     *
     * @throws IllegalStateException when already released, or when the accountant cannot afford the shares
     *     (then nothing is released and no noise is drawn)
     */
    public Result computeResult() {
        return releaseBounded(this::bound);
    }

    /**
     * Releases COUNT, SUM, MEAN and VARIANCE from per-partition totals bounded elsewhere (for instance reduced on a
     * cluster), instead of from rows added to this object: the same budget split, the same spends recorded in the
     * same accountant (checked before anything is drawn), the same partition selection, sensitivities, estimators
     * and statement as {@link #computeResult()}, with noise from this aggregation's source. Keys that are not public
     * partitions (when public partitions were given) are dropped; empty public partitions are released too. One-shot,
     * as {@code computeResult()}.
     *
     * <p>The guarantee holds only when the totals obey the contract of {@link PartitionTotals}: contributions
     * bounded per privacy unit with this aggregation's {@code maxPartitionsContributed}, {@code
     * maxContributionsPerPartition}, {@code lower} and {@code upper}.
     *
     * @param totals bounded totals per partition key; no null key or value; not changed
     * @throws IllegalStateException when already released, when rows were added to this object, when QUANTILES or
     *     HISTOGRAM was requested (they need the values themselves), or when the accountant cannot afford the shares
     *     (then nothing is released and no noise is drawn)
     */
    public Result releaseFromTotals(Map<String, PartitionTotals> totals) {
        release.checkOpen();
        if (!byUnit.isEmpty() || !ownUnitTotals.isEmpty()) {
            throw new IllegalStateException("releaseFromTotals: rows were added to this aggregation; release them with "
                    + "computeResult(), or give every row's contribution in the totals");
        }
        if (metrics.contains(Metric.QUANTILES) || metrics.contains(Metric.HISTOGRAM)) {
            throw new IllegalStateException("releaseFromTotals releases COUNT, SUM, MEAN and VARIANCE; QUANTILES and "
                    + "HISTOGRAM need the values themselves (use add() and computeResult()). Requested metrics: "
                    + metrics);
        }
        if (totals == null) {
            throw new IllegalArgumentException("totals must not be null");
        }
        TreeMap<String, PartitionTotals> copy = new TreeMap<>();
        for (Map.Entry<String, PartitionTotals> e : totals.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("totals must not hold a null key or value. Provided entry: "
                        + e.getKey() + "=" + e.getValue());
            }
            if (publicPartitions == null || publicPartitions.contains(e.getKey())) {
                copy.put(e.getKey(), e.getValue());
            }
        }
        return releaseBounded(() -> copy);
    }

    /**
     * Builds every mechanism, records the shares, marks the release, then gets the bounded totals (only after the
     * spend succeeded: bounding draws from the source and consumes the rows) and releases them.
     */
    private Result releaseBounded(java.util.function.Supplier<TreeMap<String, PartitionTotals>> boundedTotals) {
        release.checkOpen();
        boolean isPublic = publicPartitions != null;
        int k = (isPublic ? 0 : 1) + metrics.size();
        double epsShare = p.epsilon() / k;
        double selDelta = p.noise() == NoiseKind.LAPLACE ? p.delta() : p.delta() / k;
        double aggDelta = p.noise() == NoiseKind.LAPLACE ? 0.0 : p.delta() / k;
        PrivacyBudget selBudget = isPublic ? null : new PrivacyBudget(epsShare, selDelta);
        PrivacyBudget aggBudget = new PrivacyBudget(epsShare, aggDelta);
        // Build every mechanism (and so check every parameter) before spending or drawing anything.
        PartitionSelection selection = isPublic ? null
                : PartitionSelection.laplace(selBudget, p.maxPartitionsContributed(), random);
        int l0 = p.maxPartitionsContributed();
        int lInf = p.maxContributionsPerPartition();
        NoiseMechanism countMech = null;
        NoiseMechanism sumMech = null;
        NoiseMechanism meanCountMech = null;
        NoiseMechanism meanSumMech = null;
        NoiseMechanism[] varMech = null;
        double varMaxH2 = 0;
        if (metrics.contains(Metric.COUNT)) {
            countMech = p.noise().mechanism(aggBudget, new Sensitivity(l0, lInf), random);
        }
        if (metrics.contains(Metric.SUM)) {
            double mag = Math.max(Math.abs(p.lower()), Math.abs(p.upper()));
            sumMech = p.noise().mechanism(aggBudget, new Sensitivity(l0, BoundedSum.roundedUpProduct(lInf, mag)), random);
        }
        if (metrics.contains(Metric.MEAN)) {
            PrivacyBudget half = new PrivacyBudget(aggBudget.epsilon() / 2, aggBudget.delta() / 2);
            meanCountMech = p.noise().mechanism(half, new Sensitivity(l0, lInf), random);
            double halfWidth = BoundedSum.centredMagnitude(p.lower(), p.upper());
            meanSumMech = p.noise().mechanism(half, new Sensitivity(l0, BoundedSum.roundedUpProduct(lInf, halfWidth)), random);
        }
        if (metrics.contains(Metric.VARIANCE)) {
            PrivacyBudget third = new PrivacyBudget(aggBudget.epsilon() / 3, aggBudget.delta() / 3);
            double h = BoundedSum.centredMagnitude(p.lower(), p.upper());
            double h2 = BoundedSum.roundedUpProduct(h, h);
            varMech = new NoiseMechanism[] {
                p.noise().mechanism(third, new Sensitivity(l0, lInf), random),
                p.noise().mechanism(third, new Sensitivity(l0, BoundedSum.roundedUpProduct(lInf, h)), random),
                p.noise().mechanism(third, new Sensitivity(l0, BoundedSum.roundedUpProduct(lInf, h2)), random)};
            varMaxH2 = h2;
        }
        NoiseMechanism histMech = null;
        if (metrics.contains(Metric.HISTOGRAM)) {
            histMech = p.noise().mechanism(aggBudget, new Sensitivity(l0, lInf), random);
        }
        NoiseMechanism quantileCheck = null;
        if (metrics.contains(Metric.QUANTILES)) {
            quantileCheck = quantiles(aggBudget).mechanism(); // validates the tree's parameters
        }
        List<String> labels = new ArrayList<>();
        List<PrivacyBudget> shares = new ArrayList<>();
        if (!isPublic) {
            labels.add("partition selection (Laplace thresholding)");
            shares.add(selBudget);
        }
        for (Metric m : metrics) {
            labels.add(m.name().toLowerCase(Locale.ROOT) + " (" + p.noise().name().toLowerCase(Locale.ROOT) + " noise)");
            shares.add(aggBudget);
        }
        synchronized (accountant) {
            BudgetAccountant probe = BudgetAccountant.replay(accountant.total(), accountant.history());
            for (int i = 0; i < labels.size(); i++) {
                probe.spend(labels.get(i), shares.get(i)); // throws before anything is recorded or released
            }
            for (int i = 0; i < labels.size(); i++) {
                accountant.spend(labels.get(i), shares.get(i));
            }
        }
        release.release();

        TreeMap<String, PartitionTotals> totals = boundedTotals.get();
        if (isPublic) {
            for (String key : publicPartitions) {
                totals.computeIfAbsent(key, x -> new PartitionTotals()); // empty public partitions are released too
            }
        }
        List<PartitionResult> out = new ArrayList<>();
        double level = p.confidenceLevel();
        for (Map.Entry<String, PartitionTotals> e : totals.entrySet()) {
            PartitionTotals t = e.getValue();
            if (!isPublic && !selection.keep(t.units)) {
                continue;
            }
            double count = Double.NaN;
            ConfidenceInterval countCi = null;
            double sum = Double.NaN;
            ConfidenceInterval sumCi = null;
            double mean = Double.NaN;
            double variance = Double.NaN;
            if (countMech != null) {
                count = countMech.addNoise(t.rows);
                countCi = countMech.confidenceInterval(count, level);
            }
            if (sumMech != null) {
                sum = sumMech.addNoise(t.sum);
                sumCi = sumMech.confidenceInterval(sum, level);
            }
            if (meanCountMech != null) {
                double nc = meanCountMech.addNoise(t.rows);
                double ns = meanSumMech.addNoise(t.centredSum);
                mean = BoundedMean.meanOf(nc, ns, p.lower(), p.upper());
            }
            if (varMech != null) {
                double n = Math.max(1.0, varMech[0].addNoise(t.rows));
                double m = varMech[1].addNoise(t.centredSum) / n;
                double v = varMech[2].addNoise(t.centredSumOfSquares) / n - m * m;
                variance = Math.min(varMaxH2, Math.max(0.0, v));
            }
            double[] qs = null;
            if (quantileCheck != null) {
                BoundedQuantiles q = quantiles(aggBudget);
                if (t.values != null) {
                    for (int j = 0; j < t.values.n; j++) {
                        q.addEntry(t.values.v[j]);
                    }
                }
                qs = q.computeResults(p.quantileRanks());
            }
            double[] hist = null;
            ConfidenceInterval[] histCi = null;
            if (histMech != null) {
                int nb = p.histogramEdges().length - 1;
                hist = new double[nb];
                histCi = new ConfidenceInterval[nb];
                for (int j = 0; j < nb; j++) {
                    hist[j] = histMech.addNoise(t.bins == null ? 0.0 : (double) t.bins[j]);
                    histCi[j] = histMech.confidenceInterval(hist[j], level);
                }
            }
            out.add(new PartitionResult(e.getKey(), count, countCi, sum, sumCi, mean, variance, qs, hist, histCi));
        }
        byUnit.clear();
        ownUnitTotals.clear();
        List<BudgetAccountant.Spend> spends = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            spends.add(new BudgetAccountant.Spend(labels.get(i), shares.get(i)));
        }
        return new Result(List.copyOf(out), List.copyOf(spends), isPublic ? Double.NaN : selection.threshold(),
                statement(spends, selection),
                p.quantileRanks().clone(), p.histogramEdges().clone());
    }

    /** A fresh quantile tree for one partition, on this budget share. */
    private BoundedQuantiles quantiles(PrivacyBudget share) {
        return BoundedQuantiles.builder().epsilon(share.epsilon()).delta(share.delta()).noise(p.noise())
                .maxPartitionsContributed(p.maxPartitionsContributed())
                .maxContributionsPerPartition(p.maxContributionsPerPartition()).lower(p.lower()).upper(p.upper())
                .secureRandom(random).build();
    }

    /** Step 1: per-unit bounding; returns the bounded totals per partition, sorted by key. */
    private TreeMap<String, PartitionTotals> bound() {
        TreeMap<String, PartitionTotals> totals = ownUnitTotals;
        for (Map<String, Values> parts : byUnit.values()) {
            boundUnit(parts, totals);
        }
        return totals;
    }

    /** Bounds one unit's rows (grouped by partition) and adds what is kept to the totals. */
    private void boundUnit(Map<String, Values> parts, TreeMap<String, PartitionTotals> totals) {
        int l0 = p.maxPartitionsContributed();
        int lInf = p.maxContributionsPerPartition();
        String[] keys = parts.keySet().toArray(new String[0]);
        Arrays.sort(keys); // a fixed order, so a seeded test source gives a reproducible choice
        int keepParts = Math.min(l0, keys.length);
        sampleInPlace(keys, keepParts);
        for (int i = 0; i < keepParts; i++) {
            Values vals = parts.get(keys[i]);
            int keepRows = Math.min(lInf, vals.n);
            if (vals.n > lInf) {
                sampleInPlace(vals.v, vals.n, keepRows);
            }
            PartitionTotals t = totals.computeIfAbsent(keys[i], x -> new PartitionTotals());
            t.units++;
            for (int j = 0; j < keepRows; j++) {
                accumulate(t, vals.v[j]);
            }
        }
    }

    /** Moves a uniformly random {@code k}-subset of {@code a} to its front (partial Fisher-Yates). */
    private void sampleInPlace(Object[] a, int k) {
        for (int i = 0; i < k; i++) {
            int j = i + uniform(a.length - i);
            Object tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    private void sampleInPlace(double[] a, int n, int k) {
        for (int i = 0; i < k; i++) {
            int j = i + uniform(n - i);
            double tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** Uniform in {@code [0, bound)} from the secure source: 63 random bits, rejecting the biased top (no modulo bias). */
    private int uniform(int bound) {
        long r;
        long m;
        do {
            r = random.nextLong() >>> 1;
            m = r % bound;
        } while (r - m + (bound - 1) < 0); // r falls in the incomplete last block of size < bound
        return (int) m;
    }

    private String statement(List<BudgetAccountant.Spend> spends, PartitionSelection selection) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "(epsilon=%s, delta=%s)-differential privacy with respect to adding or removing all rows of %s. ",
                p.epsilon(), p.delta(), p.privacyUnit()));
        sb.append(String.format(Locale.ROOT,
                "Each unit contributes to at most %d partition(s) and at most %d row(s) per partition (excess dropped "
                        + "uniformly at random)", p.maxPartitionsContributed(), p.maxContributionsPerPartition()));
        if (needsBounds(metrics)) {
            sb.append(String.format(Locale.ROOT, "; values clamped to [%s, %s]", p.lower(), p.upper()));
        }
        if (selection == null) {
            sb.append(String.format(Locale.ROOT, ". The %d partitions are public (given in advance, not taken from the "
                    + "data): all are released, rows of other partitions are dropped. Budget split (basic composition):",
                    publicPartitions.size()));
        } else {
            sb.append(String.format(Locale.ROOT,
                    ". Partitions are released only when their noisy count of units exceeds %.3f. Budget split (basic "
                            + "composition):", selection.threshold()));
        }
        for (BudgetAccountant.Spend s : spends) {
            sb.append(String.format(Locale.ROOT, " %s epsilon=%s delta=%s;", s.label(), s.budget().epsilon(),
                    s.budget().delta()));
        }
        sb.setLength(sb.length() - 1);
        sb.append('.');
        return sb.toString();
    }

    /** Builder for {@link PartitionedAggregation}. */
    public static final class Builder extends AggregationBuilder<Builder> {
        private double lower = Double.NaN;
        private double upper = Double.NaN;
        private Set<Metric> requested = EnumSet.of(Metric.COUNT);
        private BudgetAccountant accountant;
        private double confidenceLevel = 0.95;
        private String privacyUnit = "one privacy unit";
        private double[] quantileRanks = {0.5};
        private int histogramBins = 10;
        private java.util.Collection<String> publicPartitions;

        private Builder() {
        }

        /**
         * Public partitions: keys fixed in advance, independently of the data (e.g. the 50 US states). Every one is
         * released, rows of other partitions are dropped, and no budget goes to partition selection. Non-empty, no
         * null keys; copied at {@code build()}.
         */
        public Builder publicPartitions(java.util.Collection<String> keys) {
            this.publicPartitions = keys;
            return this;
        }

        /** The ranks released by QUANTILES, each in {@code [0, 1]} (default the median). */
        public Builder quantileRanks(double... ranks) {
            this.quantileRanks = ranks == null ? null : ranks.clone();
            return this;
        }

        /** The number of equal-width bins over {@code [lower, upper]} for HISTOGRAM, in {@code [1, 10^4]} (default 10). */
        public Builder histogramBins(int bins) {
            this.histogramBins = bins;
            return this;
        }

        /** The metrics to release (default COUNT); at least one. */
        public Builder metrics(Set<Metric> metrics) {
            this.requested = metrics == null ? null : EnumSet.copyOf(metrics);
            return this;
        }

        /** Clamping lower bound (required for SUM and MEAN). */
        public Builder lower(double lower) {
            this.lower = lower;
            return this;
        }

        /** Clamping upper bound (required for SUM and MEAN). */
        public Builder upper(double upper) {
            this.upper = upper;
            return this;
        }

        /** Where to record the spends (it refuses to overspend); default a fresh one with exactly the total. */
        public Builder accountant(BudgetAccountant accountant) {
            this.accountant = accountant;
            return this;
        }

        /** The level of the released confidence intervals, in (0, 1) (default 0.95). */
        public Builder confidenceLevel(double level) {
            this.confidenceLevel = level;
            return this;
        }

        /** Words naming the privacy unit, for the statement (e.g. "one user (column user_id)"). */
        public Builder privacyUnitDescription(String words) {
            this.privacyUnit = words;
            return this;
        }

        /** Validates every parameter (before any data is added or noise drawn). */
        public PartitionedAggregation build() {
            double eps = PrivacyBudget.checkEpsilon(epsilon);
            java.util.TreeSet<String> pub = null;
            if (publicPartitions != null) {
                if (publicPartitions.isEmpty()) {
                    throw new IllegalArgumentException("public partitions must not be empty. Provided value: []");
                }
                for (String key : publicPartitions) {
                    if (key == null) {
                        throw new IllegalArgumentException("public partitions must not contain null");
                    }
                }
                pub = new java.util.TreeSet<>(publicPartitions);
                // no selection: delta is only for Gaussian noise (Laplace is pure DP; a delta given is then unused)
                if (noise == NoiseKind.GAUSSIAN) {
                    PrivacyBudget.checkPositiveDelta(delta);
                } else {
                    PrivacyBudget.checkDelta(delta);
                }
            } else {
                // delta is needed by partition selection whatever the noise, so check it for both kinds here.
                PrivacyBudget.checkPositiveDelta(delta);
            }
            checkBounds(maxPartitionsContributed, maxContributionsPerPartition);
            if (requested == null || requested.isEmpty()) {
                throw new IllegalArgumentException("at least one metric (COUNT, SUM, MEAN, VARIANCE, QUANTILES, HISTOGRAM) must be requested. Provided value: "
                        + requested);
            }
            EnumSet<Metric> m = EnumSet.copyOf(requested);
            if (needsBounds(m)) {
                checkValueBounds(lower, upper);
                if (m.contains(Metric.SUM) && Math.max(Math.abs(lower), Math.abs(upper)) == 0) {
                    throw new IllegalArgumentException("SUM: bounds [0, 0] make every sum 0; nothing to release");
                }
                if ((m.contains(Metric.MEAN) || m.contains(Metric.VARIANCE) || m.contains(Metric.QUANTILES)
                        || m.contains(Metric.HISTOGRAM)) && !(lower < upper && Double.isFinite(upper - lower))) {
                    throw new IllegalArgumentException("MEAN, VARIANCE, QUANTILES and HISTOGRAM: lower must be < upper. "
                            + "Provided values: lower=" + lower + ", upper=" + upper);
                }
            }
            if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
                throw new IllegalArgumentException("confidence level must be in (0, 1). Provided value: " + confidenceLevel);
            }
            if (privacyUnit == null || privacyUnit.isBlank()) {
                throw new IllegalArgumentException("privacy unit description must be non-blank");
            }
            double[] ranks = new double[0];
            if (m.contains(Metric.QUANTILES)) {
                if (quantileRanks == null || quantileRanks.length == 0) {
                    throw new IllegalArgumentException("QUANTILES: at least one rank is required. Provided value: "
                            + java.util.Arrays.toString(quantileRanks));
                }
                for (double r : quantileRanks) {
                    if (!(r >= 0 && r <= 1)) {
                        throw new IllegalArgumentException("quantile rank must be in [0, 1]. Provided value: " + r);
                    }
                }
                ranks = quantileRanks.clone();
            }
            double[] edges = new double[0];
            if (m.contains(Metric.HISTOGRAM)) {
                if (histogramBins < 1 || histogramBins > 10_000) {
                    throw new IllegalArgumentException("HISTOGRAM: bins must be in [1, 10^4]. Provided value: " + histogramBins);
                }
                edges = Histogram.equalWidthEdges(lower, upper, histogramBins);
            }
            double lo = needsBounds(m) ? lower : 0.0;
            double hi = needsBounds(m) ? upper : 0.0;
            PrivacyBudget total = new PrivacyBudget(eps, delta);
            BudgetAccountant acc = accountant != null ? accountant : new BudgetAccountant(total);
            Params params = new Params(eps, delta, noise, maxPartitionsContributed, maxContributionsPerPartition,
                    lo, hi, confidenceLevel, privacyUnit, ranks, edges);
            return new PartitionedAggregation(params, m, acc, randomOrDefault(), pub);
        }
    }
}

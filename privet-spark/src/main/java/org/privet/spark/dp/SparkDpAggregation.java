package org.privet.spark.dp;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ObjLongConsumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.aggregate.NoiseKind;
import org.privet.dp.aggregate.PartitionSelection;
import org.privet.dp.aggregate.PartitionTotals;
import org.privet.dp.aggregate.PartitionedAggregation;
import org.privet.dp.aggregate.PartitionedAggregation.Metric;
import org.privet.pprl.encode.CsvReader;
import org.privet.spark.BadRows;
import scala.Tuple2;

/**
 * {@link PartitionedAggregation} (COUNT, SUM, MEAN, VARIANCE) over rows that live on a Spark cluster.
 *
 * <ol>
 *   <li>Contribution bounding per privacy unit across the whole data set: rows are shuffled by unit (all rows of
 *       a unit meet in one task, whichever Spark partitions they came from); of a unit's partition keys at most
 *       {@code maxPartitionsContributed} are kept and of its rows in a kept key at most {@code
 *       maxContributionsPerPartition}, chosen uniformly at random with a partial Fisher-Yates shuffle on the task's
 *       {@link SecureRandom}, exactly as the local class does; values are clamped to {@code [lower, upper]}. Rows
 *       without a unit are units of their own (no bounding needed).</li>
 *   <li>Bounded totals per partition key (distinct units, rows, sum, centred sum and sum of squares) are reduced
 *       by key and collected: one small record per key.</li>
 *   <li>On the driver, {@link PartitionedAggregation#releaseFromTotals} releases the collected totals: the same
 *       budget split, the same spends recorded in the same {@link BudgetAccountant} in the same order (checked
 *       before anything is drawn), the same {@link PartitionSelection} (Laplace thresholding on unit counts), the
 *       same sensitivities and estimators, the same privacy statement as the local path, which runs the same code.
 *       All noise comes from the driver's {@link SecureRandom}.</li>
 * </ol>
 * So the release is (epsilon, delta)-DP under adding or removing all rows of one unit, with the accounting of
 * {@code PartitionedAggregation.computeResult()} for the same parameters (a test compares them). Quantiles and
 * histograms are not available on Spark yet.
 *
 * <p>A retried bounding task draws a fresh sample; only one attempt's output is ever used, so retries do not
 * weaken the guarantee. Thread safety: one call at a time per Spark context.
 */
public final class SparkDpAggregation {
    private SparkDpAggregation() {
    }

    /**
     * The aggregate's parameters, as {@link PartitionedAggregation.Builder} takes them.
     *
     * @param publicPartitions public partition keys, or null for private partition selection
     */
    public record Params(double epsilon, double delta, NoiseKind noise, int maxPartitionsContributed,
            int maxContributionsPerPartition, Set<Metric> metrics, double lower, double upper, double confidenceLevel,
            String privacyUnitWords, List<String> publicPartitions) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Params {
            metrics = metrics == null ? null : Set.copyOf(metrics);
            publicPartitions = publicPartitions == null ? null : List.copyOf(publicPartitions);
        }

        /**
         * The local builder for the same aggregate (used to validate, and to compare with the local release).
         *
         * @param accountant where the spends go, or null for a fresh one
         */
        public PartitionedAggregation.Builder localBuilder(BudgetAccountant accountant) {
            PartitionedAggregation.Builder b = PartitionedAggregation.builder().epsilon(epsilon).delta(delta).noise(noise)
                    .maxPartitionsContributed(maxPartitionsContributed)
                    .maxContributionsPerPartition(maxContributionsPerPartition).metrics(metrics)
                    .confidenceLevel(confidenceLevel).privacyUnitDescription(privacyUnitWords)
                    .publicPartitions(publicPartitions).accountant(accountant);
            if (needsBounds()) {
                b.lower(lower).upper(upper);
            }
            return b;
        }

        boolean needsBounds() {
            return metrics.contains(Metric.SUM) || metrics.contains(Metric.MEAN) || metrics.contains(Metric.VARIANCE)
                    || metrics.contains(Metric.QUANTILES) || metrics.contains(Metric.HISTOGRAM);
        }

        /** Validates as the local builder does, and refuses what Spark cannot release yet. */
        void validate() {
            localBuilder(null).build();
            if (metrics.contains(Metric.QUANTILES) || metrics.contains(Metric.HISTOGRAM)) {
                throw new IllegalArgumentException("quantiles and histogram are not available on Spark yet; "
                        + "requested metrics: " + new TreeSet<>(metrics));
            }
        }

        double lo() {
            return needsBounds() ? lower : 0.0;
        }

        double hi() {
            return needsBounds() ? upper : 0.0;
        }
    }

    /**
     * Where the columns are in a CSV.
     *
     * @param value       the value column, or null for COUNT only
     * @param privacyUnit the privacy-unit column, or null when each row is its own unit
     */
    public record Columns(String groupBy, String value, String privacyUnit) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A CSV aggregate's outcome.
     *
     * @param result  the release
     * @param badRows rows that could not be read (excluded from the release only when the caller allowed it)
     * @param rows    rows read (good ones)
     */
    public record Outcome(PartitionedAggregation.Result result, BadRows badRows, long rows) {
    }

    /**
     * Aggregates the rows of {@code csv} (header row first; one record per line).
     *
     * <p>A first pass reads every row and counts the bad ones (wrong number of values, an empty group, a value that
     * is not a finite number) with their line numbers; with bad rows and {@code skipBadRows} false it throws before
     * any budget is spent, like the local command. With {@code skipBadRows} true they are left out and reported in
     * the outcome (dropping malformed rows is a per-row rule, so the guarantee holds for the rows kept).
     *
     * @param noise the driver's source for selection and noise: a {@link SecureRandom} in production
     * @throws IOException              when the header is missing or lacks a column
     * @throws IllegalStateException    when there are bad rows and {@code skipBadRows} is false, or the accountant
     *                                  cannot afford the release
     * @throws IllegalArgumentException when a parameter is invalid (as the local builder says)
     */
    public static Outcome aggregateCsv(JavaSparkContext spark, Path csv, Columns columns, Params params,
            BudgetAccountant accountant, SecureRandom noise, boolean skipBadRows) throws IOException {
        params.validate();
        String file = csv.toAbsolutePath().toString();
        List<String> first = spark.textFile(file, 1).take(1);
        if (first.isEmpty()) {
            throw new IOException(csv + ":1: empty file: a header row is required");
        }
        String h = first.get(0).startsWith("\uFEFF") ? first.get(0).substring(1) : first.get(0);
        String[] header = split(h, Path.of(file));
        int g = column(header, columns.groupBy(), csv, "group-by");
        int u = columns.privacyUnit() == null ? -1 : column(header, columns.privacyUnit(), csv, "privacy-unit");
        int v = params.needsBounds() ? column(header, columns.value(), csv, "value") : -1;
        ParseLines parse = new ParseLines(file, header.length, g, u, v);
        JavaRDD<Tuple2<String, Long>> lines = spark.textFile(file, Math.max(2, spark.defaultParallelism()))
                .zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2()));
        return twoPasses(lines, parse, csv.toString(), params, accountant, noise, skipBadRows);
    }

    /**
     * Aggregates the rows of a DataFrame: {@code columns} name its group-by column (any type, read as its string
     * form), its value column (a numeric column, or strings that parse as numbers; ignored for COUNT only) and its
     * privacy-unit column (any type; null in {@code columns} when each row is its own unit).
     *
     * <p>Bad rows (a null or empty group or unit, a null, non-numeric or non-finite value) are counted with their
     * 1-based row number in the frame's order, as {@link #aggregateCsv} counts bad lines: with bad rows and
     * {@code skipBadRows} false it throws before any budget is spent; with it true they are left out and reported.
     *
     * @param noise the driver's source for selection and noise: a {@link SecureRandom} in production
     * @throws IllegalArgumentException when a named column is missing or a parameter is invalid
     * @throws IllegalStateException    when there are bad rows and {@code skipBadRows} is false, or the accountant
     *                                  cannot afford the release
     */
    public static Outcome aggregate(Dataset<Row> frame, Columns columns, Params params, BudgetAccountant accountant,
            SecureRandom noise, boolean skipBadRows) {
        params.validate();
        StructType schema = frame.schema();
        int g = field(schema, columns.groupBy(), "group-by");
        int u = columns.privacyUnit() == null ? -1 : field(schema, columns.privacyUnit(), "privacy-unit");
        int v = params.needsBounds() ? field(schema, columns.value(), "value") : -1;
        JavaRDD<Tuple2<Row, Long>> rows = frame.javaRDD().zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2()));
        return twoPasses(rows, new ParseRows(g, u, v), "data frame", params, accountant, noise, skipBadRows);
    }

    /** First pass counts good and bad items, second aggregates the good ones. */
    private static <T> Outcome twoPasses(JavaRDD<Tuple2<T, Long>> items, ItemParser<T> parse, String source,
            Params params, BudgetAccountant accountant, SecureRandom noise, boolean skipBadRows) {
        BadRows bad = new BadRows();
        long rows = 0;
        for (Scan s : items.mapPartitions(new ScanItems<>(parse)).collect()) {
            bad.merge(s.bad);
            rows += s.rows;
        }
        if (bad.count() > 0 && !skipBadRows) {
            throw new IllegalStateException(source + ": " + bad.summary()
                    + " (nothing was released and no budget spent)");
        }
        JavaRDD<DpRow> good = items.mapPartitions(new GoodItems<>(parse));
        return new Outcome(aggregate(good, params, accountant, noise), bad, rows);
    }

    private static int field(StructType schema, String name, String what) {
        if (name == null) {
            throw new IllegalArgumentException("the " + what + " column is required");
        }
        String[] names = schema.fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the " + what + " column '" + name + "' is not in the data frame; its "
                + "columns are " + Arrays.toString(names));
    }

    /**
     * Bounds, selects and releases {@code rows}; see the class comment.
     *
     * @param noise the driver's source for selection and noise: a {@link SecureRandom} in production
     * @throws IllegalArgumentException when a parameter is invalid
     * @throws IllegalStateException    when the accountant cannot afford the release (nothing drawn or recorded)
     */
    public static PartitionedAggregation.Result aggregate(JavaRDD<DpRow> rows, Params params,
            BudgetAccountant accountant, SecureRandom noise) {
        params.validate();
        // the local aggregation releases the totals: same split, spends, selection, noise and statement
        PartitionedAggregation local = params.localBuilder(accountant).secureRandom(noise).build();
        int parts = Math.max(2, rows.context().defaultParallelism());
        TreeSet<String> pub = params.publicPartitions() == null ? null : new TreeSet<>(params.publicPartitions());
        double lo = params.lo();
        double hi = params.hi();
        JavaRDD<DpRow> kept = pub == null ? rows : rows.filter(r -> pub.contains(r.partition()));
        // rows that are units of their own: totals directly
        JavaPairRDD<String, PartitionTotals> own = kept.filter(r -> r.unit() == null)
                .mapToPair(r -> new Tuple2<>(r.partition(), ownUnit(r.value(), lo, hi)));
        // the others: shuffle by unit, bound per unit across the whole data set, totals per kept key
        JavaPairRDD<String, PartitionTotals> bounded = kept.filter(r -> r.unit() != null)
                .mapToPair(r -> new Tuple2<>(r.unit(), new Tuple2<>(r.partition(), r.value())))
                .groupByKey(parts)
                .mapPartitionsToPair(new BoundUnits(params.maxPartitionsContributed(),
                        params.maxContributionsPerPartition(), lo, hi));
        Map<String, PartitionTotals> totals = own.union(bounded).reduceByKey(PartitionTotals::merge, parts)
                .collectAsMap();
        return local.releaseFromTotals(totals);
    }

    /** The totals of one row that is a privacy unit of its own. */
    private static PartitionTotals ownUnit(double value, double lo, double hi) {
        PartitionTotals t = new PartitionTotals();
        t.addUnit();
        t.addRow(value, lo, hi);
        return t;
    }

    /** Bounds every unit of a task's share of the units; emits (key, totals of this unit in that key). */
    private static final class BoundUnits implements
            PairFlatMapFunction<Iterator<Tuple2<String, Iterable<Tuple2<String, Double>>>>, String, PartitionTotals> {
        private static final long serialVersionUID = 1L;
        private final int l0;
        private final int lInf;
        private final double lo;
        private final double hi;

        BoundUnits(int l0, int lInf, double lo, double hi) {
            this.l0 = l0;
            this.lInf = lInf;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public Iterator<Tuple2<String, PartitionTotals>> call(Iterator<Tuple2<String, Iterable<Tuple2<String, Double>>>> units) {
            SecureRandom random = new SecureRandom();
            List<Tuple2<String, PartitionTotals>> out = new ArrayList<>();
            Map<String, double[]> byKey = new HashMap<>();
            Map<String, int[]> sizes = new HashMap<>();
            while (units.hasNext()) {
                byKey.clear();
                sizes.clear();
                for (Tuple2<String, Double> r : units.next()._2()) {
                    double[] v = byKey.get(r._1());
                    int[] n = sizes.get(r._1());
                    if (v == null) {
                        v = new double[2];
                        n = new int[1];
                        sizes.put(r._1(), n);
                    } else if (n[0] == v.length) {
                        v = Arrays.copyOf(v, 2 * v.length);
                    }
                    v[n[0]++] = r._2();
                    byKey.put(r._1(), v);
                }
                String[] keys = byKey.keySet().toArray(new String[0]);
                Arrays.sort(keys);
                int keepParts = Math.min(l0, keys.length);
                for (int i = 0; i < keepParts; i++) {
                    int j = i + uniform(random, keys.length - i);
                    String tmp = keys[i];
                    keys[i] = keys[j];
                    keys[j] = tmp;
                }
                for (int i = 0; i < keepParts; i++) {
                    double[] v = byKey.get(keys[i]);
                    int n = sizes.get(keys[i])[0];
                    int keepRows = Math.min(lInf, n);
                    if (n > lInf) {
                        for (int a = 0; a < keepRows; a++) {
                            int b = a + uniform(random, n - a);
                            double tmp = v[a];
                            v[a] = v[b];
                            v[b] = tmp;
                        }
                    }
                    PartitionTotals t = new PartitionTotals();
                    t.addUnit();
                    for (int a = 0; a < keepRows; a++) {
                        t.addRow(v[a], lo, hi);
                    }
                    out.add(new Tuple2<>(keys[i], t));
                }
            }
            return out.iterator();
        }

        /** Uniform in {@code [0, bound)}: 63 random bits, rejecting the biased top (as the local class). */
        private static int uniform(SecureRandom random, int bound) {
            long r;
            long m;
            do {
                r = random.nextLong() >>> 1;
                m = r % bound;
            } while (r - m + (bound - 1) < 0);
            return (int) m;
        }
    }

    /** How to read one input item (a CSV line, a DataFrame row) numbered from 1. */
    private interface ItemParser<T> extends Serializable {
        /** True when the item is no data (a CSV header or blank line). */
        boolean skip(T item, long number);

        /** The row, or throws {@link IllegalArgumentException} with the reason. */
        DpRow parse(T item, long number);

        /** Where item {@code number} is, for messages. */
        String where(long number);
    }

    /** How to read one DataFrame row: column indices, -1 when absent. */
    private record ParseRows(int group, int unit, int value) implements ItemParser<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean skip(Row row, long number) {
            return false;
        }

        @Override
        public String where(long number) {
            return "row " + number;
        }

        @Override
        public DpRow parse(Row row, long number) {
            String g = row.isNullAt(group) ? "" : String.valueOf(row.get(group));
            if (g.isEmpty()) {
                throw new IllegalArgumentException("null or empty group value");
            }
            String u = null;
            if (unit >= 0) {
                u = row.isNullAt(unit) ? "" : String.valueOf(row.get(unit));
                if (u.isEmpty()) {
                    throw new IllegalArgumentException("null or empty privacy unit");
                }
            }
            double x = 0;
            if (value >= 0) {
                Object o = row.isNullAt(value) ? null : row.get(value);
                if (o instanceof Number n) {
                    x = n.doubleValue();
                } else if (o instanceof String s) {
                    try {
                        x = Double.parseDouble(s.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("value '" + s + "' is not a number");
                    }
                } else {
                    throw new IllegalArgumentException(o == null ? "null value"
                            : "value of type " + o.getClass().getSimpleName() + " is not a number");
                }
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("value '" + o + "' is not finite");
                }
            }
            return new DpRow(u, g, x);
        }
    }

    /** How to read one CSV line. */
    private record ParseLines(String file, int columns, int group, int unit, int value) implements ItemParser<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean skip(String line, long lineNo) {
            return lineNo == 1 || line.isBlank();
        }

        @Override
        public String where(long lineNo) {
            return file + ":" + lineNo;
        }

        @Override
        public DpRow parse(String line, long lineNo) {
            String[] f;
            try {
                f = split(line, Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (f.length != columns) {
                throw new IllegalArgumentException("expected " + columns + " fields (as in the header), found "
                        + f.length);
            }
            String g = f[group];
            if (g.isEmpty()) {
                throw new IllegalArgumentException("empty group value");
            }
            String u = unit < 0 ? null : f[unit];
            if (u != null && u.isEmpty()) {
                throw new IllegalArgumentException("empty privacy unit");
            }
            double x = 0;
            if (value >= 0) {
                try {
                    x = Double.parseDouble(f[value].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("value '" + f[value] + "' is not a number");
                }
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("value '" + f[value] + "' is not finite");
                }
            }
            return new DpRow(u, g, x);
        }
    }

    /** Rows and bad rows of one task. */
    static final class Scan implements Serializable {
        private static final long serialVersionUID = 1L;
        long rows;
        final BadRows bad = new BadRows();
    }

    /** First pass: counts good and bad items. */
    private static final class ScanItems<T> implements FlatMapFunction<Iterator<Tuple2<T, Long>>, Scan> {
        private static final long serialVersionUID = 1L;
        private final ItemParser<T> parse;

        ScanItems(ItemParser<T> parse) {
            this.parse = parse;
        }

        @Override
        public Iterator<Scan> call(Iterator<Tuple2<T, Long>> items) {
            Scan s = new Scan();
            eachItem(items, parse, (item, number) -> {
                try {
                    parse.parse(item, number);
                    s.rows++;
                } catch (IllegalArgumentException e) {
                    s.bad.add(parse.where(number) + ": " + e.getMessage());
                }
            });
            return Collections.singletonList(s).iterator();
        }
    }

    /** Second pass: the good items' rows. */
    private static final class GoodItems<T> implements FlatMapFunction<Iterator<Tuple2<T, Long>>, DpRow> {
        private static final long serialVersionUID = 1L;
        private final ItemParser<T> parse;

        GoodItems(ItemParser<T> parse) {
            this.parse = parse;
        }

        @Override
        public Iterator<DpRow> call(Iterator<Tuple2<T, Long>> items) {
            List<DpRow> out = new ArrayList<>();
            eachItem(items, parse, (item, number) -> {
                try {
                    out.add(parse.parse(item, number));
                } catch (IllegalArgumentException e) {
                    // counted and reported by the first pass
                }
            });
            return out.iterator();
        }
    }

    /** Gives {@code each} every data item of a task's share (not skipped ones) with its 1-based number. */
    private static <T> void eachItem(Iterator<Tuple2<T, Long>> items, ItemParser<T> parse, ObjLongConsumer<T> each) {
        while (items.hasNext()) {
            Tuple2<T, Long> t = items.next();
            long number = t._2() + 1;
            if (!parse.skip(t._1(), number)) {
                each.accept(t._1(), number);
            }
        }
    }

    private static String[] split(String line, Path file) throws IOException {
        try (CsvReader r = new CsvReader(new StringReader(line), file)) {
            String[] v = r.next();
            return v == null ? new String[0] : v;
        }
    }

    private static int column(String[] header, String name, Path csv, String what) throws IOException {
        if (name == null) {
            throw new IllegalArgumentException("the " + what + " column is required");
        }
        for (int i = 0; i < header.length; i++) {
            if (header[i].strip().equals(name)) {
                return i;
            }
        }
        throw new IOException(csv + ":1: no " + what + " column '" + name + "' in the header " + List.of(header));
    }
}

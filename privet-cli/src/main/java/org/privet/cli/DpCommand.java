package org.privet.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.data.DataFormatException;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.aggregate.ApproximateBounds;
import org.privet.dp.aggregate.NoiseKind;
import org.privet.dp.aggregate.PartitionedAggregation;
import org.privet.dp.aggregate.PartitionedAggregation.Metric;
import org.privet.dp.aggregate.PartitionedAggregation.PartitionResult;
import org.privet.dp.noise.NoiseRandom;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.sgd.DiscreteGaussianNoise;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code privet dp}: differentially private releases of tabular data. */
@Command(name = "dp", mixinStandardHelpOptions = true,
        description = "Differentially private releases of tabular data.",
        subcommands = {DpCommand.AggregateCommand.class})
final class DpCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code privet dp aggregate}: per-group noisy count / sum / mean of a CSV with private partition selection. */
    @Command(name = "aggregate", mixinStandardHelpOptions = true,
            description = {"Differentially private count, sum, mean, variance, quantiles and histogram per group of a CSV file"
                    + " (header row required).",
                "Each privacy unit's rows are bounded (at most --max-partitions groups, --max-contributions rows per group,"
                        + " the excess dropped at random), values clamped to [--lower, --upper], groups released only when"
                        + " their noisy number of units passes a threshold set by --delta. Noise is drawn from SecureRandom."},
            footer = {"", "Examples:",
                "  privet dp aggregate visits.csv --group-by city --privacy-unit user --epsilon 1 --delta 1e-6",
                "  privet dp aggregate sales.csv --group-by shop --value amount --aggregate count,sum,mean \\",
                "      --lower 0 --upper 500 --privacy-unit customer --max-partitions 3 --max-contributions 5 \\",
                "      --epsilon 2 --delta 1e-7 --out shops.csv",
                "  privet dp aggregate sales.csv --group-by shop --value amount --aggregate quantiles,histogram \\",
                "      --quantiles 0.25,0.5,0.75 --bins 8 --auto-bounds --epsilon 2 --delta 1e-7"})
    static final class AggregateCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE.csv", description = "Input CSV (comma-separated, RFC 4180 quoting, header row).")
        Path input;

        @Option(names = "--group-by", required = true, paramLabel = "COL", description = "The partition (group) column.")
        String groupBy;

        @Option(names = "--value", paramLabel = "COL", description = "The value column (required for sum and mean).")
        String value;

        @Option(names = "--privacy-unit", paramLabel = "COL",
                description = "The column naming whom to protect (e.g. a user id). Default: each row is its own unit.")
        String privacyUnit;

        @Option(names = "--aggregate", split = ",", defaultValue = "count", paramLabel = "AGG[,AGG...]",
                description = "count, sum, mean, variance, quantiles and/or histogram (default: ${DEFAULT-VALUE}).")
        List<String> aggregates;

        @Option(names = "--quantiles", split = ",", defaultValue = "0.5", paramLabel = "R[,R...]",
                description = "Ranks in [0, 1] released by the quantiles aggregate (default: ${DEFAULT-VALUE}).")
        List<Double> quantileRanks;

        @Option(names = "--bins", defaultValue = "10", paramLabel = "N",
                description = "Equal-width bins over [lower, upper] for the histogram aggregate (default: ${DEFAULT-VALUE}).")
        int bins;

        @Option(names = "--auto-bounds",
                description = "Find [lower, upper] privately (approximate bounds: a noisy histogram over power-of-two bins)"
                        + " instead of --lower/--upper; spends --bounds-epsilon-share of epsilon, and reads the file twice.")
        boolean autoBounds;

        @Option(names = "--bounds-epsilon-share", defaultValue = "0.25", paramLabel = "F",
                description = "Share of --epsilon spent on --auto-bounds, in (0, 1) (default: ${DEFAULT-VALUE}).")
        double boundsShare;

        @Option(names = "--lower", paramLabel = "X",
                description = "Values are clamped to [lower, upper] (sum, mean, variance, quantiles, histogram).")
        Double lower;

        @Option(names = "--upper", paramLabel = "X",
                description = "Values are clamped to [lower, upper] (sum, mean, variance, quantiles, histogram).")
        Double upper;

        @Option(names = "--epsilon", required = true, paramLabel = "X", description = "Total epsilon (> 0).")
        double epsilon;

        @Option(names = "--delta", required = true, paramLabel = "X",
                description = "Total delta in (0, 1); partition selection needs it (e.g. 1e-6, well below 1/rows); 0 is"
                        + " allowed with --public-partitions and laplace noise.")
        double delta;

        @Option(names = "--public-partitions", split = ",", paramLabel = "KEY[,KEY...]",
                description = "Groups known in advance (not taken from the data): all are released, rows of other groups are"
                        + " dropped, no budget goes to partition selection, and --delta may be 0 with laplace noise.")
        List<String> publicPartitions;

        @Option(names = "--noise", defaultValue = "laplace", paramLabel = "KIND",
                description = "laplace or gaussian, for the aggregates (default: ${DEFAULT-VALUE}).")
        String noise;

        @Option(names = "--max-partitions", defaultValue = "1", paramLabel = "N",
                description = "Groups one privacy unit may contribute to (default: ${DEFAULT-VALUE}).")
        int maxPartitions;

        @Option(names = "--max-contributions", defaultValue = "1", paramLabel = "N",
                description = "Rows one privacy unit may contribute per group (default: ${DEFAULT-VALUE}).")
        int maxContributions;

        @Option(names = "--confidence", defaultValue = "0.95", paramLabel = "P",
                description = "Level of the confidence intervals written for count and sum (default: ${DEFAULT-VALUE}).")
        double confidence;

        @Option(names = "--out", paramLabel = "FILE.csv", description = "Output CSV (default: stdout).")
        Path out;

        @Option(names = "--spark", paramLabel = "MASTER",
                description = "Bound, select and sum on Apache Spark (local[*], spark://HOST:PORT); noise is drawn on the "
                        + "driver. Needs the privet-spark module (docs/spark.md).")
        String spark;

        @Option(names = "--json", description = "Print the privacy statement and budget split as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            EnumSet<Metric> metrics = parseMetrics();
            if (json && out == null) {
                throw new UsageException("--json needs --out FILE.csv (stdout would carry both the CSV and the JSON)");
            }
            boolean needsValue = metrics.contains(Metric.SUM) || metrics.contains(Metric.MEAN)
                    || metrics.contains(Metric.VARIANCE) || metrics.contains(Metric.QUANTILES)
                    || metrics.contains(Metric.HISTOGRAM);
            if (needsValue && value == null) {
                throw new UsageException("--value is required for sum, mean, variance, quantiles and histogram");
            }
            if (autoBounds && (lower != null || upper != null)) {
                throw new UsageException("--auto-bounds finds the bounds itself: drop --lower and --upper, or drop --auto-bounds");
            }
            if (autoBounds && !needsValue) {
                throw new UsageException("--auto-bounds is only for sum, mean, variance, quantiles and histogram (count needs no bounds)");
            }
            if (needsValue && !autoBounds && (lower == null || upper == null)) {
                throw new UsageException("--lower and --upper are required for sum, mean, variance, quantiles and histogram "
                        + "(values are clamped to them), or --auto-bounds to find them privately");
            }
            if (autoBounds && spark != null) {
                throw new UsageException("--spark does not find --auto-bounds yet; give --lower and --upper");
            }
            if (autoBounds && !(boundsShare > 0 && boundsShare < 1)) {
                throw new UsageException("--bounds-epsilon-share must be in (0, 1). Provided value: " + boundsShare);
            }
            String unitWords = privacyUnit == null ? "one row (no --privacy-unit: each row is its own unit)"
                    : "one privacy unit (all rows sharing a value of column '" + privacyUnit + "')";
            BudgetAccountant accountant;
            double aggEpsilon = autoBounds ? epsilon * (1 - boundsShare) : epsilon;
            ApproximateBounds approx = null;
            try {
                accountant = new BudgetAccountant(new PrivacyBudget(epsilon, delta));
                if (autoBounds) {
                    // one unit adds at most maxPartitions * maxContributions values to the bounds histogram
                    approx = ApproximateBounds.builder().epsilon(epsilon * boundsShare).maxPartitionsContributed(1)
                            .maxContributionsPerPartition(Math.multiplyExact(maxPartitions, maxContributions)).build();
                }
                // Validate every flag now (placeholder bounds when they are still to be found), before reading data.
                builder(metrics, unitWords, aggEpsilon, accountant, needsValue, autoBounds ? Double.valueOf(0.0) : lower,
                        autoBounds ? Double.valueOf(1.0) : upper).build();
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new UsageException(flagWords(e.getMessage()));
            }
            PartitionedAggregation.Result r;
            ApproximateBounds.Bounds found = null;
            if (spark != null) {
                r = SparkDispatch.backend(spark).dpAggregate(spark, new org.privet.cli.spark.DpAggregateJob(input, groupBy,
                        needsValue ? value : null, privacyUnit, metrics, aggEpsilon, delta, parseNoise(), maxPartitions,
                        maxContributions, needsValue ? lower : 0.0, needsValue ? upper : 0.0, confidence, unitWords,
                        publicPartitions), accountant);
            } else {
                // with --privacy-unit the rows are first grouped by unit in bucket files (bounded memory), read once
                // for the bounds (with --auto-bounds) and once for the aggregation
                try (UnitBuckets buckets = privacyUnit == null ? null : new UnitBuckets(needsValue)) {
                    if (approx != null) {
                        ApproximateBounds a = approx;
                        if (buckets == null) {
                            forEachRow(true, (unit, group, x, lineNo) -> a.addEntry(x));
                        } else {
                            // a unit's rows beyond the cap are not counted (a data-independent rule: its first rows)
                            buckets.forEachUnit(false, (unit, rows) -> {
                                for (double x : rows.firstValues()) {
                                    a.addEntry(x);
                                }
                            });
                        }
                        accountant.spend("approximate bounds (Laplace noise)", a.budget());
                        found = a.computeResult();
                        if (!Double.isFinite(found.upper() - found.lower())) {
                            throw new DataFormatException(input, "approximate bounds [" + found.lower() + ", "
                                    + found.upper() + "] of column '" + value
                                    + "' are too wide to clamp to; give --lower and --upper");
                        }
                    }
                    PartitionedAggregation agg = builder(metrics, unitWords, aggEpsilon, accountant, needsValue,
                            found != null ? Double.valueOf(found.lower()) : lower,
                            found != null ? Double.valueOf(found.upper()) : upper).build();
                    if (buckets == null) {
                        forEachRow(needsValue, (unit, group, x, lineNo) -> agg.addRowAsOwnUnit(group, x));
                    } else {
                        buckets.forEachUnit(true, (unit, rows) -> {
                            UnitRows.Rows kept = rows.rows();
                            agg.addUnit(unit, kept.groups(), kept.values(), kept.n());
                        });
                    }
                    r = agg.computeResult();
                }
            }
            writeResult(r, metrics);
            PrintStream info = out == null && !json ? System.err : System.out;
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("output", out == null ? "stdout" : out.toString());
                m.put("partitionsReleased", r.partitions().size());
                m.put("epsilon", epsilon);
                m.put("delta", delta);
                m.put("selectionThreshold", r.selectionThreshold());
                if (found != null) {
                    m.put("autoBounds", Map.of("lower", found.lower(), "upper", found.upper(), "epsilon",
                            found.budget().epsilon(), "threshold", found.threshold()));
                }
                List<Map<String, Object>> spends = new ArrayList<>();
                for (var s : accountant.history()) {
                    spends.add(Map.of("what", s.label(), "epsilon", s.budget().epsilon(), "delta", s.budget().delta()));
                }
                m.put("budgetSplit", spends);
                m.put("statement", statement(r, found));
                Json.print(m);
            } else {
                if (out != null) {
                    info.println("wrote " + r.partitions().size() + " group(s) to " + out);
                }
                info.println("privacy: " + statement(r, found));
            }
            return Main.OK;
        }

        private PartitionedAggregation.Builder builder(EnumSet<Metric> metrics, String unitWords, double eps,
                BudgetAccountant accountant, boolean needsValue, Double lo, Double hi) {
            PartitionedAggregation.Builder b = PartitionedAggregation.builder().epsilon(eps).delta(delta)
                    .noise(parseNoise()).maxPartitionsContributed(maxPartitions)
                    .maxContributionsPerPartition(maxContributions).metrics(metrics).confidenceLevel(confidence)
                    .privacyUnitDescription(unitWords).accountant(accountant).histogramBins(bins)
                    .quantileRanks(quantileRanks.stream().mapToDouble(Double::doubleValue).toArray())
                    .publicPartitions(publicPartitions);
            if (needsValue) {
                b.lower(lo).upper(hi);
            }
            return b;
        }

        private String statement(PartitionedAggregation.Result r, ApproximateBounds.Bounds found) {
            if (found == null) {
                return r.statement();
            }
            return String.format(Locale.ROOT, "Total (epsilon=%s, delta=%s) by basic composition of: approximate bounds "
                    + "[%s, %s] found with epsilon=%s (Laplace noise over power-of-two bins; each unit's first %d row(s) "
                    + "counted); and ", epsilon, delta, found.lower(), found.upper(), found.budget().epsilon(),
                    maxPartitions * maxContributions) + r.statement();
        }

        private static String flagWords(String message) {
            return message.replace("maxPartitionsContributed", "--max-partitions")
                    .replace("maxContributionsPerPartition", "--max-contributions")
                    .replace("epsilon must", "--epsilon must").replace("delta must", "--delta must")
                    .replace("confidence level", "--confidence").replace("quantile rank", "--quantiles rank")
                    .replace("HISTOGRAM: bins", "--bins");
        }

        private EnumSet<Metric> parseMetrics() {
            EnumSet<Metric> m = EnumSet.noneOf(Metric.class);
            for (String a : aggregates) {
                switch (a.trim().toLowerCase(Locale.ROOT)) {
                    case "count" -> m.add(Metric.COUNT);
                    case "sum" -> m.add(Metric.SUM);
                    case "mean" -> m.add(Metric.MEAN);
                    case "variance" -> m.add(Metric.VARIANCE);
                    case "quantiles" -> m.add(Metric.QUANTILES);
                    case "histogram" -> m.add(Metric.HISTOGRAM);
                    default -> throw new UsageException("--aggregate: unknown aggregate '" + a
                            + "'; use count, sum, mean, variance, quantiles or histogram");
                }
            }
            return m;
        }

        private NoiseKind parseNoise() {
            return switch (noise.toLowerCase(Locale.ROOT)) {
                case "laplace" -> NoiseKind.LAPLACE;
                case "gaussian" -> NoiseKind.GAUSSIAN;
                default -> throw new UsageException("--noise must be laplace or gaussian. Provided value: " + noise);
            };
        }

        /**
         * Input bytes per bucket file of {@link UnitBuckets}: 8 MB (about 500,000 rows of a short CSV), or the
         * system property {@code privet.dp.bucketBytes} (tests use small buckets).
         */
        static long bucketInputBytes() {
            return Math.max(1, Long.getLong("privet.dp.bucketBytes", 8L << 20));
        }
        /**
         * Rows of one unit kept as they are when a bucket is read back; beyond, only the samples its bounding can use
         * ({@link UnitRows}): 65,536, or the system property {@code privet.dp.unitSpillRows} (tests use a few).
         */
        static int unitSpillRows() {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Long.getLong("privet.dp.unitSpillRows", 1L << 16)));
        }

        /** At most this many bucket files (open at once during the first pass). */
        static final int MAX_BUCKETS = 512;

        /**
         * The rows grouped by privacy unit in bounded memory: the constructor hashes each row's unit to one of
         * {@code size / bucketInputBytes() + 1} bucket files (at most {@value #MAX_BUCKETS}) in a fresh temporary
         * directory (every row of a unit lands in the same bucket, in file order); {@link #forEachUnit} reads them back
         * one at a time and gives each unit's rows to its consumer, e.g. {@link PartitionedAggregation#addUnit}, which
         * bounds the unit at once and keeps only the partitions' running totals. Memory is that of one bucket, not of
         * the file, and a unit with more than {@link #unitSpillRows} rows is kept as the samples its bounding can use
         * ({@link UnitRows}); {@link #close} deletes the directory, also on error.
         */
        private final class UnitBuckets implements AutoCloseable {
            private final Path dir;
            private final int count;
            /** Indices for the samples of units with very many rows: AES-CTR keyed from the platform's generator. */
            private final java.security.SecureRandom sampling =
                    DiscreteGaussianNoise.keystreamRandom(NoiseRandom.secure());
            private final int spill = unitSpillRows();

            UnitBuckets(boolean needsValue) throws IOException {
                count = (int) Math.max(1, Math.min(MAX_BUCKETS, Files.size(input) / bucketInputBytes() + 1));
                dir = Files.createTempDirectory("privet-dp-units");
                java.io.DataOutputStream[] outs = new java.io.DataOutputStream[count];
                try {
                    for (int b = 0; b < count; b++) {
                        outs[b] = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                                Files.newOutputStream(dir.resolve("bucket-" + b)), 1 << 16));
                    }
                    try {
                        forEachRow(needsValue, (unit, group, x, lineNo) -> {
                            java.io.DataOutputStream o = outs[Math.floorMod(unit.hashCode(), count)];
                            try {
                                writeString(o, unit);
                                writeString(o, group);
                                o.writeDouble(x);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                    } catch (java.io.UncheckedIOException e) {
                        throw e.getCause();
                    }
                    for (java.io.DataOutputStream o : outs) {
                        o.close();
                    }
                } catch (IOException | RuntimeException e) {
                    for (java.io.DataOutputStream o : outs) {
                        if (o != null) {
                            try {
                                o.close();
                            } catch (IOException ignored) {
                                // already closed, or the disk failed: the directory is removed below either way
                            }
                        }
                    }
                    try {
                        close();
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            }

            /**
             * Reads the buckets one at a time and gives every unit's rows (in file order) to {@code sink}; with
             * {@code last}, each bucket file is deleted once read (nothing reads them again).
             */
            void forEachUnit(boolean last, java.util.function.BiConsumer<String, UnitRows> sink) throws IOException {
                for (int b = 0; b < count; b++) {
                    Path file = dir.resolve("bucket-" + b);
                    Map<String, UnitRows> units = new java.util.HashMap<>();
                    Map<String, String> groups = new java.util.HashMap<>(); // one String per distinct group
                    try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                            Files.newInputStream(file), 1 << 16))) {
                        while (true) {
                            String unit;
                            try {
                                unit = readString(in);
                            } catch (java.io.EOFException end) {
                                break;
                            }
                            String group = groups.computeIfAbsent(readString(in), g -> g);
                            units.computeIfAbsent(unit, k -> new UnitRows(maxContributions,
                                    (int) Math.min(Integer.MAX_VALUE, (long) maxPartitions * maxContributions), spill,
                                    sampling)).add(group, in.readDouble());
                        }
                    }
                    if (last) {
                        Files.delete(file);
                    }
                    for (Map.Entry<String, UnitRows> e : units.entrySet()) {
                        sink.accept(e.getKey(), e.getValue());
                    }
                }
            }

            /** Deletes the bucket files and their directory. */
            @Override
            public void close() throws IOException {
                try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }

        private static void writeString(java.io.DataOutputStream o, String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            o.writeInt(b.length);
            o.write(b);
        }

        private static String readString(java.io.DataInputStream in) throws IOException {
            int n = in.readInt();
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }

        /** One data row: the privacy unit (null without --privacy-unit), the group and the value (0 when unused). */
        @FunctionalInterface
        interface RowConsumer {
            void accept(String unit, String group, double value, long lineNo);
        }

        /** Streams the CSV's rows; every data problem names file:line and column. */
        private void forEachRow(boolean needsValue, RowConsumer sink) throws IOException {
            try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                String line = in.readLine();
                long lineNo = 1;
                if (line == null) {
                    throw new DataFormatException(input, 1, null, "empty file: a header row is required");
                }
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String[] header = splitCsv(line, lineNo);
                int g = column(header, groupBy, "--group-by");
                int u = privacyUnit == null ? -1 : column(header, privacyUnit, "--privacy-unit");
                int v = needsValue ? column(header, value, "--value") : -1;
                long rows = 0;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = splitCsv(line, lineNo);
                    if (f.length != header.length) {
                        throw new DataFormatException(input, lineNo, null,
                                "expected " + header.length + " fields (as in the header), found " + f.length);
                    }
                    double x = 0;
                    if (v >= 0) {
                        x = parseValue(f[v], lineNo);
                    }
                    if (u >= 0 && f[u].isEmpty()) {
                        throw new DataFormatException(input, lineNo, privacyUnit, "privacy unit is empty");
                    }
                    sink.accept(u < 0 ? null : f[u], f[g], x, lineNo);
                    rows++;
                }
                if (rows == 0) {
                    throw new DataFormatException(input, lineNo, null, "no data rows after the header");
                }
            }
        }

        private double parseValue(String s, long lineNo) {
            double x;
            try {
                x = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new DataFormatException(input, lineNo, value, "'" + s + "' is not a number", e);
            }
            if (!Double.isFinite(x)) {
                throw new DataFormatException(input, lineNo, value, "value must be finite. Provided value: " + s);
            }
            return x;
        }

        private int column(String[] header, String name, String flag) {
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals(name)) {
                    return i;
                }
            }
            throw new UsageException(flag + ": no column '" + name + "' in " + input + "; columns: " + Arrays.toString(header));
        }

        /** One CSV line (RFC 4180 quoting; a quoted field may not span lines). */
        private String[] splitCsv(String line, long lineNo) {
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            int i = 0;
            int n = line.length();
            while (true) {
                f.setLength(0);
                if (i < n && line.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new DataFormatException(input, lineNo, "field " + (fields.size() + 1),
                                    "unterminated quoted field (quoted fields may not span lines here)");
                        }
                        char c = line.charAt(i++);
                        if (c == '"') {
                            if (i < n && line.charAt(i) == '"') {
                                f.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            f.append(c);
                        }
                    }
                    if (i < n && line.charAt(i) != ',') {
                        throw new DataFormatException(input, lineNo, "field " + (fields.size() + 1),
                                "unexpected character '" + line.charAt(i) + "' after a closing quote");
                    }
                } else {
                    while (i < n && line.charAt(i) != ',') {
                        char c = line.charAt(i++);
                        if (c == '"') {
                            throw new DataFormatException(input, lineNo, "field " + (fields.size() + 1),
                                    "a quote inside an unquoted field; quote the whole field and double inner quotes");
                        }
                        f.append(c);
                    }
                }
                fields.add(f.toString());
                if (i >= n) {
                    return fields.toArray(new String[0]);
                }
                i++; // the comma
            }
        }

        private void writeResult(PartitionedAggregation.Result r, EnumSet<Metric> metrics) throws IOException {
            if (out == null) {
                Writer w = new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                writeCsv(w, r, metrics);
                w.flush();
                return;
            }
            Path target = out.toAbsolutePath();
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    writeCsv(w, r, metrics);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        private static void writeCsv(Writer w, PartitionedAggregation.Result r, EnumSet<Metric> metrics) throws IOException {
            StringBuilder sb = new StringBuilder("partition");
            if (metrics.contains(Metric.COUNT)) {
                sb.append(",count,count_ci_low,count_ci_high");
            }
            if (metrics.contains(Metric.SUM)) {
                sb.append(",sum,sum_ci_low,sum_ci_high");
            }
            if (metrics.contains(Metric.MEAN)) {
                sb.append(",mean");
            }
            if (metrics.contains(Metric.VARIANCE)) {
                sb.append(",variance");
            }
            if (metrics.contains(Metric.QUANTILES)) {
                for (double q : r.quantileRanks()) {
                    sb.append(",quantile_").append(q);
                }
            }
            if (metrics.contains(Metric.HISTOGRAM)) {
                double[] e = r.histogramEdges();
                for (int i = 0; i + 1 < e.length; i++) {
                    sb.append(",bin_").append(e[i]).append('_').append(e[i + 1]);
                }
            }
            w.write(sb.append('\n').toString());
            for (PartitionResult p : r.partitions()) {
                sb.setLength(0);
                sb.append(quote(p.partition()));
                if (metrics.contains(Metric.COUNT)) {
                    sb.append(',').append((long) p.count()).append(',').append(p.countInterval().lower())
                            .append(',').append(p.countInterval().upper());
                }
                if (metrics.contains(Metric.SUM)) {
                    sb.append(',').append(p.sum()).append(',').append(p.sumInterval().lower())
                            .append(',').append(p.sumInterval().upper());
                }
                if (metrics.contains(Metric.MEAN)) {
                    sb.append(',').append(p.mean());
                }
                if (metrics.contains(Metric.VARIANCE)) {
                    sb.append(',').append(p.variance());
                }
                if (metrics.contains(Metric.QUANTILES)) {
                    for (double q : p.quantiles()) {
                        sb.append(',').append(q);
                    }
                }
                if (metrics.contains(Metric.HISTOGRAM)) {
                    for (double c : p.histogram()) {
                        sb.append(',').append(Math.round(c));
                    }
                }
                w.write(sb.append('\n').toString());
            }
        }

        private static String quote(String s) {
            if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
                return s;
            }
            return '"' + s.replace("\"", "\"\"") + '"';
        }
    }
}

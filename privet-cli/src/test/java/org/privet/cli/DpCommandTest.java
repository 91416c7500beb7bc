package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privet dp aggregate} as a user meets it: output CSV, privacy statement, exit codes, no partial files. */
class DpCommandTest {
    @TempDir
    Path dir;

    /** 3 cities; 40 users in "paris" (2 rows each), 30 in "lyon", 1 in "nice" (a single-unit group). */
    private Path visits() throws Exception {
        StringBuilder sb = new StringBuilder("user,city,amount\n");
        for (int u = 0; u < 40; u++) {
            sb.append("u").append(u).append(",paris,").append(10).append('\n');
            sb.append("u").append(u).append(",paris,").append(1000).append('\n'); // clamped to 20
        }
        for (int u = 40; u < 70; u++) {
            sb.append("u").append(u).append(",\"lyon, FR\",").append(5).append('\n');
        }
        sb.append("u99,nice,7\n");
        Path f = dir.resolve("visits.csv");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        return f;
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aggregatesACsvIntoAnOutputCsvWithAStatement() throws Exception {
        Path in = visits();
        Path out = dir.resolve("out.csv");
        // epsilon 1e4: noise ~1e-3 on counts and ~0.1 on sums, so the bounded values show through; nice (1 unit)
        // is kept only with probability <= delta = 1e-6 per run.
        CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                "--privacy-unit", "user", "--aggregate", "count,sum,mean", "--lower", "0", "--upper", "20",
                "--max-contributions", "2", "--epsilon", "1e4", "--delta", "1e-6", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 2 group(s)").contains("privacy: (epsilon=10000.0, delta=1.0E-6)")
                .contains("column 'user'").contains("partition selection");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("partition,count,count_ci_low,count_ci_high,sum,sum_ci_low,sum_ci_high,mean");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("\"lyon, FR\",30,");
        String[] paris = lines.get(2).split(",");
        assertThat(paris[0]).isEqualTo("paris");
        assertThat(paris[1]).isEqualTo("80");
        assertThat(Double.parseDouble(paris[4])).isCloseTo(40 * (10 + 20), org.assertj.core.data.Offset.offset(1.0));
        assertThat(Double.parseDouble(paris[7])).isCloseTo(15.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(files()).containsExactlyInAnyOrder(in, out); // no temp file left behind
    }

    private static List<Path> unitBucketDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("privet-dp-units")).toList();
        }
    }

    @Test
    void rowsGroupedByUnitThroughManyBucketFilesGiveTheSameBoundedTotals() throws Exception {
        Path in = visits();
        Path out = dir.resolve("out.csv");
        List<Path> before = unitBucketDirs();
        System.setProperty("privet.dp.bucketBytes", "64"); // ~30 buckets for this 1.8 KB file
        try {
            CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                    "--privacy-unit", "user", "--aggregate", "count,sum", "--lower", "0", "--upper", "20",
                    "--max-contributions", "2", "--epsilon", "1e4", "--delta", "1e-6", "--out", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
        } finally {
            System.clearProperty("privet.dp.bucketBytes");
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("\"lyon, FR\",30,");
        String[] paris = lines.get(2).split(",");
        assertThat(paris[1]).isEqualTo("80");
        assertThat(Double.parseDouble(paris[4])).isCloseTo(40 * (10 + 20), org.assertj.core.data.Offset.offset(1.0));
        assertThat(unitBucketDirs()).containsExactlyInAnyOrderElementsOf(before); // the bucket files are gone
    }

    @Test
    void aUnitWithManyRowsIsSampledBeyondTheSpillAndBoundedAsBefore() throws Exception {
        // one unit with 3,000 rows in each of two cities, beside 30 one-row units per city
        StringBuilder sb = new StringBuilder("user,city,amount\n");
        for (int k = 0; k < 3000; k++) {
            sb.append("bot,paris,10\nbot,lyon,10\n");
        }
        for (int u = 0; u < 30; u++) {
            sb.append("p").append(u).append(",paris,10\n").append("l").append(u).append(",lyon,10\n");
        }
        Path in = dir.resolve("bot.csv");
        Files.writeString(in, sb.toString(), StandardCharsets.UTF_8);
        Path out = dir.resolve("out.csv");
        System.setProperty("privet.dp.unitSpillRows", "64");
        try {
            CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                    "--privacy-unit", "user", "--aggregate", "count,sum", "--lower", "0", "--upper", "20",
                    "--max-partitions", "1", "--max-contributions", "2", "--epsilon", "1e4", "--delta", "1e-6",
                    "--out", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
        } finally {
            System.clearProperty("privet.dp.unitSpillRows");
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        // the bot adds 2 rows to exactly one city: 30 + 30 + 2 bounded rows, each worth 10
        double count = 0;
        double sum = 0;
        for (String line : lines.subList(1, 3)) {
            String[] f = line.split(",");
            count += Double.parseDouble(f[1]);
            sum += Double.parseDouble(f[4]);
        }
        assertThat(count).isCloseTo(62, org.assertj.core.data.Offset.offset(0.5));
        assertThat(sum).isCloseTo(620, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aBadRowWithAPrivacyUnitLeavesNeitherOutputNorBucketFiles() throws Exception {
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, "user,city,amount\nu1,paris,3\nu2,paris,x\nu3,lyon,4\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.csv");
        List<Path> before = unitBucketDirs();
        CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                "--privacy-unit", "user", "--aggregate", "sum", "--lower", "0", "--upper", "20", "--epsilon", "1",
                "--delta", "1e-6", "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.csv:3").contains("'x' is not a number");
        assertThat(files()).containsExactly(in);
        assertThat(unitBucketDirs()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void badFlagsExitTwoBeforeReadingData() throws Exception {
        Path in = visits();
        String f = in.toString();
        CliTest.Run neg = CliTest.run("dp", "aggregate", f, "--group-by", "city", "--epsilon", "-1", "--delta", "1e-6");
        assertThat(neg.code()).isEqualTo(2);
        assertThat(neg.err()).contains("--epsilon must be > 0 and finite. Provided value: -1.0");
        CliTest.Run inverted = CliTest.run("dp", "aggregate", f, "--group-by", "city", "--value", "amount",
                "--aggregate", "sum", "--lower", "5", "--upper", "1", "--epsilon", "1", "--delta", "1e-6");
        assertThat(inverted.code()).isEqualTo(2);
        assertThat(inverted.err()).contains("lower bound must be <= upper bound").contains("lower=5.0, upper=1.0");
        assertThat(CliTest.run("dp", "aggregate", f, "--group-by", "city", "--epsilon", "1", "--delta", "1e-6",
                "--aggregate", "median").code()).isEqualTo(2);
        assertThat(CliTest.run("dp", "aggregate", f, "--group-by", "city", "--epsilon", "1", "--delta", "1e-6",
                "--aggregate", "variance", "--value", "amount").err()).contains("--lower and --upper are required");
        assertThat(CliTest.run("dp", "aggregate", f, "--group-by", "city", "--epsilon", "1").code()).isEqualTo(2);
        assertThat(CliTest.run("dp", "aggregate", f, "--group-by", "city", "--epsilon", "1", "--delta", "1e-6",
                "--aggregate", "sum").err()).contains("--value is required");
        CliTest.Run noCol = CliTest.run("dp", "aggregate", f, "--group-by", "town", "--epsilon", "1", "--delta", "1e-6");
        assertThat(noCol.code()).isEqualTo(2);
        assertThat(noCol.err()).contains("no column 'town'");
        assertThat(CliTest.run("dp", "aggregate", f, "--group-by", "city", "--epsilon", "1", "--delta", "1e-6",
                "--max-partitions", "0").err()).contains("--max-partitions must be >= 1. Provided value: 0");
        assertThat(CliTest.run("dp", "aggregate", f, "--group-by", "city", "--epsilon", "1", "--delta", "1e-6",
                "--json").code()).isEqualTo(2);
        assertThat(files()).containsExactly(in);
    }

    @Test
    void withoutAPrivacyUnitEachRowIsItsOwnUnit() throws Exception {
        Path in = visits();
        Path out = dir.resolve("rows.csv");
        CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--epsilon", "1e4",
                "--delta", "1e-6", "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"partitionsReleased\" : 2").contains("each row is its own unit");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(2)).startsWith("paris,80,"); // 80 rows, each its own unit
    }

    @Test
    void malformedCsvExitsOneWithFileAndLineAndWritesNothing() throws Exception {
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, "user,city,amount\nu1,paris,3\nu2,paris,abc\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.csv");
        CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                "--aggregate", "sum", "--lower", "0", "--upper", "10", "--epsilon", "1", "--delta", "1e-6",
                "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.csv:3").contains("amount").contains("'abc' is not a number");
        assertThat(files()).containsExactly(in);

        Files.writeString(in, "user,city\nu1,paris\nu2\n", StandardCharsets.UTF_8);
        CliTest.Run ragged = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--epsilon", "1",
                "--delta", "1e-6", "--out", out.toString());
        assertThat(ragged.code()).isEqualTo(1);
        assertThat(ragged.err()).contains("bad.csv:3").contains("expected 2 fields");
        Files.writeString(in, "user,city\nu1,\"paris\n", StandardCharsets.UTF_8);
        assertThat(CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--epsilon", "1",
                "--delta", "1e-6").err()).contains("bad.csv:2").contains("unterminated");
        assertThat(files()).containsExactly(in);
    }

    @Test
    void quantilesAndHistogramColumns() throws Exception {
        Path in = visits();
        Path out = dir.resolve("q.csv");
        // rows as their own units; epsilon 1e4 (a third each for selection, quantiles, histogram): noise ~1e-3 per node
        CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                "--aggregate", "quantiles,histogram", "--quantiles", "0.25,0.75", "--bins", "2", "--lower", "0",
                "--upper", "20", "--epsilon", "1e4", "--delta", "1e-6", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("partition,quantile_0.25,quantile_0.75,bin_0.0_10.0,bin_10.0_20.0");
        String[] paris = lines.get(2).split(",");
        assertThat(paris[0]).isEqualTo("paris"); // 40 rows at 10 (bin 2) and 40 at 1000 (clamped to 20, bin 2)
        assertThat(Double.parseDouble(paris[1])).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Double.parseDouble(paris[2])).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(paris[3]).isEqualTo("0");
        assertThat(paris[4]).isEqualTo("80");
        assertThat(lines.get(1)).endsWith(",30,0"); // lyon: 30 rows at 5
    }

    @Test
    void autoBoundsWithAPrivacyUnitCountOnlyEachUnitsFirstRowsThroughBucketFiles() throws Exception {
        // 30 units with 2 rows at 5 and 7, then 40 rows at 10^6 each: the cap (1 partition x 2 rows) keeps the first two
        StringBuilder sb = new StringBuilder("user,city,amount\n");
        for (int u = 0; u < 30; u++) {
            sb.append("w").append(u).append(",paris,5\n").append("w").append(u).append(",paris,7\n");
        }
        for (int k = 0; k < 40; k++) {
            for (int u = 0; u < 30; u++) {
                sb.append("w").append(u).append(",paris,1000000\n");
            }
        }
        Path in = dir.resolve("whales.csv");
        Files.writeString(in, sb.toString(), StandardCharsets.UTF_8);
        List<Path> before = unitBucketDirs();
        for (String bucketBytes : new String[] {null, "256"}) {
            Path out = dir.resolve("auto-" + bucketBytes + ".csv");
            if (bucketBytes != null) {
                System.setProperty("privet.dp.bucketBytes", bucketBytes); // ~100 buckets for this 26 KB file
            }
            try {
                CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                        "--privacy-unit", "user", "--max-contributions", "2", "--aggregate", "mean", "--auto-bounds",
                        "--epsilon", "1e4", "--delta", "1e-6", "--out", out.toString(), "--json");
                assertThat(r.code()).as(r.err()).isZero();
                // 5 -> (4, 8], 7 -> (4, 8]: bounds [4, 8]; had the rows at 10^6 been counted, the upper bound would be 2^20
                assertThat(r.out()).as("bucket bytes %s", bucketBytes).contains("\"lower\" : 4.0")
                        .contains("\"upper\" : 8.0");
                // the aggregation samples each unit's rows itself, clamped to the bounds found
                assertThat(Double.parseDouble(Files.readAllLines(out).get(1).split(",")[1])).isBetween(4.0, 8.0);
            } finally {
                System.clearProperty("privet.dp.bucketBytes");
            }
        }
        assertThat(unitBucketDirs()).containsExactlyInAnyOrderElementsOf(before); // the bucket files are gone
    }

    @Test
    void autoBoundsSpendTheirShareAndAreReported() throws Exception {
        Path in = visits();
        Path out = dir.resolve("auto.csv");
        CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--value", "amount",
                "--privacy-unit", "user", "--max-contributions", "2", "--aggregate", "mean", "--auto-bounds",
                "--bounds-epsilon-share", "0.5", "--epsilon", "1e4", "--delta", "1e-6", "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        // values 5, 7 -> (4, 8]; 10 -> (8, 16]; 1000 -> (512, 1024]: bounds [4, 1024] at epsilon 5000
        assertThat(r.out()).contains("\"autoBounds\"").contains("\"lower\" : 4.0").contains("\"upper\" : 1024.0")
                .contains("approximate bounds (Laplace noise)").contains("approximate bounds [4.0, 1024.0] found with epsilon=5000.0");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("partition,mean");
        assertThat(Double.parseDouble(lines.get(2).split(",")[1])).isCloseTo(505.0, org.assertj.core.data.Offset.offset(1.0));
        String f = in.toString();
        CliTest.Run both = CliTest.run("dp", "aggregate", f, "--group-by", "city", "--value", "amount", "--aggregate", "sum",
                "--auto-bounds", "--lower", "0", "--epsilon", "1", "--delta", "1e-6");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("drop --lower and --upper");
        CliTest.Run share = CliTest.run("dp", "aggregate", f, "--group-by", "city", "--value", "amount", "--aggregate", "sum",
                "--auto-bounds", "--bounds-epsilon-share", "1", "--epsilon", "1", "--delta", "1e-6");
        assertThat(share.err()).contains("--bounds-epsilon-share must be in (0, 1). Provided value: 1.0");
        CliTest.Run rank = CliTest.run("dp", "aggregate", f, "--group-by", "city", "--value", "amount", "--aggregate",
                "quantiles", "--quantiles", "0.5,1.5", "--auto-bounds", "--epsilon", "1", "--delta", "1e-6");
        assertThat(rank.code()).isEqualTo(2);
        assertThat(rank.err()).contains("--quantiles rank must be in [0, 1]. Provided value: 1.5");
        CliTest.Run bins = CliTest.run("dp", "aggregate", f, "--group-by", "city", "--value", "amount", "--aggregate",
                "histogram", "--bins", "0", "--lower", "0", "--upper", "1", "--epsilon", "1", "--delta", "1e-6");
        assertThat(bins.err()).contains("--bins must be in [1, 10^4]. Provided value: 0");
        assertThat(files()).containsExactlyInAnyOrder(in, out);
    }

    @Test
    void publicPartitionsReleaseEveryListedGroup() throws Exception {
        Path in = visits();
        Path out = dir.resolve("pub.csv");
        CliTest.Run r = CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--public-partitions",
                "nice,paris,rome", "--epsilon", "1e4", "--delta", "0", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4); // nice (1 row, no threshold), paris, rome (empty); lyon not listed: dropped
        assertThat(lines.get(1)).startsWith("nice,1,");
        assertThat(lines.get(2)).startsWith("paris,80,");
        assertThat(lines.get(3)).startsWith("rome,0,");
        assertThat(r.out()).contains("3 partitions are public");
        assertThat(CliTest.run("dp", "aggregate", in.toString(), "--group-by", "city", "--epsilon", "1", "--delta", "0")
                .err()).contains("--delta must be in (0, 1). Provided value: 0.0");
    }

    @Test
    void helpListsTheCommand() {
        assertThat(CliTest.run("dp", "--help").out()).contains("aggregate");
        assertThat(CliTest.run("dp", "aggregate", "--help").out()).contains("--group-by").contains("--privacy-unit");
    }
}

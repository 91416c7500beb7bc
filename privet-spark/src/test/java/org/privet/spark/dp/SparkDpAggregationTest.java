package org.privet.spark.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.aggregate.NoiseKind;
import org.privet.dp.aggregate.PartitionedAggregation;
import org.privet.dp.aggregate.PartitionedAggregation.Metric;
import org.privet.dp.aggregate.PartitionedAggregation.PartitionResult;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.spark.TestSpark;

/**
 * DP aggregates on Spark: the accounting equals the local {@link PartitionedAggregation}'s for the same
 * parameters (exact), bounding is per privacy unit across the whole data set (not per Spark partition), bad rows
 * are reported. Noisy figures are checked with a huge epsilon: the stated tolerances fail with probability below
 * 1e-12 each.
 */
class SparkDpAggregationTest {
    @TempDir
    Path dir;

    private final JavaSparkContext spark = TestSpark.context();

    /** 40 units; unit u has rows in keys k0..k4, 3 rows per key, value u % 10. */
    private static List<DpRow> rows() {
        List<DpRow> rows = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 5; k++) {
                for (int r = 0; r < 3; r++) {
                    rows.add(new DpRow("u" + u, "k" + k, u % 10));
                }
            }
        }
        return rows;
    }

    private static SparkDpAggregation.Params params(double eps, NoiseKind noise, EnumSet<Metric> m, List<String> pub,
            int l0, int lInf) {
        return new SparkDpAggregation.Params(eps, 1e-6, noise, l0, lInf, m, 0, 10, 0.95, "one user", pub);
    }

    @Test
    void accountingEqualsTheLocalAggregationForEverySupportedSetting() {
        JavaRDD<DpRow> rdd = spark.parallelize(rows(), 4);
        for (NoiseKind noise : NoiseKind.values()) {
            for (List<String> pub : java.util.Arrays.asList(null, List.of("k0", "k1", "k9"))) {
                for (EnumSet<Metric> m : List.of(EnumSet.of(Metric.COUNT),
                        EnumSet.of(Metric.COUNT, Metric.SUM, Metric.MEAN, Metric.VARIANCE))) {
                    SparkDpAggregation.Params p = params(1.5, noise, m, pub, 2, 2);
                    BudgetAccountant la = new BudgetAccountant(new PrivacyBudget(3, 1e-5));
                    BudgetAccountant sa = new BudgetAccountant(new PrivacyBudget(3, 1e-5));
                    PartitionedAggregation local = p.localBuilder(la).build();
                    for (DpRow r : rows()) {
                        local.add(r.unit(), r.partition(), r.value());
                    }
                    PartitionedAggregation.Result l = local.computeResult();
                    PartitionedAggregation.Result s = SparkDpAggregation.aggregate(rdd, p, sa, new SecureRandom());
                    String what = noise + " " + pub + " " + m;
                    assertThat(s.spends()).as(what).isEqualTo(l.spends());
                    assertThat(sa.history()).as(what).isEqualTo(la.history());
                    assertThat(s.statement()).as(what).isEqualTo(l.statement());
                    assertThat(Double.valueOf(s.selectionThreshold())).as(what).isEqualTo(Double.valueOf(l.selectionThreshold()));
                    if (pub != null) {
                        assertThat(s.partitions()).extracting(PartitionResult::partition)
                                .containsExactly("k0", "k1", "k9");
                    }
                }
            }
        }
    }

    @Test
    void contributionsAreBoundedPerUnitAcrossTheWholeDataSetNotPerSparkPartition() {
        // each unit's 15 rows are spread over 8 Spark partitions; L0 = 1 and Linf = 1 leave one row per unit in all
        List<DpRow> rs = rows();
        java.util.Collections.shuffle(rs, new java.util.Random(1));
        JavaRDD<DpRow> rdd = spark.parallelize(rs, 8);
        // epsilon 200 over 2 shares: Laplace scale 0.01; |noise| > 0.5 has probability e^-50
        PartitionedAggregation.Result r = SparkDpAggregation.aggregate(rdd,
                params(200, NoiseKind.LAPLACE, EnumSet.of(Metric.COUNT), List.of("k0", "k1", "k2", "k3", "k4"), 1, 1),
                null, new SecureRandom());
        double total = 0;
        for (PartitionResult p : r.partitions()) {
            total += p.count();
        }
        assertThat(total).isBetween(40 - 2.5, 40 + 2.5); // 40 units, one row each (per Spark partition: ~240)
    }

    @Test
    void boundedSumAndMeanAreTheLocalEstimatesUpToNoise() {
        JavaRDD<DpRow> rdd = spark.parallelize(rows(), 3);
        // L0 = 5 (every key kept), Linf = 3 (every row kept): exact totals; epsilon 1000 over 4 shares
        PartitionedAggregation.Result r = SparkDpAggregation.aggregate(rdd,
                params(1000, NoiseKind.LAPLACE, EnumSet.of(Metric.COUNT, Metric.SUM, Metric.MEAN), null, 5, 3), null,
                new SecureRandom());
        Map<String, PartitionResult> by = r.partitions().stream()
                .collect(Collectors.toMap(PartitionResult::partition, Function.identity()));
        assertThat(by).containsOnlyKeys("k0", "k1", "k2", "k3", "k4");
        for (PartitionResult p : by.values()) {
            assertThat(p.count()).isCloseTo(120, org.assertj.core.api.Assertions.within(1.0)); // scale 0.06
            assertThat(p.sum()).isCloseTo(540, org.assertj.core.api.Assertions.within(10.0)); // scale 0.6
            assertThat(p.mean()).isCloseTo(4.5, org.assertj.core.api.Assertions.within(0.1));
        }
    }

    @Test
    void csvRowsAreReadBadRowsReportedAndRowsWithoutAUnitAreTheirOwnUnits() throws Exception {
        StringBuilder sb = new StringBuilder("city,amount\n");
        for (int i = 0; i < 300; i++) {
            sb.append(i % 2 == 0 ? "oslo" : "rome").append(',').append(i % 7).append('\n');
            if (i == 100) {
                sb.append("oslo,abc\n").append("rome\n");
            }
        }
        Path csv = Files.writeString(dir.resolve("sales.csv"), sb.toString());
        SparkDpAggregation.Columns cols = new SparkDpAggregation.Columns("city", "amount", null);
        SparkDpAggregation.Params p = params(400, NoiseKind.LAPLACE, EnumSet.of(Metric.COUNT, Metric.SUM), null, 1, 1);
        BudgetAccountant acc = new BudgetAccountant(new PrivacyBudget(400, 1e-6));
        assertThatThrownBy(() -> SparkDpAggregation.aggregateCsv(spark, csv, cols, p, acc, new SecureRandom(), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 bad row(s)").hasMessageContaining("sales.csv:103: value 'abc' is not a number")
                .hasMessageContaining("sales.csv:104: expected 2 fields");
        assertThat(acc.history()).isEmpty(); // nothing spent
        SparkDpAggregation.Outcome o = SparkDpAggregation.aggregateCsv(spark, csv, cols, p, acc, new SecureRandom(),
                true);
        assertThat(o.badRows().count()).isEqualTo(2);
        assertThat(o.rows()).isEqualTo(300);
        assertThat(o.result().partitions()).hasSize(2);
        for (PartitionResult r : o.result().partitions()) {
            assertThat(r.count()).isCloseTo(150, org.assertj.core.api.Assertions.within(1.0)); // scale 0.0075
        }
    }

    @Test
    void dataFramesAreReadLikeCsvFilesWithBadRowsCountedByRowNumber() {
        org.apache.spark.sql.SparkSession session = org.privet.spark.SparkSessions.session(TestSpark.MASTER);
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("user", org.apache.spark.sql.types.DataTypes.LongType, true)
                .add("city", org.apache.spark.sql.types.DataTypes.StringType, true)
                .add("amount", org.apache.spark.sql.types.DataTypes.DoubleType, true);
        List<org.apache.spark.sql.Row> data = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // 100 users with three rows each, all in one city: bounding keeps one row per user (Linf = 1)
            data.add(org.apache.spark.sql.RowFactory.create((long) (i % 100), i % 2 == 0 ? "oslo" : "rome",
                    (double) (i % 7)));
        }
        data.add(org.apache.spark.sql.RowFactory.create(7L, null, 1.0)); // row 301: no group
        data.add(org.apache.spark.sql.RowFactory.create(8L, "oslo", Double.NaN)); // row 302: not finite
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = session.createDataFrame(data, schema)
                .repartition(1);
        SparkDpAggregation.Columns cols = new SparkDpAggregation.Columns("city", "amount", "user");
        SparkDpAggregation.Params p = params(400, NoiseKind.LAPLACE, EnumSet.of(Metric.COUNT, Metric.SUM), null, 2, 1);
        BudgetAccountant acc = new BudgetAccountant(new PrivacyBudget(400, 1e-6));
        assertThatThrownBy(() -> SparkDpAggregation.aggregate(frame, cols, p, acc, new SecureRandom(), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 bad row(s)")
                .hasMessageContaining("row 301: null or empty group value")
                .hasMessageContaining("row 302: value 'NaN' is not finite");
        assertThat(acc.history()).isEmpty(); // nothing spent
        assertThatThrownBy(() -> SparkDpAggregation.aggregate(frame,
                new SparkDpAggregation.Columns("town", "amount", "user"), p, acc, new SecureRandom(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'town' is not in the data frame");
        SparkDpAggregation.Outcome o = SparkDpAggregation.aggregate(frame, cols, p, acc, new SecureRandom(), true);
        assertThat(o.badRows().count()).isEqualTo(2);
        assertThat(o.rows()).isEqualTo(300);
        // user u's rows i = u, u + 100, u + 200 share their parity, so all three are in one city; Linf = 1 keeps one
        Map<String, PartitionResult> by = o.result().partitions().stream()
                .collect(Collectors.toMap(PartitionResult::partition, Function.identity()));
        assertThat(by).containsOnlyKeys("oslo", "rome");
        for (PartitionResult r : by.values()) {
            assertThat(r.count()).isCloseTo(50, org.assertj.core.api.Assertions.within(1.0)); // Laplace scale 0.01
        }
    }

    @Test
    void unsupportedMetricsAndUnaffordableReleasesAreRefusedBeforeAnythingIsSpent() {
        JavaRDD<DpRow> rdd = spark.parallelize(rows(), 2);
        assertThatThrownBy(() -> SparkDpAggregation.aggregate(rdd, params(1, NoiseKind.LAPLACE,
                EnumSet.of(Metric.QUANTILES), null, 1, 1), null, new SecureRandom()))
                .hasMessageContaining("not available on Spark");
        assertThatThrownBy(() -> SparkDpAggregation.aggregate(rdd, params(-1, NoiseKind.LAPLACE,
                EnumSet.of(Metric.COUNT), null, 1, 1), null, new SecureRandom()))
                .hasMessageContaining("epsilon must be > 0");
        BudgetAccountant small = new BudgetAccountant(new PrivacyBudget(0.5, 1e-6));
        assertThatThrownBy(() -> SparkDpAggregation.aggregate(rdd, params(1, NoiseKind.LAPLACE,
                EnumSet.of(Metric.COUNT), null, 1, 1), small, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(small.history()).isEmpty();
    }
}

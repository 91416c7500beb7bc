package org.privet.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.aggregate.PartitionedAggregation.Metric;
import org.privet.dp.noise.PrivacyBudget;

/**
 * {@link PartitionedAggregation#releaseFromTotals}: the release of totals bounded elsewhere is the local release
 * (same seed, same totals: the same figures to the bit), with the same accounting and one-shot rule.
 */
class PartitionTotalsReleaseTest {

    private static final EnumSet<Metric> ALL = EnumSet.of(Metric.COUNT, Metric.SUM, Metric.MEAN, Metric.VARIANCE);

    private static PartitionedAggregation.Builder builder(NoiseKind noise, List<String> pub, long seed) {
        return PartitionedAggregation.builder().epsilon(2).delta(1e-6).noise(noise).lower(-1).upper(3).metrics(ALL)
                .publicPartitions(pub).privacyUnitDescription("one row").insecureSeededForTests(seed);
    }

    /** Row i of 400: partition "p" + (i % 7), value (i % 13) - 4 (some below -1 and above 3, so clamped). */
    private static String key(int i) {
        return "p" + (i % 7);
    }

    private static double value(int i) {
        return (i % 13) - 4.0;
    }

    @Test
    void releaseFromTotalsIsTheLocalReleaseOfTheSameRows() {
        // rows that are their own units need no bounding, so the local path draws nothing before the noise and the
        // same seed gives the same noise: the two releases must agree exactly
        for (NoiseKind noise : NoiseKind.values()) {
            for (List<String> pub : java.util.Arrays.asList(null, List.of("p0", "p3", "p9"))) {
                PartitionedAggregation local = builder(noise, pub, 5).build();
                Map<String, PartitionTotals> totals = new HashMap<>();
                for (int i = 0; i < 400; i++) {
                    local.addRowAsOwnUnit(key(i), value(i));
                    PartitionTotals t = totals.computeIfAbsent(key(i), k -> new PartitionTotals());
                    t.addUnit();
                    t.addRow(value(i), -1, 3);
                }
                PartitionedAggregation.Result l = local.computeResult();
                PartitionedAggregation remote = builder(noise, pub, 5).build();
                PartitionedAggregation.Result r = remote.releaseFromTotals(totals);
                String what = noise + " " + pub;
                assertThat(r.partitions()).as(what).isEqualTo(l.partitions());
                assertThat(r.spends()).as(what).isEqualTo(l.spends());
                assertThat(r.statement()).as(what).isEqualTo(l.statement());
                assertThat(Double.valueOf(r.selectionThreshold())).as(what)
                        .isEqualTo(Double.valueOf(l.selectionThreshold()));
                assertThat(remote.accountant().history()).as(what).isEqualTo(local.accountant().history());
                if (pub != null) { // p9 has no row but is released; keys outside the public ones are dropped
                    assertThat(r.partitions()).extracting(PartitionedAggregation.PartitionResult::partition)
                            .containsExactly("p0", "p3", "p9");
                } else {
                    assertThat(r.partitions()).hasSize(7); // ~57 units each, far above the threshold
                }
                assertThat(totals).as("the caller's map is not changed").hasSize(7);
            }
        }
    }

    @Test
    void oneShotAndRefusalsComeBeforeAnySpend() {
        PartitionedAggregation agg = builder(NoiseKind.LAPLACE, null, 1).build();
        agg.releaseFromTotals(Map.of());
        assertThatThrownBy(() -> agg.releaseFromTotals(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already released");
        assertThatThrownBy(agg::computeResult).isInstanceOf(IllegalStateException.class);

        PartitionedAggregation withRows = builder(NoiseKind.LAPLACE, null, 1).build();
        withRows.add("u", "p", 1);
        assertThatThrownBy(() -> withRows.releaseFromTotals(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rows were added");
        assertThat(withRows.accountant().history()).isEmpty();

        PartitionedAggregation quantiles = builder(NoiseKind.LAPLACE, null, 1)
                .metrics(EnumSet.of(Metric.COUNT, Metric.QUANTILES)).build();
        assertThatThrownBy(() -> quantiles.releaseFromTotals(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUANTILES and HISTOGRAM need the values");
        assertThat(quantiles.accountant().history()).isEmpty();

        Map<String, PartitionTotals> nullValue = new HashMap<>();
        nullValue.put("p", null);
        PartitionedAggregation nulls = builder(NoiseKind.LAPLACE, null, 1).build();
        assertThatThrownBy(() -> nulls.releaseFromTotals(nullValue)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null key or value");
        assertThat(nulls.accountant().history()).isEmpty();

        BudgetAccountant small = new BudgetAccountant(new PrivacyBudget(1, 1e-6));
        PartitionedAggregation poor = builder(NoiseKind.LAPLACE, null, 1).accountant(small).build();
        assertThatThrownBy(() -> poor.releaseFromTotals(Map.of("p", new PartitionTotals())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(small.history()).isEmpty();
    }

    @Test
    void totalsClampCentreAndMerge() {
        PartitionTotals a = new PartitionTotals();
        a.addUnit();
        a.addRow(10, -1, 3); // clamped to 3; midpoint 1
        a.addRow(-5, -1, 3); // clamped to -1
        PartitionTotals b = new PartitionTotals();
        b.addUnit();
        b.addRow(2, -1, 3);
        PartitionTotals m = a.merge(b);
        assertThat(m.units()).isEqualTo(2);
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.sum()).isEqualTo(4.0);
        assertThat(m.centredSum()).isEqualTo(2.0 - 2.0 + 1.0);
        assertThat(m.centredSumOfSquares()).isEqualTo(4.0 + 4.0 + 1.0);
        assertThat(a.rows()).isEqualTo(2); // merge changes neither side
        assertThatThrownBy(() -> a.addRow(Double.NaN, -1, 3)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> a.addRow(0, 3, -1)).hasMessageContaining("lower must be <= upper");
    }
}

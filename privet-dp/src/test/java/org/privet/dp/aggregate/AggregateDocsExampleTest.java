package org.privet.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.privet.dp.aggregate.PartitionedAggregation.Metric;

/** The example of docs/dp.md, section "Aggregates", compiled and run. */
class AggregateDocsExampleTest {
    @Test
    void example() {
        String[][] rows = new String[6000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new String[] {"c" + (i % 2000), "shop" + (i % 2), Integer.toString(i % 400)};
        }
        // --- docs begin
        PartitionedAggregation agg = PartitionedAggregation.builder()
                .epsilon(1).delta(1e-6)
                .metrics(EnumSet.of(Metric.COUNT, Metric.SUM, Metric.MEAN)).lower(0).upper(500)
                .maxPartitionsContributed(3).maxContributionsPerPartition(5)
                .privacyUnitDescription("one customer")
                .build();
        for (String[] row : rows) {
            String customerId = row[0];
            String shop = row[1];
            double amount = Double.parseDouble(row[2]);
            agg.add(customerId, shop, amount);              // for every row
        }
        PartitionedAggregation.Result r = agg.computeResult(); // once
        // --- docs end
        // 1000 customers per shop. Selection gets epsilon 1/4 and L0 = 3: b = 12, threshold 1 + 12 ln(3e6) ~ 180
        // units (100 customers per shop would be dropped); 1000 are dropped with probability <= e^-68.
        assertThat(r.partitions()).extracting(PartitionedAggregation.PartitionResult::partition)
                .containsExactly("shop0", "shop1");
        assertThat(r.spends()).hasSize(4);
        assertThat(r.statement()).contains("one customer");
    }
}

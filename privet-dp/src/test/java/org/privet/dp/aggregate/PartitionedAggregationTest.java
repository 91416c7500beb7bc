package org.privet.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.aggregate.PartitionedAggregation.Metric;
import org.privet.dp.aggregate.PartitionedAggregation.PartitionResult;
import org.privet.dp.noise.NoiseRandom;
import org.privet.dp.noise.PrivacyBudget;

/** Grouped aggregation: contribution bounding, partition selection, budget split, one-shot release. */
class PartitionedAggregationTest {

    private static Map<String, PartitionResult> byKey(PartitionedAggregation.Result r) {
        return r.partitions().stream().collect(Collectors.toMap(PartitionResult::partition, Function.identity()));
    }

    @Test
    void contributionBoundingCapsEachUnitsInfluence() {
        // 50 units, each with 4 rows of value 10 in each of 5 partitions; L0 = 2, Linf = 3, values clamped to
        // [0, 5]. Epsilon 1e4 makes the noise ~1e-3 (count, sum) so the bounded totals show through.
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1e4).delta(1e-6)
                .maxPartitionsContributed(2).maxContributionsPerPartition(3).lower(0).upper(5)
                .metrics(EnumSet.of(Metric.COUNT, Metric.SUM, Metric.MEAN, Metric.VARIANCE)).insecureSeededForTests(11).build();
        for (int u = 0; u < 50; u++) {
            for (int p = 0; p < 5; p++) {
                for (int j = 0; j < 4; j++) {
                    agg.add("u" + u, "p" + p, 10.0);
                }
            }
        }
        PartitionedAggregation.Result r = agg.computeResult();
        assertThat(r.partitions()).hasSize(5); // each partition has ~20 units, far above the threshold
        double totalCount = 0;
        double totalSum = 0;
        for (PartitionResult pr : r.partitions()) {
            totalCount += pr.count();
            totalSum += pr.sum();
            assertThat(pr.mean()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(pr.variance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.01)); // all values clamp to 5
            assertThat(pr.countInterval().contains(Math.rint(pr.count()))).isTrue();
        }
        assertThat(totalCount).isEqualTo(50 * 2 * 3); // counts are integers; noise << 0.5
        assertThat(totalSum).isCloseTo(50 * 2 * 3 * 5.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void addUnitBoundsEachUnitOnArrivalAsComputeResultBoundsAdd() {
        // the setting of contributionBoundingCapsEachUnitsInfluence, each unit's 20 rows given in one addUnit call
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1e4).delta(1e-6)
                .maxPartitionsContributed(2).maxContributionsPerPartition(3).lower(0).upper(5)
                .metrics(EnumSet.of(Metric.COUNT, Metric.SUM)).insecureSeededForTests(11).build();
        for (int u = 0; u < 50; u++) {
            String[] parts = new String[20];
            double[] vals = new double[21]; // longer than n: only the first n rows count
            for (int i = 0; i < 20; i++) {
                parts[i] = "p" + (i % 5);
                vals[i] = 10.0;
            }
            vals[20] = Double.NaN;
            agg.addUnit("u" + u, parts, vals, 20);
        }
        PartitionedAggregation.Result r = agg.computeResult();
        double totalCount = 0;
        for (PartitionResult pr : r.partitions()) {
            totalCount += pr.count();
            assertThat(pr.sum() / pr.count()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(totalCount).isEqualTo(50 * 2 * 3);
    }

    @Test
    void addUnitWithoutSamplingReleasesExactlyWhatAddReleases() {
        // no unit exceeds L0 or Linf, so bounding draws nothing: the same seed gives the same noise, bit for bit
        java.util.function.Supplier<PartitionedAggregation> make = () -> PartitionedAggregation.builder().epsilon(2)
                .delta(1e-6).maxPartitionsContributed(3).maxContributionsPerPartition(2).lower(0).upper(10)
                .metrics(EnumSet.of(Metric.COUNT, Metric.SUM, Metric.MEAN)).insecureSeededForTests(21).build();
        PartitionedAggregation rows = make.get();
        PartitionedAggregation units = make.get();
        for (int u = 0; u < 400; u++) {
            String[] parts = {"p" + (u % 4), "p" + ((u + 1) % 4), "p" + (u % 4)};
            double[] vals = {u % 7, u % 3, 1.5};
            for (int i = 0; i < 3; i++) {
                rows.add("u" + u, parts[i], vals[i]);
            }
            units.addUnit("u" + u, parts, vals, 3);
        }
        List<PartitionResult> a = rows.computeResult().partitions();
        List<PartitionResult> b = units.computeResult().partitions();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).partition()).isEqualTo(a.get(i).partition());
            assertThat(b.get(i).count()).isEqualTo(a.get(i).count());
            assertThat(b.get(i).sum()).isEqualTo(a.get(i).sum());
            assertThat(b.get(i).mean()).isEqualTo(a.get(i).mean());
        }
    }

    @Test
    void addUnitValidatesBeforeKeepingAnything() {
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1).delta(1e-6).lower(0).upper(1)
                .metrics(EnumSet.of(Metric.SUM)).insecureSeededForTests(22).build();
        agg.add("a", "p", 1);
        assertThatThrownBy(() -> agg.addUnit("a", new String[] {"p"}, new double[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has rows from add()");
        assertThatThrownBy(() -> agg.addUnit("b", new String[] {"p", "q"}, new double[] {1, Double.NaN}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN").hasMessageContaining("'q'");
        assertThatThrownBy(() -> agg.addUnit("b", new String[] {"p"}, new double[] {1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be in [0, 1]");
        assertThatThrownBy(() -> agg.addUnit(null, new String[] {"p"}, new double[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void varianceAndMeanOfAPartitionWithSpreadValues() {
        // 100 units with one row each, values 0..9 ten times: mean 4.5, population variance 8.25. Epsilon 1e4:
        // noise on the count ~4e-3 and on the sums ~0.02-0.2, far below the 0.05 tolerance after division by 100.
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1e4).delta(1e-6).lower(0).upper(9)
                .metrics(EnumSet.of(Metric.MEAN, Metric.VARIANCE)).insecureSeededForTests(13).build();
        for (int u = 0; u < 100; u++) {
            agg.add("u" + u, "p", u % 10);
        }
        PartitionResult pr = agg.computeResult().partitions().get(0);
        assertThat(pr.mean()).isCloseTo(4.5, org.assertj.core.data.Offset.offset(0.05));
        assertThat(pr.variance()).isCloseTo(8.25, org.assertj.core.data.Offset.offset(0.05));
        assertThat(pr.count()).isNaN();
        assertThat(pr.countInterval()).isNull();
    }

    @Test
    void rowsAsTheirOwnUnitsAreCountedWithoutBounding() {
        // 300 own-unit rows in "a" (values 4, clamped to 3) plus 10 named units with 5 rows each in "a" (Linf = 2).
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1e4).delta(1e-6).lower(0).upper(3)
                .maxContributionsPerPartition(2).metrics(EnumSet.of(Metric.COUNT, Metric.SUM))
                .insecureSeededForTests(14).build();
        for (int i = 0; i < 300; i++) {
            agg.addRowAsOwnUnit("a", 4);
        }
        for (int u = 0; u < 10; u++) {
            for (int j = 0; j < 5; j++) {
                agg.add("u" + u, "a", 1);
            }
        }
        PartitionResult pr = agg.computeResult().partitions().get(0);
        assertThat(pr.count()).isEqualTo(320); // 300 + 10 * 2
        assertThat(pr.sum()).isCloseTo(300 * 3 + 20, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void droppedPartitionsAreChosenUniformly() {
        // 2000 units each in partitions A and B, L0 = 1: each keeps A with probability 1/2. Count(A) ~ 1000,
        // sd 22.4 (binomial) plus noise of scale ~3e-3; tolerance 5 sd = 112 (false failure ~6e-7).
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1e3).delta(1e-6)
                .insecureSeededForTests(12).build();
        for (int u = 0; u < 2000; u++) {
            agg.add("u" + u, "A", 0);
            agg.add("u" + u, "B", 0);
        }
        Map<String, PartitionResult> r = byKey(agg.computeResult());
        assertThat(r.get("A").count()).isBetween(1000.0 - 112, 1000.0 + 112);
        assertThat(r.get("A").count() + r.get("B").count()).isCloseTo(2000, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void partitionSelectionKeepsLargeAndDropsSingleUnitPartitions() {
        PartitionSelection sel = PartitionSelection.laplace(new PrivacyBudget(1, 1e-8), 1, NoiseRandom.insecureSeededForTests(3));
        // tau = 1 + b ln(1e8) with b ~ 1
        assertThat(sel.threshold()).isCloseTo(1 + Math.log(1e8), org.assertj.core.data.Offset.offset(1e-6));
        // A 1-unit partition is kept with probability <= 1e-8 per trial: 10^4 trials all drop it except with
        // probability <= 1e-4 (the false-failure rate for an arbitrary seed).
        for (int i = 0; i < 10_000; i++) {
            assertThat(sel.keep(1)).isFalse();
        }
        // 100 units: dropped with probability <= exp(-(100 - 19.4)) per trial.
        assertThat(sel.dropProbabilityBound(100)).isLessThan(1e-30);
        for (int i = 0; i < 1_000; i++) {
            assertThat(sel.keep(100)).isTrue();
        }
        assertThat(sel.keep(0)).isFalse();
    }

    @Test
    void singleUnitKeepProbabilityMatchesTheDiscreteLaplaceTail() {
        // delta = 0.1, L0 = 1: P(keep | 1 unit) = P(Z >= ceil(b ln 10 / g)) = e^(-k/sigma)/(1 + e^(-1/sigma)) with
        // sigma ~ 2^40 granules, i.e. ~0.1/2 = 0.05: below delta (the guarantee), a factor 2 of slack (the
        // discrete tail bound drops the 1/(1 + e^(-1/sigma)) factor). Over 40,000 trials the frequency has sd
        // 0.0011; the window 0.05 +- 0.0055 is 5 sd (false failure ~6e-7) and detects a threshold off by b ln 2
        // either way (rates 0.1 or 0.025).
        PartitionSelection sel = PartitionSelection.laplace(new PrivacyBudget(1, 0.1), 1, NoiseRandom.insecureSeededForTests(4));
        int kept = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            if (sel.keep(1)) {
                kept++;
            }
        }
        double expected = 0.05;
        assertThat((double) kept / n).isBetween(expected - 0.0055, expected + 0.0055);
    }

    @Test
    void budgetIsSplitAndRecordedBeforeNoise() {
        BudgetAccountant acc = new BudgetAccountant(new PrivacyBudget(2, 1e-5));
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1.5).delta(1e-5)
                .metrics(EnumSet.of(Metric.COUNT, Metric.SUM)).lower(0).upper(1).accountant(acc)
                .insecureSeededForTests(5).build();
        agg.add("a", "x", 1);
        PartitionedAggregation.Result r = agg.computeResult();
        assertThat(r.spends()).extracting(s -> s.budget())
                .containsExactly(new PrivacyBudget(0.5, 1e-5), PrivacyBudget.pure(0.5), PrivacyBudget.pure(0.5));
        assertThat(acc.history()).isEqualTo(r.spends());
        assertThat(acc.remainingEpsilon()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.statement()).contains("epsilon=1.5").contains("partition selection").contains("at most 1 partition");

        // Gaussian: delta split evenly too.
        PartitionedAggregation g = PartitionedAggregation.builder().epsilon(1).delta(3e-6).noise(NoiseKind.GAUSSIAN)
                .metrics(EnumSet.of(Metric.COUNT, Metric.MEAN)).lower(0).upper(1).insecureSeededForTests(6).build();
        List<BudgetAccountant.Spend> spends = g.computeResult().spends();
        assertThat(spends).hasSize(3).allSatisfy(s -> {
            assertThat(s.budget().epsilon()).isEqualTo(1.0 / 3);
            assertThat(s.budget().delta()).isEqualTo(1e-6);
        });

        // An accountant that cannot afford it: refused, nothing recorded, no noise drawn, still unreleased.
        BudgetAccountant poor = new BudgetAccountant(new PrivacyBudget(1, 1e-5));
        poor.spend("earlier", PrivacyBudget.pure(0.9));
        PartitionedAggregation over = PartitionedAggregation.builder().epsilon(1).delta(1e-6).accountant(poor)
                .secureRandom(new AggregatesTest.UntouchableRandom()).build();
        over.add("a", "x", 0);
        assertThatThrownBy(over::computeResult).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot spend");
        assertThat(poor.history()).hasSize(1);
    }

    @Test
    void oneShotAndValidation() {
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(1).delta(1e-6).insecureSeededForTests(7).build();
        agg.computeResult();
        assertThatThrownBy(agg::computeResult).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already released");
        assertThatThrownBy(() -> agg.add("a", "b", 1)).isInstanceOf(IllegalStateException.class);

        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).build())
                .hasMessage("delta must be in (0, 1). Provided value: 0.0");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(0).delta(1e-6).build())
                .hasMessage("epsilon must be > 0 and finite. Provided value: 0.0");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).delta(1e-6).metrics(EnumSet.of(Metric.SUM))
                .lower(3).upper(-3).build()).hasMessage("lower bound must be <= upper bound. Provided values: lower=3.0, upper=-3.0");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).delta(1e-6).metrics(EnumSet.noneOf(Metric.class))
                .build()).hasMessageContaining("at least one metric");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).delta(1e-6).maxPartitionsContributed(0).build())
                .hasMessage("maxPartitionsContributed must be >= 1. Provided value: 0");
        PartitionedAggregation ok = PartitionedAggregation.builder().epsilon(1).delta(1e-6)
                .secureRandom(new AggregatesTest.UntouchableRandom()).build();
        assertThatThrownBy(() -> ok.add("u", "p", Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> ok.add(null, "p", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

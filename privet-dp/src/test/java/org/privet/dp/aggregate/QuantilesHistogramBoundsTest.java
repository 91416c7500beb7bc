package org.privet.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.privet.dp.aggregate.AggregatesTest.UntouchableRandom;
import org.privet.dp.aggregate.PartitionedAggregation.Metric;
import org.privet.dp.noise.ConfidenceInterval;
import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/** BoundedQuantiles, Histogram, ApproximateBounds and the QUANTILES / HISTOGRAM metrics: tiers (a), (b) and (c). */
class QuantilesHistogramBoundsTest {

    // ---- tier (a): plumbing, exact sensitivity and budget ----

    @Test
    void quantileTreeSensitivityIsHeightTimesL0ByLinf() {
        BoundedQuantiles q = BoundedQuantiles.builder().epsilon(0.8).lower(0).upper(10).maxPartitionsContributed(3)
                .maxContributionsPerPartition(2).insecureSeededForTests(1).build();
        assertThat(q.mechanism()).isInstanceOf(LaplaceMechanism.class);
        assertThat(q.mechanism().sensitivity()).isEqualTo(new Sensitivity(12, 2.0)); // h = 4
        assertThat(q.budget()).isEqualTo(PrivacyBudget.pure(0.8));
        BoundedQuantiles g = BoundedQuantiles.builder().epsilon(1).delta(1e-7).noise(NoiseKind.GAUSSIAN).lower(0).upper(1)
                .treeHeight(3).branchingFactor(8).insecureSeededForTests(1).build();
        assertThat(g.mechanism()).isInstanceOf(GaussianMechanism.class);
        assertThat(g.mechanism().sensitivity()).isEqualTo(new Sensitivity(3, 1.0));
        assertThat(g.budget()).isEqualTo(new PrivacyBudget(1, 1e-7));
    }

    @Test
    void histogramSensitivityAndBins() {
        Histogram h = Histogram.builder().epsilon(1).lower(0).upper(10).bins(5).maxPartitionsContributed(2)
                .maxContributionsPerPartition(3).insecureSeededForTests(1).build();
        assertThat(h.mechanism().sensitivity()).isEqualTo(new Sensitivity(2, 3.0));
        assertThat(h.edges()).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(h.binOf(-5)).isZero();
        assertThat(h.binOf(0)).isZero();
        assertThat(h.binOf(1.999)).isZero();
        assertThat(h.binOf(2)).isEqualTo(1);
        assertThat(h.binOf(7.5)).isEqualTo(3);
        assertThat(h.binOf(8)).isEqualTo(4);
        assertThat(h.binOf(10)).isEqualTo(4);
        assertThat(h.binOf(1e9)).isEqualTo(4);
        Histogram e = Histogram.builder().epsilon(1).edges(-1, 0, 0.5, 100).insecureSeededForTests(1).build();
        assertThat(e.bins()).isEqualTo(3);
        assertThat(e.binOf(0.25)).isEqualTo(1);
        assertThat(e.binOf(0.5)).isEqualTo(2);
    }

    @Test
    void approximateBoundsBinsArePowersOfTwo() {
        ApproximateBounds b = ApproximateBounds.builder().epsilon(1).insecureSeededForTests(1).build();
        int pos = ApproximateBounds.BINS_PER_SIGN;
        assertThat(b.binIndex(0)).isEqualTo(pos);
        assertThat(b.binIndex(1)).isEqualTo(pos);
        assertThat(b.binIndex(1.5)).isEqualTo(pos + 1);
        assertThat(b.binIndex(2)).isEqualTo(pos + 1);
        assertThat(b.binIndex(Math.nextUp(2.0))).isEqualTo(pos + 2);
        assertThat(b.binIndex(1000)).isEqualTo(pos + 10); // (512, 1024]
        assertThat(b.binIndex(-3)).isEqualTo(pos - 1 - 2); // negative bin (2, 4]
        assertThat(b.binIndex(-0.5)).isEqualTo(pos - 1);
        assertThat(b.binIndex(Double.MAX_VALUE)).isEqualTo(2 * pos - 1);
        assertThat(b.binIndex(-Double.MAX_VALUE)).isZero();
        assertThat(b.lowerEdge(pos + 10)).isEqualTo(512);
        assertThat(b.upperEdge(pos + 10)).isEqualTo(1024);
        assertThat(b.lowerEdge(pos - 3)).isEqualTo(-4);
        assertThat(b.upperEdge(pos - 3)).isEqualTo(-2);
        assertThat(b.lowerEdge(pos)).isZero();
        assertThat(b.upperEdge(pos - 1)).isZero();
        // threshold b ln(2B / (1 - p)) with p = 1 - 1e-9
        double expected = b.mechanism().scale() * Math.log(128 / (1 - ApproximateBounds.DEFAULT_SUCCESS_PROBABILITY));
        assertThat(b.threshold()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * expected));
        ApproximateBounds s = ApproximateBounds.builder().epsilon(1).scale(0.01).insecureSeededForTests(1).build();
        assertThat(s.binIndex(0.015)).isEqualTo(pos + 1);
        assertThat(s.binIndex(0.01)).isEqualTo(pos);
    }

    @Test
    void validationFailsBeforeAnyNoise() {
        UntouchableRandom none = new UntouchableRandom();
        assertThatThrownBy(() -> BoundedQuantiles.builder().epsilon(-1).lower(0).upper(1).secureRandom(none).build())
                .hasMessage("epsilon must be > 0 and finite. Provided value: -1.0");
        assertThatThrownBy(() -> BoundedQuantiles.builder().epsilon(Double.NaN).lower(0).upper(1).secureRandom(none).build())
                .hasMessageContaining("epsilon must be > 0 and finite. Provided value: NaN");
        assertThatThrownBy(() -> BoundedQuantiles.builder().epsilon(1).lower(5).upper(1).secureRandom(none).build())
                .hasMessageContaining("lower bound must be <= upper bound. Provided values: lower=5.0, upper=1.0");
        assertThatThrownBy(() -> BoundedQuantiles.builder().epsilon(1).lower(1).upper(1).secureRandom(none).build())
                .hasMessageContaining("lower must be < upper");
        assertThatThrownBy(() -> BoundedQuantiles.builder().epsilon(1).delta(1).noise(NoiseKind.GAUSSIAN).lower(0).upper(1)
                .secureRandom(none).build()).hasMessageContaining("delta must be in (0, 1). Provided value: 1.0");
        assertThatThrownBy(() -> BoundedQuantiles.builder().epsilon(1).lower(0).upper(1).treeHeight(7).secureRandom(none)
                .build()).hasMessageContaining("<= 2^24 leaves");
        BoundedQuantiles q = BoundedQuantiles.builder().epsilon(1).lower(0).upper(1).secureRandom(none).build();
        q.addEntry(0.5);
        assertThatThrownBy(() -> q.addEntry(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> q.computeResult(1.5)).hasMessage("quantile rank must be in [0, 1]. Provided value: 1.5");
        assertThatThrownBy(() -> q.computeResults(0.5, Double.NaN)).hasMessageContaining("Provided value: NaN");
        assertThatThrownBy(() -> Histogram.builder().epsilon(1).lower(0).upper(1).bins(0).secureRandom(none).build())
                .hasMessageContaining("bins must be in [1, 10^7]. Provided value: 0");
        assertThatThrownBy(() -> Histogram.builder().epsilon(1).edges(0, 2, 1).secureRandom(none).build())
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> Histogram.builder().epsilon(1).lower(Double.NaN).upper(1).bins(3).secureRandom(none).build())
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> ApproximateBounds.builder().epsilon(0).secureRandom(none).build())
                .hasMessageContaining("epsilon must be > 0 and finite. Provided value: 0.0");
        assertThatThrownBy(() -> ApproximateBounds.builder().epsilon(1).noise(NoiseKind.GAUSSIAN).delta(1e-6)
                .secureRandom(none).build()).hasMessageContaining("Laplace noise only");
        assertThatThrownBy(() -> ApproximateBounds.builder().epsilon(1).scale(-1).secureRandom(none).build())
                .hasMessageContaining("scale must be > 0");
        ApproximateBounds ab = ApproximateBounds.builder().epsilon(1).secureRandom(none).build();
        assertThatThrownBy(() -> ab.addEntry(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).delta(1e-6).metrics(EnumSet.of(Metric.QUANTILES))
                .lower(0).upper(1).quantileRanks(0.5, -0.1).secureRandom(none).build())
                .hasMessageContaining("quantile rank must be in [0, 1]. Provided value: -0.1");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).delta(1e-6).metrics(EnumSet.of(Metric.HISTOGRAM))
                .lower(3).upper(3).secureRandom(none).build()).hasMessageContaining("lower must be < upper");
    }

    @Test
    void releasesOnce() {
        BoundedQuantiles q = BoundedQuantiles.builder().epsilon(1).lower(0).upper(1).insecureSeededForTests(2).build();
        q.addEntry(0.3);
        double m = q.computeResult(0.5);
        assertThat(q.computeResult(0.5)).isEqualTo(m); // post-processing of the same noisy tree
        assertThatThrownBy(() -> q.addEntry(0.1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already released");
        Histogram h = Histogram.builder().epsilon(1).lower(0).upper(1).bins(2).insecureSeededForTests(2).build();
        h.computeResult();
        assertThatThrownBy(h::computeResult).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> h.addEntry(0.5)).isInstanceOf(IllegalStateException.class);
        ApproximateBounds b = ApproximateBounds.builder().epsilon(1).insecureSeededForTests(2).build();
        assertThatThrownBy(b::computeResult).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no bin's noisy count exceeded the threshold");
        assertThatThrownBy(b::computeResult).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already released");
    }

    @Test
    void quantilesAreMonotoneAndInRange() {
        BoundedQuantiles q = BoundedQuantiles.builder().epsilon(0.1).lower(-3).upper(7).insecureSeededForTests(3).build();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            q.addEntry(r.nextGaussian() * 4);
        }
        double prev = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= 100; k++) {
            double v = q.computeResult(k / 100.0);
            assertThat(v).isBetween(-3.0, 7.0).isGreaterThanOrEqualTo(prev);
            prev = v;
        }
    }

    // ---- tier (b): accuracy and noise moments, each with its false-failure rate ----

    @Test
    void quantilesOfUniformDataAreAccurate() {
        // 20,000 values uniform on [0, 100], epsilon 1, h = 4, b = 16: per-node Laplace scale 4. The rank error from the
        // first two levels has sd ~0.3 (of 100) and the lower levels add at most one level-2 node (0.39): |error| < 2 is
        // over 5 sd (false failure < 1e-6; the seed makes it deterministic anyway).
        BoundedQuantiles q = BoundedQuantiles.builder().epsilon(1).lower(0).upper(100).insecureSeededForTests(4).build();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 20_000; i++) {
            q.addEntry(r.nextDouble() * 100);
        }
        double[] ranks = {0.1, 0.25, 0.5, 0.75, 0.9};
        double[] v = q.computeResults(ranks);
        for (int i = 0; i < ranks.length; i++) {
            assertThat(v[i]).as("rank " + ranks[i]).isCloseTo(100 * ranks[i], org.assertj.core.data.Offset.offset(2.0));
        }
        // A quantile that ignores clamping of the data range would be wrong here; so would one from a tree with the
        // leaves reversed: this test rejects a median computed on data shifted by 5.
        BoundedQuantiles shifted = BoundedQuantiles.builder().epsilon(1).lower(0).upper(100).insecureSeededForTests(4).build();
        SplittableRandom r2 = new SplittableRandom(4);
        for (int i = 0; i < 20_000; i++) {
            shifted.addEntry(r2.nextDouble() * 100 + 5);
        }
        assertThat(Math.abs(shifted.computeResult(0.5) - 50)).isGreaterThan(2.0);
    }

    /** The sample variance of the released counts of empty bins, relative to the mechanism's stated variance. */
    private static double varianceRatio(Histogram h, int bins) {
        double[] c = h.computeResult();
        assertThat(c).hasSize(bins);
        double s = 0;
        double s2 = 0;
        for (double x : c) {
            s += x;
            s2 += x * x;
        }
        double mean = s / bins;
        return (s2 / bins - mean * mean) / h.mechanism().variance();
    }

    @Test
    void histogramNoiseHasTheCalibratedVariance() {
        // 40,000 empty bins, Laplace (kurtosis 6): the sample variance has relative sd sqrt(5/40000) = 1.1%; a tolerance
        // of 6% is over 5 sd (false failure < 1e-6).
        int bins = 40_000;
        Histogram h = Histogram.builder().epsilon(0.5).lower(0).upper(1).bins(bins).maxPartitionsContributed(2)
                .insecureSeededForTests(5).build();
        double expectedStd = 2 / 0.5; // l1 = 2
        assertThat(h.mechanism().variance()).isCloseTo(2 * expectedStd * expectedStd,
                org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(varianceRatio(h, bins)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.06));
        // The same check rejects a histogram whose noise is calibrated to an understated sensitivity (L0 = 1 when a
        // unit touches 2 histograms): its variance is a quarter of what the correct calibration needs.
        Histogram wrong = Histogram.builder().epsilon(0.5).lower(0).upper(1).bins(bins).insecureSeededForTests(5).build();
        double ratio = varianceRatio(wrong, bins) * wrong.mechanism().variance() / h.mechanism().variance();
        assertThat(Math.abs(ratio - 1.0)).isGreaterThan(0.06);
    }

    @Test
    void histogramCountsAndIntervals() {
        Histogram h = Histogram.builder().epsilon(1).lower(0).upper(10).bins(5).insecureSeededForTests(6).build();
        for (int i = 0; i < 1000; i++) {
            h.addEntry(i % 10 + 0.5); // 200 per bin
        }
        double[] c = h.computeResult();
        ConfidenceInterval[] ci = h.confidenceIntervals(0.99);
        for (int i = 0; i < 5; i++) {
            // Laplace scale ~1: |noise| < 15 fails with probability e^-15 per bin
            assertThat(c[i]).isCloseTo(200, org.assertj.core.data.Offset.offset(15.0));
            assertThat(ci[i].contains(c[i])).isTrue();
            assertThat(ci[i].upper() - ci[i].lower()).isLessThan(20);
        }
    }

    @Test
    void approximateBoundsFindTheRangeHoldingTheMass() {
        ApproximateBounds b = ApproximateBounds.builder().epsilon(1).insecureSeededForTests(7).build();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            b.addEntry(5 + r.nextDouble() * 895); // [5, 900]: ~45 values in (4, 8], none in (2, 4]
        }
        // Threshold ~25.6 at scale ~1: bin (4, 8] (~45 values) passes except with probability ~e^-19; an empty bin
        // passes with probability < 1e-9 / 128 each.
        ApproximateBounds.Bounds bounds = b.computeResult();
        assertThat(bounds.lower()).isEqualTo(4.0);
        assertThat(bounds.upper()).isEqualTo(1024.0);
        ApproximateBounds neg = ApproximateBounds.builder().epsilon(1).insecureSeededForTests(8).build();
        for (int i = 0; i < 1000; i++) {
            neg.addEntry(-100 - i % 20);
            neg.addEntry(0.5);
        }
        ApproximateBounds.Bounds nb = neg.computeResult();
        assertThat(nb.lower()).isEqualTo(-128.0);
        assertThat(nb.upper()).isEqualTo(1.0);
    }

    // ---- tier (c): neighbouring datasets ----

    private static final double[] MEDIAN_THRESHOLDS = {0.5, 0.502, 0.505, 0.51};
    private static final int TRIALS = 20_000;

    /** Median of a 2-leaf tree over [0, 1] with 20 values in each leaf, plus optionally one more in the upper leaf. */
    private static double median(IntFunction<BoundedQuantiles> tree, boolean withX, int trial) {
        BoundedQuantiles q = tree.apply(trial);
        for (int i = 0; i < 20; i++) {
            q.addEntry(0.25);
            q.addEntry(0.75);
        }
        if (withX) {
            q.addEntry(0.75);
        }
        return q.computeResult(0.5);
    }

    /** max over thresholds and both directions of P(out > t | D) / P(out > t | D'), where each has >= 200 hits. */
    private static double maxRatio(IntFunction<BoundedQuantiles> tree) {
        int[] with = new int[MEDIAN_THRESHOLDS.length];
        int[] without = new int[MEDIAN_THRESHOLDS.length];
        for (int i = 0; i < TRIALS; i++) {
            double a = median(tree, true, 2 * i);
            double b = median(tree, false, 2 * i + 1);
            for (int k = 0; k < MEDIAN_THRESHOLDS.length; k++) {
                with[k] += a > MEDIAN_THRESHOLDS[k] ? 1 : 0;
                without[k] += b > MEDIAN_THRESHOLDS[k] ? 1 : 0;
            }
        }
        double max = 0;
        for (int k = 0; k < MEDIAN_THRESHOLDS.length; k++) {
            if (with[k] >= 200 && without[k] >= 200) {
                max = Math.max(max, Math.max((double) with[k] / without[k], (double) without[k] / with[k]));
            }
        }
        return max;
    }

    @Test
    void medianOnNeighbouringDatasetsRespectsEpsilon() {
        // epsilon 1, h = 1, b = 2: the per-node Laplace scale is ~1. Observed max ratio 1.71 (bound e = 2.72); each
        // estimate has >= 200 hits (relative sd <= 7%, the ratio <= 10%), so a false failure needs a ~6 sd excursion.
        double ok = maxRatio(seed -> BoundedQuantiles.builder().epsilon(1).lower(0).upper(1).treeHeight(1).branchingFactor(2)
                .insecureSeededForTests(1000 + seed).build());
        assertThat(ok).isLessThan(Math.E);
        // The same test rejects a tree whose node noise is calibrated for epsilon 10 while claiming epsilon 1.
        double broken = maxRatio(seed -> BoundedQuantiles.withMechanism(0, 1, 1, 2,
                (NoiseMechanism) LaplaceMechanism.builder().epsilon(10).sensitivity(Sensitivity.ofScalar(1))
                        .insecureSeededForTests(5000 + seed).build()));
        assertThat(broken).isGreaterThan(Math.E);
    }

    // ---- PartitionedAggregation with QUANTILES and HISTOGRAM ----

    @Test
    void partitionedQuantilesAndHistogram() {
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(3000).delta(1e-6)
                .metrics(EnumSet.of(Metric.COUNT, Metric.QUANTILES, Metric.HISTOGRAM)).lower(0).upper(100)
                .quantileRanks(0.25, 0.5).histogramBins(4).insecureSeededForTests(9).build();
        for (int i = 0; i < 400; i++) {
            agg.addRowAsOwnUnit("a", i % 100 + 0.5);  // uniform on [0, 100]: 100 per bin
            agg.addRowAsOwnUnit("b", 200);            // clamped to 100: all in the last bin
        }
        PartitionedAggregation.Result r = agg.computeResult();
        assertThat(r.quantileRanks()).containsExactly(0.25, 0.5);
        assertThat(r.histogramEdges()).containsExactly(0, 25, 50, 75, 100);
        assertThat(r.partitions()).hasSize(2);
        var a = r.partitions().get(0);
        assertThat(a.partition()).isEqualTo("a");
        // epsilon 1000 per metric: node noise scale 0.004, bin noise 0.001
        assertThat(a.quantiles()[0]).isCloseTo(25, org.assertj.core.data.Offset.offset(1.0));
        assertThat(a.quantiles()[1]).isCloseTo(50, org.assertj.core.data.Offset.offset(1.0));
        assertThat(a.histogram()).containsExactly(new double[] {100, 100, 100, 100}, org.assertj.core.data.Offset.offset(0.5));
        assertThat(a.histogramIntervals()).hasSize(4);
        var b = r.partitions().get(1);
        assertThat(b.quantiles()[1]).isCloseTo(100, org.assertj.core.data.Offset.offset(0.01));
        assertThat(b.histogram()).containsExactly(new double[] {0, 0, 0, 400}, org.assertj.core.data.Offset.offset(0.5));
        assertThat(r.spends()).hasSize(4);
        assertThat(r.spends().get(2).label()).startsWith("quantiles");
    }

    @Test
    void publicPartitionsAreAllReleasedWithoutSelection() {
        PartitionedAggregation agg = PartitionedAggregation.builder().epsilon(2000).delta(0)
                .metrics(EnumSet.of(Metric.COUNT, Metric.SUM)).lower(0).upper(10)
                .publicPartitions(java.util.List.of("b", "a", "c")).insecureSeededForTests(11).build();
        agg.add("u1", "a", 3);             // a single unit: released anyway (public partitions need no threshold)
        agg.add("u2", "b", 4);
        agg.add("u2", "z", 5);             // not public: dropped
        agg.addRowAsOwnUnit("z", 100);     // not public: dropped
        agg.addRowAsOwnUnit("b", 6);
        PartitionedAggregation.Result r = agg.computeResult();
        assertThat(r.partitions()).extracting(PartitionedAggregation.PartitionResult::partition)
                .containsExactly("a", "b", "c");
        // epsilon 1000 per metric: noise ~1e-3 on counts and ~1e-2 on sums
        assertThat(r.partitions().get(0).count()).isEqualTo(1.0);
        assertThat(r.partitions().get(1).count()).isEqualTo(2.0);
        assertThat(r.partitions().get(1).sum()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(r.partitions().get(2).count()).isEqualTo(0.0);
        assertThat(r.selectionThreshold()).isNaN();
        assertThat(r.spends()).hasSize(2); // count and sum: no selection share
        assertThat(r.spends().get(0).budget().epsilon()).isEqualTo(1000.0);
        assertThat(r.statement()).contains("3 partitions are public");
        UntouchableRandom none = new UntouchableRandom();
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).publicPartitions(java.util.List.of())
                .secureRandom(none).build()).hasMessage("public partitions must not be empty. Provided value: []");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).noise(NoiseKind.GAUSSIAN)
                .publicPartitions(java.util.List.of("a")).secureRandom(none).build())
                .hasMessage("delta must be in (0, 1). Provided value: 0.0");
        assertThatThrownBy(() -> PartitionedAggregation.builder().epsilon(1).secureRandom(none).build())
                .hasMessage("delta must be in (0, 1). Provided value: 0.0"); // private selection still needs delta
    }
}

package org.privet.dp.aggregate;

import java.io.Serializable;

/**
 * Contribution-bounded totals of one partition key, the input of {@link PartitionedAggregation#releaseFromTotals}:
 * the number of distinct privacy units, the number of rows, the sum of clamped values, and the sum and sum of
 * squares of clamped values centred on the midpoint {@code lower + (upper - lower) / 2} of the clamping bounds.
 *
 * <p>Built where the rows are (for instance one per unit and key on a cluster's executors, then {@link #merge}d
 * by key): {@link #addUnit()} once per distinct unit, {@link #addRow} once per kept row. The caller is responsible
 * for the contribution bounding the release relies on: each unit counted in at most {@code
 * maxPartitionsContributed} partitions, at most {@code maxContributionsPerPartition} rows per unit and partition,
 * and every row added with the aggregation's own {@code [lower, upper]} (both 0 when only COUNT is released).
 *
 * <p>Serializable (the five totals only); mutable and not thread-safe.
 */
public final class PartitionTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    long units;
    long rows;
    double sum;
    double centredSum;
    double centredSumOfSquares;
    /** Clamped values (local QUANTILES only; never set through the public API). */
    transient PartitionedAggregation.Values values;
    /** Bin counts (local HISTOGRAM only; never set through the public API). */
    transient long[] bins;

    /** Empty totals: no unit, no row. */
    public PartitionTotals() {
    }

    /** Counts one more distinct privacy unit in this partition. */
    public void addUnit() {
        units++;
    }

    /**
     * Adds one row: clamps {@code value} to {@code [lower, upper]} and adds it to the sum, and its distance from the
     * midpoint to the centred sums.
     *
     * @param value the row's value; not NaN
     * @param lower the aggregation's lower bound ({@code lower <= upper}; both 0 for COUNT only)
     * @param upper the aggregation's upper bound
     */
    public void addRow(double value, double lower, double upper) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("value must not be NaN");
        }
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("lower must be <= upper. Provided values: lower=" + lower + ", upper="
                    + upper);
        }
        addRow(value, lower, upper, lower + (upper - lower) / 2);
    }

    /** {@link #addRow(double, double, double)} with the midpoint already computed; returns the clamped value. */
    double addRow(double value, double lower, double upper, double mid) {
        double c = Math.min(upper, Math.max(lower, value));
        double d = c - mid;
        rows++;
        sum += c;
        centredSum += d;
        centredSumOfSquares += d * d;
        return c;
    }

    /** The totals of both (a new object; neither is changed). */
    public PartitionTotals merge(PartitionTotals other) {
        if (values != null || bins != null || other.values != null || other.bins != null) {
            throw new AssertionError("internal invariant: totals holding values or bins are never merged");
        }
        PartitionTotals t = new PartitionTotals();
        t.units = units + other.units;
        t.rows = rows + other.rows;
        t.sum = sum + other.sum;
        t.centredSum = centredSum + other.centredSum;
        t.centredSumOfSquares = centredSumOfSquares + other.centredSumOfSquares;
        return t;
    }

    /** Distinct privacy units counted. */
    public long units() {
        return units;
    }

    /** Rows added. */
    public long rows() {
        return rows;
    }

    /** Sum of the clamped values. */
    public double sum() {
        return sum;
    }

    /** Sum of (clamped value - midpoint). */
    public double centredSum() {
        return centredSum;
    }

    /** Sum of (clamped value - midpoint) squared. */
    public double centredSumOfSquares() {
        return centredSumOfSquares;
    }
}

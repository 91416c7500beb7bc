package org.privet.core.metrics;

/**
 * A point estimate with a confidence interval {@code [lo, hi]}, e.g. from {@link Bootstrap}.
 *
 * <p>The point need not lie inside the interval (a percentile bootstrap interval can exclude the
 * estimate on skewed statistics); {@code lo <= hi} always holds. Values may be infinite but not NaN.
 *
 * @param lo lower bound
 * @param point the estimate on the original data
 * @param hi upper bound
 */
public record Interval(double lo, double point, double hi) {
    /** Checks {@code lo <= hi} and that no value is NaN. */
    public Interval {
        if (Double.isNaN(lo) || Double.isNaN(point) || Double.isNaN(hi)) {
            throw new IllegalArgumentException("Interval values must not be NaN. Provided: lo=" + lo
                    + ", point=" + point + ", hi=" + hi);
        }
        if (lo > hi) {
            throw new IllegalArgumentException("Interval needs lo <= hi. Provided: lo=" + lo + ", hi=" + hi);
        }
    }

    /** Whether {@code lo <= x <= hi}. */
    public boolean contains(double x) {
        return lo <= x && x <= hi;
    }

    /** {@code hi - lo}. */
    public double width() {
        return hi - lo;
    }
}

package org.privet.dp.aggregate;

/**
 * Builder of an aggregate over values clamped to {@code [lower, upper]} (sum, mean, variance):
 * the bounds setters shared by all of them. {@code build()} validates the bounds.
 *
 * @param <B> the concrete builder
 */
public abstract class BoundedAggregationBuilder<B extends BoundedAggregationBuilder<B>> extends AggregationBuilder<B> {
    double lower = Double.NaN;
    double upper = Double.NaN;

    BoundedAggregationBuilder() {
    }

    /** The clamping lower bound (required, finite, at most {@code upper}). */
    public B lower(double lower) {
        this.lower = lower;
        return self();
    }

    /** The clamping upper bound (required, finite, at least {@code lower}). */
    public B upper(double upper) {
        this.upper = upper;
        return self();
    }
}

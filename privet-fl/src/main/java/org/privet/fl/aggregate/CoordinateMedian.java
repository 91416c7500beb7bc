package org.privet.fl.aggregate;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett, ICML 2018): each coordinate is the median of
 * the clients' values (the mean of the two middle values for an even count). Ignores weights.
 * Tolerates fewer than half Byzantine clients per coordinate. Stateless, thread-safe.
 */
public final class CoordinateMedian implements Aggregator {
    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        Vectors.check(updates, null);
        return Vectors.median(updates, Vectors.range(updates.length));
    }

    @Override
    public String name() {
        return "median";
    }
}

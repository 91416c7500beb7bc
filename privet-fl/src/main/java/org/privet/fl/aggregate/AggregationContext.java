package org.privet.fl.aggregate;

/**
 * What the server knows besides the updates.
 *
 * @param round  the round index, &gt;= 0
 * @param global the global model parameters before this round's update (read-only by contract)
 */
public record AggregationContext(int round, float[] global) {
    public AggregationContext {
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0. Provided value: " + round);
        }
        if (global == null) {
            throw new IllegalArgumentException("global model must not be null");
        }
    }
}

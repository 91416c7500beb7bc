package org.privet.fl.aggregate;

/**
 * Combines one round's client updates into the update the server applies.
 *
 * <p>Contract: {@code updates} holds {@code n >= 1} rows of one length {@code d} with finite values (the
 * runtime rejects other updates before aggregation) and is not modified; {@code weights} holds {@code n}
 * positive weights (the clients' example counts; rules that ignore weights say so); the result is a fresh
 * {@code float[d]}. Throws {@link IllegalArgumentException} when the rule cannot run on {@code n} updates
 * (e.g. Krum needs {@code n > 2f + 2}). Stateless rules are thread-safe; stateful ones (centred
 * clipping's momentum) say so.
 */
public interface Aggregator {
    /** The aggregated update. */
    float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx);

    /** A short name with parameters, for reports. */
    String name();

    /** Whether the result is a linear function of the weighted sum (so secure aggregation can compute it). */
    default boolean isLinear() {
        return false;
    }
}

package org.privet.spark.dp;

import java.io.Serializable;

/**
 * One input row of a DP aggregate.
 *
 * @param unit      the privacy unit (who the row belongs to), or null when the row is a unit of its own
 * @param partition the group key, not null
 * @param value     the value (ignored for COUNT only), not NaN
 */
public record DpRow(String unit, String partition, double value) implements Serializable {
    private static final long serialVersionUID = 1L;
}

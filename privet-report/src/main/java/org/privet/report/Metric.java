package org.privet.report;

import org.privet.core.metrics.Interval;

/**
 * A named number with how it was measured, and optionally a confidence interval.
 *
 * @param name what it is, e.g. "TPR at 0.1% FPR"; not blank
 * @param value the estimate; may be infinite (e.g. PSNR of identical images) or NaN (undefined)
 * @param unit display unit, e.g. "dB", "s"; empty for none
 * @param ci confidence interval, or {@code null}
 * @param ciLevel the interval's confidence level in (0, 1), or NaN without an interval
 * @param method how it was measured (estimator, data, resamples), for the reader; not null
 */
public record Metric(String name, double value, String unit, Interval ci, double ciLevel, String method)
        implements Block {
    /** Validates: name not blank, unit and method not null, a level in (0, 1) iff there is an interval. */
    public Metric {
        Checks.notBlank("metric name", name);
        Checks.notNull("metric unit", unit);
        Checks.notNull("metric method", method);
        if (ci != null && !(ciLevel > 0 && ciLevel < 1)) {
            throw new IllegalArgumentException("metric '" + name + "': ciLevel must be in (0, 1). Provided value: "
                    + ciLevel);
        }
        if (ci == null && !Double.isNaN(ciLevel)) {
            throw new IllegalArgumentException("metric '" + name + "': ciLevel must be NaN without an interval."
                    + " Provided value: " + ciLevel);
        }
    }

    /** A metric without interval or unit. */
    public static Metric of(String name, double value, String method) {
        return new Metric(name, value, "", null, Double.NaN, method);
    }

    /** A metric whose value is the interval's point estimate. */
    public static Metric of(String name, Interval ci, double level, String method) {
        Checks.notNull("metric interval", ci);
        return new Metric(name, ci.point(), "", ci, level, method);
    }

    /** This metric with a display unit. */
    public Metric withUnit(String newUnit) {
        return new Metric(name, value, newUnit, ci, ciLevel, method);
    }
}

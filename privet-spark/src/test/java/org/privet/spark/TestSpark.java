package org.privet.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one Spark context of the test JVM: {@code local[2,3]}, two worker threads and up to three attempts per
 * task (so that {@link FaultInjection#failFirstAttempt()} jobs succeed on the retry). Shared by every test class
 * (Spark allows one context per JVM; starting it costs seconds).
 */
public final class TestSpark {
    /** The master every test uses. */
    public static final String MASTER = "local[2,3]";

    private TestSpark() {
    }

    /** The shared context, started on first use. */
    public static JavaSparkContext context() {
        return SparkSessions.context(MASTER);
    }
}

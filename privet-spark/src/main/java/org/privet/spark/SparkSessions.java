package org.privet.spark;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session Privet runs on: one per JVM, created on first use and reused (Spark allows one active
 * context per JVM).
 *
 * <p>Local masters ({@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]} where {@code F} is
 * the number of attempts a task gets) bind the driver to 127.0.0.1 and turn the web UI off; {@code submit}
 * takes the master and settings that {@code spark-submit} configured; any other master URL is passed to Spark
 * as is. Shuffles use {@code spark.sql.shuffle.partitions} (default here: 2 x the default parallelism for local
 * masters). Thread safe.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * The session for {@code master}, creating it if none is active.
     *
     * @throws IllegalArgumentException when {@code master} is blank
     * @throws IllegalStateException    when a session for another master is already active in this JVM
     */
    public static synchronized SparkSession session(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("Spark master must be a master URL (local[*], spark://HOST:PORT) or "
                    + "'submit'. Provided value: " + master);
        }
        SparkSession active = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get()
                : SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
        if (active != null) {
            String running = active.sparkContext().master();
            if (!master.equals("submit") && !master.equals(running)) {
                throw new IllegalStateException("a Spark session for master " + running + " is already running in "
                        + "this JVM; cannot start one for " + master);
            }
            return active;
        }
        SparkSession.Builder b = SparkSession.builder().appName("privet");
        if (!master.equals("submit")) {
            b.master(master);
        }
        if (master.toLowerCase(Locale.ROOT).startsWith("local")) {
            int cores = localCores(master);
            b.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(2, 2 * cores)))
                    .config("spark.default.parallelism", Integer.toString(Math.max(2, 2 * cores)));
        }
        return b.getOrCreate();
    }

    /** The Java context of {@link #session(String)}. */
    public static JavaSparkContext context(String master) {
        return JavaSparkContext.fromSparkContext(session(master).sparkContext());
    }

    /** Cores of a local master: {@code local} 1, {@code local[N]} or {@code local[N,F]} N, {@code local[*]} all. */
    public static int localCores(String master) {
        int open = master.indexOf('[');
        if (open < 0) {
            return 1;
        }
        String inside = master.substring(open + 1, master.indexOf(']') < 0 ? master.length() : master.indexOf(']'));
        String n = inside.split(",")[0].trim();
        if (n.equals("*")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Math.max(1, Integer.parseInt(n));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

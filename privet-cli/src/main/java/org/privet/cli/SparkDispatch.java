package org.privet.cli;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.privet.cli.spark.SparkBackend;

/** Finds the optional Spark backend for {@code --spark MASTER}; a usage error (exit 2) saying how to get it when absent. */
final class SparkDispatch {
    static final String HOW = "--spark needs the privet-spark module on the class path: build it with "
            + "'mvn -B -Pspark -pl privet-spark -am package -DskipTests' and run './privet ... --spark MASTER' "
            + "(the launcher then adds Spark's jars), or submit to a cluster with 'spark-submit --class "
            + "org.privet.spark.SparkMain privet-spark/target/privet-spark-app.jar ... --spark submit' (docs/spark.md)";

    private SparkDispatch() {
    }

    /** The backend, after checking the master URL's form. */
    static SparkBackend backend(String master) {
        if (master == null || master.isBlank() || !(master.equals("submit") || master.startsWith("local")
                || master.contains("://") || master.equals("yarn"))) {
            throw new UsageException("--spark must be a Spark master URL (local[*], local[N], spark://HOST:PORT, yarn) "
                    + "or 'submit' under spark-submit. Provided value: " + master);
        }
        try {
            Iterator<SparkBackend> it = ServiceLoader.load(SparkBackend.class).iterator();
            if (it.hasNext()) {
                return it.next();
            }
        } catch (ServiceConfigurationError e) {
            throw new UsageException(HOW + " (the backend failed to load: " + e.getMessage() + ")");
        }
        throw new UsageException(HOW);
    }
}

package org.privet.spark;

import java.util.Arrays;

/**
 * The {@code spark-submit} entry point: the {@code privet} command line, run on the cluster's driver.
 *
 * <pre>{@code
 * spark-submit --class org.privet.spark.SparkMain --master spark://HOST:7077 \
 *     privet-spark/target/privet-spark-app.jar pprl link a.clk b.clk --blocking lsh --out links.csv
 * }</pre>
 *
 * Arguments are those of {@code privet}; {@code --spark submit} (use the master that spark-submit configured) is
 * added when no {@code --spark} is given. Commands with a Spark path: {@code audit}, {@code pprl link}, {@code
 * dp aggregate}. Input and output paths are the driver's; CSV inputs of {@code dp aggregate} must be readable by
 * every executor (a shared file system). Exits with the command's exit code.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        String[] a = args;
        if (Arrays.stream(args).noneMatch(s -> s.equals("--spark") || s.startsWith("--spark="))) {
            a = Arrays.copyOf(args, args.length + 2);
            a[args.length] = "--spark";
            a[args.length + 1] = "submit";
        }
        org.privet.cli.Main.main(a);
    }
}

package org.privet.cli.spark;

import java.util.Map;
import org.privet.attacks.infer.membership.AuditRequest;
import org.privet.attacks.infer.membership.AuditResult;
import org.privet.core.progress.Progress;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.aggregate.PartitionedAggregation;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.Linker;

/**
 * Runs the heavy part of a CLI job on Apache Spark. Implemented by the privet-spark module and found with
 * {@link java.util.ServiceLoader} (file {@code META-INF/services/org.privet.cli.spark.SparkBackend}); the CLI
 * hands a job here when {@code --spark MASTER} is given and otherwise never loads it.
 *
 * <p>Every method gives the result its local counterpart gives on the same input (same seeds, same
 * scores; same candidate pairs and matches; same privacy accounting), only computed on a cluster. {@code
 * master} is a Spark master URL ({@code local[*]}, {@code local[2]}, {@code spark://host:7077}) or {@code
 * submit} to use the master that {@code spark-submit} configured. Implementations start (or reuse) one Spark
 * session per JVM; callers need not stop it. Thread safety: one job at a time.
 */
public interface SparkBackend {
    /**
     * A membership audit whose reference models train as Spark tasks, one task per model; the attacks run on
     * the driver over the collected outputs ({@code MembershipAudit.run} with a Spark
     * {@code ReferenceTraining}).
     *
     * @param recipe the training recipe as text (the request's recipe must be the one it describes), keys:
     *               {@code model} (mlp, cnn, logreg), {@code hidden} (comma-separated widths, mlp), {@code
     *               optimizer}, {@code lr}, {@code epochs}, {@code batch-size}, {@code momentum}, {@code
     *               weight-decay}, {@code seed}
     * @throws IllegalArgumentException when the recipe text is invalid or does not describe the request's recipe
     */
    AuditResult audit(String master, AuditRequest request, Map<String, String> recipe, Progress progress);

    /**
     * Two-database linkage: blocking keys as a join, Dice per block, greedy one-to-one solving on the driver
     * (as {@link Linker#run}).
     *
     * @throws IllegalArgumentException when the options' blocking scheme cannot run on Spark
     */
    Linker.LinkResult link(String master, ClkSet a, ClkSet b, LinkOptions options);

    /**
     * {@code privet dp aggregate} on Spark: rows read and bounded per privacy unit across the whole data set,
     * private partition selection and noise on the driver; the spends are recorded in {@code accountant} exactly
     * as {@link PartitionedAggregation#computeResult()} records them.
     *
     * @throws IllegalArgumentException when a parameter is invalid or a metric is not supported on Spark
     * @throws IllegalStateException    when the input has bad rows (the message counts them and names the first)
     */
    PartitionedAggregation.Result dpAggregate(String master, DpAggregateJob job, BudgetAccountant accountant);
}

package org.privet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Map;
import org.privet.attacks.infer.membership.AuditRequest;
import org.privet.attacks.infer.membership.AuditResult;
import org.privet.cli.spark.DpAggregateJob;
import org.privet.cli.spark.SparkBackend;
import org.privet.core.progress.Progress;
import org.privet.dp.accounting.BudgetAccountant;
import org.privet.dp.aggregate.PartitionedAggregation;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.Linker;
import org.privet.spark.dp.SparkDpAggregation;
import org.privet.spark.linkage.SparkLinker;
import org.privet.spark.membership.RecipeSpec;
import org.privet.spark.membership.SparkReferenceTraining;

/**
 * The CLI's {@link SparkBackend}, registered in {@code META-INF/services}: {@code privet audit}, {@code privet
 * pprl link} and {@code privet dp aggregate} with {@code --spark MASTER} land here. Each call uses (and if need be
 * starts) the JVM's Spark session for {@code master} ({@link SparkSessions}). DP noise comes from a fresh {@link
 * SecureRandom} on the driver. Thread safety: one job at a time.
 */
public final class PrivetSparkBackend implements SparkBackend {
    @Override
    public AuditResult audit(String master, AuditRequest request, Map<String, String> recipe, Progress progress) {
        RecipeSpec spec = RecipeSpec.parse(recipe);
        return new SparkReferenceTraining(SparkSessions.context(master), spec).audit(request, progress);
    }

    @Override
    public Linker.LinkResult link(String master, ClkSet a, ClkSet b, LinkOptions options) {
        return SparkLinker.run(SparkSessions.context(master), a, b, options);
    }

    @Override
    public PartitionedAggregation.Result dpAggregate(String master, DpAggregateJob job, BudgetAccountant accountant) {
        SparkDpAggregation.Params p = new SparkDpAggregation.Params(job.epsilon(), job.delta(), job.noise(),
                job.maxPartitionsContributed(), job.maxContributionsPerPartition(), job.metrics(), job.lower(),
                job.upper(), job.confidenceLevel(), job.privacyUnitWords(), job.publicPartitions());
        try {
            return SparkDpAggregation.aggregateCsv(SparkSessions.context(master), job.input(),
                    new SparkDpAggregation.Columns(job.groupBy(), job.value(), job.privacyUnit()), p, accountant,
                    new SecureRandom(), false).result();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}

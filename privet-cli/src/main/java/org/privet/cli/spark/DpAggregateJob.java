package org.privet.cli.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.privet.dp.aggregate.NoiseKind;
import org.privet.dp.aggregate.PartitionedAggregation;

/**
 * A {@code privet dp aggregate} job for a {@link SparkBackend}: where the rows are and the parameters of the
 * {@link PartitionedAggregation} to release. Unvalidated here; the backend validates as the local builder does.
 *
 * @param input            a CSV file with a header row (a path every Spark executor can read)
 * @param groupBy          the partition column
 * @param value            the value column, or null when only COUNT is requested
 * @param privacyUnit      the privacy-unit column, or null when every row is its own unit
 * @param metrics          the metrics to release
 * @param lower            clamping lower bound (ignored for COUNT only)
 * @param upper            clamping upper bound (ignored for COUNT only)
 * @param privacyUnitWords words naming the privacy unit, for the privacy statement
 * @param publicPartitions public partition keys, or null for private partition selection
 */
public record DpAggregateJob(Path input, String groupBy, String value, String privacyUnit,
        Set<PartitionedAggregation.Metric> metrics, double epsilon, double delta, NoiseKind noise,
        int maxPartitionsContributed, int maxContributionsPerPartition, double lower, double upper,
        double confidenceLevel, String privacyUnitWords, List<String> publicPartitions) {
}

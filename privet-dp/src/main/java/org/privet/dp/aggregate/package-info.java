/**
 * Differentially private aggregates in the style of Google's DP library: {@link org.privet.dp.aggregate.Count},
 * {@link org.privet.dp.aggregate.BoundedSum} and {@link org.privet.dp.aggregate.BoundedMean} for one partition,
 * and {@link org.privet.dp.aggregate.PartitionedAggregation} for grouped data: per-privacy-unit contribution
 * bounding (at most {@code maxPartitionsContributed} partitions and {@code maxContributionsPerPartition} rows per
 * partition, the excess dropped uniformly at random), private partition selection by Laplace thresholding, and
 * a budget split recorded in a {@link org.privet.dp.accounting.BudgetAccountant}.
 *
 * <p>Every aggregate releases once: a second {@code computeResult()} throws {@link IllegalStateException}.
 * Noise comes from the secure mechanisms of {@link org.privet.dp.noise}; parameters are validated in
 * {@code build()}, before any data is seen or any noise drawn. Layering: {@code dp.noise -> dp.aggregate ->
 * dp.accounting} (this package records spends in the accountant; it needs nothing from the ML engine).
 */
package org.privet.dp.aggregate;

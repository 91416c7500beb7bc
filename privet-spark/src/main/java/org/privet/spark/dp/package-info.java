/**
 * DP aggregates on Spark: contribution bounding per privacy unit across the whole data set (a shuffle by unit),
 * bounded totals per partition key, then private partition selection and noise on the driver with privet-dp's
 * mechanisms and exactly {@code PartitionedAggregation}'s budget split and accounting.
 */
package org.privet.spark.dp;

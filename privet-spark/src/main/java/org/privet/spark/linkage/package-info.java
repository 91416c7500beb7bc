/**
 * Privacy-preserving record linkage on Spark: CLK encoding as a distributed map ({@link
 * org.privet.spark.linkage.SparkEncoding}), blocking keys as a join (records shuffled as packed primitive batches,
 * one per map task and reduce partition), Dice comparisons per block with the local
 * kernel's arithmetic and greedy one-to-one solving on the driver ({@link org.privet.spark.linkage.SparkLinker}).
 * Same inputs, same candidate pairs, scores, counts and matches as {@code org.privet.pprl.link.Linker}.
 */
package org.privet.spark.linkage;

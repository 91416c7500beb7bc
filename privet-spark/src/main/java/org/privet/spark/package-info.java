/**
 * Scale-out on Apache Spark: reference-model training ({@code membership}), record linkage ({@code linkage})
 * and DP aggregates ({@code dp}) as Spark jobs that give the local path's results; the CLI backend
 * ({@link org.privet.spark.PrivetSparkBackend}) and the {@code spark-submit} entry point ({@link
 * org.privet.spark.SparkMain}). Built only with the {@code spark} Maven profile; the rest of Privet never
 * loads Spark.
 */
package org.privet.spark;

/**
 * The seam between the {@code privet} command and the optional Apache Spark backend: {@link
 * org.privet.cli.spark.SparkBackend} is found with {@link java.util.ServiceLoader} and implemented by the
 * privet-spark module (built only with {@code mvn -Pspark}). Nothing here loads or names a Spark class, so the
 * default build and launcher never touch Spark.
 */
package org.privet.cli.spark;

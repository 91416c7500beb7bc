/**
 * Scale-out on Apache Spark: reference-model training, record linkage and DP aggregates as Spark jobs. Built only
 * with the {@code spark} Maven profile.
 */
package org.privet.spark;

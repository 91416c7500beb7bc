/** Benchmarks of privet-mpc: secure aggregation server cost beside the plaintext sum. */
package org.privet.bench.mpc;

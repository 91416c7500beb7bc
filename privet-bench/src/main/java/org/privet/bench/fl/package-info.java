/** Benchmarks of the federated runtime: simulated client-rounds per second. */
package org.privet.bench.fl;

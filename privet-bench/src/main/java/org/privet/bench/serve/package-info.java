/** Benchmarks of privet-serve's per-request costs (defences, PRADA); the HTTP load test is run-serve.sh. */
package org.privet.bench.serve;

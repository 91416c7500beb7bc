/**
 * JMH benchmarks of privet-dp: noise samples per second per mechanism beside SecureRandom's own output rate
 * ({@link org.privet.bench.dp.NoiseBench}), aggregate throughput ({@link org.privet.bench.dp.AggregateBench}) and
 * accountant time for 10^5 DP-SGD steps ({@link org.privet.bench.dp.AccountantBench}). The 10M-row CSV run of
 * {@code privet dp aggregate} is a manual, documented run (docs/dp.md).
 */
package org.privet.bench.dp;

/**
 * JMH benchmarks of record linkage: Dice comparisons per second against anonlink's C++ kernel, and CLK
 * encoding ({@link org.privet.bench.pprl.EncodeBench}) against clkhash.
 */
package org.privet.bench.pprl;

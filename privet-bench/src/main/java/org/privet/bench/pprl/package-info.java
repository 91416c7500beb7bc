/** JMH benchmarks of record linkage: Dice comparisons per second against anonlink's C++ kernel. */
package org.privet.bench.pprl;

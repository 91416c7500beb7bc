/** Benchmarks of record-linkage encoding ({@link org.privet.bench.pprl.EncodeBench}), compared with clkhash. */
package org.privet.bench.pprl;

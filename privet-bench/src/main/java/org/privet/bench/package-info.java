/** JMH benchmarks of the hot paths; peers are compared in the same run (docs/benchmarks.md). */
package org.privet.bench;

/** Benchmarks of the FL data-reconstruction attacks (org.privet.attacks.reconstruct). */
package org.privet.bench.reconstruct;

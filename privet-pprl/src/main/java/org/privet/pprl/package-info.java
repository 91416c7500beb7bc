/**
 * Privacy-preserving record linkage: linkage schemas, Bloom-filter and CLK encodings with hardening,
 * Dice matching with blocking, evaluation, a synthetic person-record generator, and attacks on encodings.
 */
package org.privet.pprl;

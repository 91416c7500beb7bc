/**
 * Encoded records as they travel between encoding and linkage: {@link org.privet.pprl.clk.ClkSet} (record
 * ids and bit vectors packed into 64-bit words, one flat array) and the checksummed {@code .clk} file
 * format read and written by {@link org.privet.pprl.clk.ClkFile}.
 */
package org.privet.pprl.clk;

/**
 * Blocking: cheap keys that restrict Dice comparisons to records sharing a block.
 *
 * <p>Two families. Keys computed by each data owner from clear-text fields before encoding
 * ({@link org.privet.pprl.block.Soundex}, {@link org.privet.pprl.block.Nysiis}, and the
 * {@link org.privet.pprl.block.PSig P-Sig} signatures of Zhang et al. 2018), turned into opaque 64-bit keys
 * with a secret shared by the data owners (HMAC-SHA256), and keys computed by the linkage unit from the
 * encodings themselves ({@link org.privet.pprl.block.HammingLsh}). Either way the result is a
 * {@link org.privet.pprl.block.BlockKeys} per database, consumed by {@code org.privet.pprl.link}.
 */
package org.privet.pprl.block;

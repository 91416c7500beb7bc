/**
 * Encoding records into Bloom filters and CLKs: {@link org.privet.pprl.encode.ClkEncoder} (keyed hashing of
 * tokens, then hardening), {@link org.privet.pprl.encode.CsvEncoding} (CSV to {@code .clk}, streaming, atomic),
 * {@link org.privet.pprl.encode.LinkageSecret} and {@link org.privet.pprl.encode.Hkdf} (per-field keys),
 * {@link org.privet.pprl.encode.Blake2b} (RFC 7693; the JDK has none) and the
 * {@link org.privet.pprl.encode.Tokenizer} that attacks share with the encoder.
 */
package org.privet.pprl.encode;

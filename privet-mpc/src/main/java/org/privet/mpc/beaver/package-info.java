/**
 * Beaver triples (Beaver 1991): correlated randomness that turns a secret-shared multiplication into one
 * opening. {@link org.privet.mpc.beaver.TripleSource} is what protocols consume. {@link
 * org.privet.mpc.beaver.TrustedDealer} makes arithmetic, matrix and AND triples from per-party PRG keys
 * (CrypTen's trusted-third-party mode), in-process or over per-party links; {@link
 * org.privet.mpc.beaver.OtTripleSource} makes them between two parties without a dealer, by oblivious
 * transfer ({@code org.privet.mpc.beaver.ot}).
 */
package org.privet.mpc.beaver;

/**
 * Beaver triples (Beaver 1991): correlated randomness that turns a secret-shared multiplication into one
 * opening. {@link org.privet.mpc.beaver.TripleSource} is what protocols consume; {@link
 * org.privet.mpc.beaver.TrustedDealer} makes arithmetic, matrix and AND triples from per-party PRG seeds
 * (CrypTen's trusted-third-party mode).
 */
package org.privet.mpc.beaver;

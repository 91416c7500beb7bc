/**
 * Shamir secret sharing (Shamir 1979) over the prime field GF(2<sup>61</sup> - 1): {@link
 * org.privet.mpc.shamir.ShamirSharing} splits a byte string into {@code n} shares of which any {@code t}
 * reconstruct it by Lagrange interpolation at 0 and any {@code t - 1} reveal nothing. Secrets longer than
 * 56 bits (a 256-bit seed, an X25519 private key) are split into 7-byte field elements, each shared with
 * its own independent random polynomial over the same x-coordinates.
 */
package org.privet.mpc.shamir;

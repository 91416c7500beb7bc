/**
 * Hardening of Bloom-filter encodings against cryptanalysis: {@link org.privet.pprl.harden.Balancing},
 * {@link org.privet.pprl.harden.XorFolding}, {@link org.privet.pprl.harden.Rule90} and
 * {@link org.privet.pprl.harden.Blip} (randomised response with its epsilon). Salting is a field option of the
 * schema, applied when tokens are hashed. Each operation works on packed 64-bit words ({@link
 * org.privet.pprl.harden.BitVectors}). The attacks in {@code org.privet.pprl.attack} measure what each buys.
 */
package org.privet.pprl.harden;

/**
 * The ring layer of CKKS: NTT-friendly primes ({@link org.privet.he.ring.Primes}), word-size modular
 * arithmetic with Shoup, Montgomery and Barrett reduction ({@link org.privet.he.ring.ModArith}), the
 * negacyclic NTT ({@link org.privet.he.ring.Modulus}), RNS polynomials ({@link org.privet.he.ring.RnsPoly},
 * {@link org.privet.he.ring.Ring}), fast basis extension ({@link org.privet.he.ring.BasisExtender}) and the
 * samplers ({@link org.privet.he.ring.Prng}). Depends on nothing else in Privet.
 */
package org.privet.he.ring;

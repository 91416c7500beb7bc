/**
 * The ring layer of CKKS: NTT-friendly primes ({@link org.privet.he.ring.Primes}), word-size modular
 * arithmetic with Shoup, Montgomery and Barrett reduction ({@link org.privet.he.ring.ModArith}), the
 * negacyclic NTT ({@link org.privet.he.ring.Modulus}), RNS polynomials ({@link org.privet.he.ring.RnsPoly},
 * {@link org.privet.he.ring.Ring}), fast basis extension ({@link org.privet.he.ring.BasisExtender}), the lazy
 * 128-bit multiply-accumulate of key switching ({@link org.privet.he.ring.LazyMac}) and the samplers
 * ({@link org.privet.he.ring.Prng}). Depends on nothing else in Privet.
 *
 * <p>With {@code --add-modules jdk.incubator.vector} on an AVX-512 machine, every NTT stage (for
 * N >= 16) and the multiply-accumulate run on 512-bit vectors (package-private {@code NttVector}, {@code MacVector}),
 * bit-identical to the scalar code that runs everywhere else; {@code -Dprivet.he.vector=false} turns them off.
 */
package org.privet.he.ring;

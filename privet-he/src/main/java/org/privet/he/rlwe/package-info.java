/**
 * The RLWE layer of CKKS: parameters ({@link org.privet.he.rlwe.RlweParameters}), keys
 * ({@link org.privet.he.rlwe.SecretKey}, {@link org.privet.he.rlwe.PublicKey},
 * {@link org.privet.he.rlwe.SwitchingKey}) from {@link org.privet.he.rlwe.KeyGenerator}, encryption,
 * decryption and hybrid key switching with a special modulus ({@link org.privet.he.rlwe.KeySwitcher}), with
 * hoisting ({@link org.privet.he.rlwe.KeySwitcher#decompose}: one decomposition, many automorphic key switches).
 * Depends only on {@code org.privet.he.ring}.
 */
package org.privet.he.rlwe;

/**
 * Paillier additively homomorphic encryption (Paillier 1999) with {@code g = n + 1}.
 *
 * <ul>
 *   <li>Keys: {@link org.privet.he.paillier.PaillierKeyPair} (3072-bit default, 2048 accepted, smaller
 *       only through {@code generateInsecureForTests}), {@link org.privet.he.paillier.PaillierPublicKey},
 *       {@link org.privet.he.paillier.PaillierPrivateKey} (CRT decryption and CRT encryption).</li>
 *   <li>Ciphertexts and operations: {@link org.privet.he.paillier.PaillierCiphertext} (add, add-plain,
 *       multiply-by-plain, negate, rerandomise).</li>
 *   <li>Randomness: {@link org.privet.he.paillier.Obfuscators} (full, CRT, DJN short-exponent with
 *       fixed-base tables) and the precomputing {@link org.privet.he.paillier.ObfuscatorPool}.</li>
 *   <li>Numbers: {@link org.privet.he.paillier.EncodedNumber} (signed base-16 fixed point with exponents,
 *       as python-paillier), {@link org.privet.he.paillier.EncryptedNumber},
 *       {@link org.privet.he.paillier.EncryptedVector}, and packing several small values per plaintext:
 *       {@link org.privet.he.paillier.PackingLayout}, {@link org.privet.he.paillier.PackedVector}.</li>
 *   <li>Use cases: {@link org.privet.he.paillier.EncryptedAggregation} (sum of client model updates) and
 *       {@link org.privet.he.paillier.EncryptedLogisticScoring} (plaintext model, encrypted features).</li>
 *   <li>Files: {@link org.privet.he.paillier.PaillierJson} (versioned JSON, base64, key fingerprints,
 *       checksums); timings: {@link org.privet.he.paillier.PaillierTimings}.</li>
 * </ul>
 *
 * <p>Nothing here is constant time (JDK {@link java.math.BigInteger} is not): do not decrypt
 * attacker-chosen ciphertexts where timing is observable.
 */
package org.privet.he.paillier;

/**
 * Homomorphic encryption: Paillier ({@code org.privet.he.paillier}) and CKKS, layered like Lattigo into
 * {@code org.privet.he.ring} (RNS polynomials, NTT), {@code org.privet.he.rlwe} (keys, encryption, key
 * switching) and {@code org.privet.he.ckks} (encoding, arithmetic, rescaling, rotations).
 */
package org.privet.he;

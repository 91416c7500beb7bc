/**
 * The CKKS scheme (Cheon-Kim-Kim-Song 2017, full-RNS variant): validated parameter presets with the HE
 * standard's 128-bit check ({@link org.privet.he.ckks.CkksParameters}), the canonical-embedding encoder
 * ({@link org.privet.he.ckks.Encoder}), encryption and decryption ({@link org.privet.he.ckks.CkksEncryptor},
 * {@link org.privet.he.ckks.CkksDecryptor}), homomorphic arithmetic with level and scale management
 * ({@link org.privet.he.ckks.Evaluator}, {@link org.privet.he.ckks.EvaluationKeys}) and files with
 * fingerprints and checksums ({@link org.privet.he.ckks.CkksFiles}). Built on {@code org.privet.he.rlwe} and
 * {@code org.privet.he.ring}; see {@code docs/ckks.md} for an example and the measured precision and speed.
 */
package org.privet.he.ckks;

/**
 * Privacy-preserving inference on CKKS: {@link org.privet.he.inference.EncryptedLogisticRegression}
 * (encrypted features, plain model, encrypted probabilities) and the polynomial approximations of
 * activations it uses ({@link org.privet.he.inference.PolynomialApproximation}). Takes plain weight arrays:
 * no dependency on the ML engine.
 */
package org.privet.he.inference;

/**
 * Oblivious transfer for dealer-free triple generation: Chou-Orlandi base OTs in a 3072-bit MODP group and
 * IKNP extension with a fixed-key-AES correlation-robust hash. Semi-honest, 128-bit security.
 */
package org.privet.mpc.beaver.ot;

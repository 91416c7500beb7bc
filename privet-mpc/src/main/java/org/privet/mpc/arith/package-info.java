/**
 * The ring Z_2^64 and what lives in it: {@link org.privet.mpc.arith.FixedPoint} (reals as two's-complement
 * integers with a fixed number of fractional bits), {@link org.privet.mpc.arith.Prg} (AES-CTR randomness
 * for shares and masks) and {@link org.privet.mpc.arith.Wire} (ring elements on the wire, with length
 * checks). Protocols on shares are in {@link org.privet.mpc.MpcSession}.
 */
package org.privet.mpc.arith;

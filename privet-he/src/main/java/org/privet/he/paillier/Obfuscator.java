package org.privet.he.paillier;

import java.math.BigInteger;

/**
 * A source of Paillier randomness {@code r^n mod n^2} ("obfuscators") for one key: each call to
 * {@link #next()} returns a fresh value that must be used for one encryption only: with one value
 * reused, {@code c1 / c2 = 1 + (m1 - m2) n mod n^2} gives anyone {@code m1 - m2}. See
 * {@link Obfuscators} for the kinds and their security arguments.
 *
 * <p>Implementations are thread safe.
 */
public interface Obfuscator {
    /** The key whose {@code n} the values are for. */
    PaillierPublicKey key();

    /** A fresh {@code r^n mod n^2}, an element of the subgroup of {@code n}-th residues. */
    BigInteger next();
}

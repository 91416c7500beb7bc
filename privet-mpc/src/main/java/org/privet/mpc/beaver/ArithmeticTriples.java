package org.privet.mpc.beaver;

/**
 * One party's additive shares (mod 2^64) of {@code count} Beaver triples: summed over all parties, {@code
 * c[i] = a[i] * b[i]} with {@code a}, {@code b} uniform and unknown to every party. Arrays are owned by the
 * record's user and used once.
 */
public record ArithmeticTriples(long[] a, long[] b, long[] c) {
    public ArithmeticTriples {
        if (a.length != b.length || a.length != c.length) {
            throw new IllegalArgumentException("triple arrays must have equal lengths. Provided lengths: "
                    + a.length + ", " + b.length + ", " + c.length);
        }
    }

    public int count() {
        return a.length;
    }
}

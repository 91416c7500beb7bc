package org.privet.mpc.beaver;

/**
 * One party's XOR shares of {@code 64 * words} independent AND triples, bit-sliced in 64-bit words:
 * XORed over all parties, {@code c[i] = a[i] & b[i]} with {@code a}, {@code b} uniform and unknown to
 * every party. Used once.
 */
public record BinaryTriples(long[] a, long[] b, long[] c) {
    public BinaryTriples {
        if (a.length != b.length || a.length != c.length) {
            throw new IllegalArgumentException("triple arrays must have equal lengths. Provided lengths: "
                    + a.length + ", " + b.length + ", " + c.length);
        }
    }

    public int words() {
        return a.length;
    }
}

package org.privet.mpc.beaver;

/**
 * One party's additive shares (mod 2^64) of a matrix Beaver triple: summed over all parties, {@code C = A
 * B} with {@code A} of shape {@code [m, k]}, {@code B} of shape {@code [k, n]}, {@code C} of shape {@code
 * [m, n]}, all row-major, {@code A} and {@code B} uniform. Used once.
 */
public record MatrixTriple(int m, int k, int n, long[] a, long[] b, long[] c) {
    public MatrixTriple {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("matrix triple dimensions must be >= 1. Provided: " + m + "x" + k
                    + " * " + k + "x" + n);
        }
        if (a.length != (long) m * k || b.length != (long) k * n || c.length != (long) m * n) {
            throw new IllegalArgumentException("matrix triple arrays do not match [" + m + "," + k + "] x [" + k
                    + "," + n + "]: lengths " + a.length + ", " + b.length + ", " + c.length);
        }
    }
}

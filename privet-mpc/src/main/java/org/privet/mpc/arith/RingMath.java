package org.privet.mpc.arith;

/**
 * Plain (non-secret) arithmetic in Z_2^64 on {@code long} arrays: Java's wrapping {@code long} arithmetic is
 * exactly arithmetic mod 2^64. Stateless and thread-safe; arrays are row-major.
 */
public final class RingMath {
    private RingMath() {
    }

    /** {@code C = A B} mod 2^64 for {@code A [m,k]}, {@code B [k,n]}. */
    public static long[] matmul(long[] a, long[] b, int m, int k, int n) {
        checkDims(a, b, m, k, n);
        long[] c = new long[Math.multiplyExact(m, n)];
        matmulAdd(a, b, c, m, k, n);
        return c;
    }

    /** {@code C += A B} mod 2^64 for {@code A [m,k]}, {@code B [k,n]}, {@code C [m,n]}. */
    public static void matmulAdd(long[] a, long[] b, long[] c, int m, int k, int n) {
        checkDims(a, b, m, k, n);
        if (c.length != (long) m * n) {
            throw new IllegalArgumentException("matmul: C has " + c.length + " elements, expected " + m + "x" + n);
        }
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            int ai = i * k;
            for (int l = 0; l < k; l++) {
                long av = a[ai + l];
                if (av == 0) {
                    continue;
                }
                int bl = l * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bl + j];
                }
            }
        }
    }

    private static void checkDims(long[] a, long[] b, int m, int k, int n) {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("matmul: dimensions must be >= 1. Provided: [" + m + "," + k + "] x ["
                    + k + "," + n + "]");
        }
        if (a.length != (long) m * k) {
            throw new IllegalArgumentException("matmul: A has " + a.length + " elements, expected [" + m + "," + k
                    + "]");
        }
        if (b.length != (long) k * n) {
            throw new IllegalArgumentException("matmul: B has " + b.length + " elements, expected [" + k + "," + n
                    + "]");
        }
    }
}

package org.privet.mpc.binary;

import org.privet.mpc.MpcSession;

/**
 * Secure comparison, ReLU and argmax on arithmetic shares, by extracting the sign bit (A2B, then B2A of the
 * most significant bit; CrypTen's {@code _ltz}). Results named "bits" are arithmetic shares of the integers
 * 0 or 1 (not fixed-point scaled); multiplying a fixed-point value by such a bit with {@link
 * MpcSession#mulRing} needs no truncation.
 *
 * <p>Correctness needs the compared quantities to lie in {@code (-2^63, 2^63)} as ring integers, i.e. {@code
 * |x - y| < 2^(63 - f)} for fixed-point reals. Cost of one {@link #ltz}: {@code 8} rounds for two parties
 * (7 for the adder, 1 for B2A).
 *
 * <p>Stateless; every party calls the same methods in the same order.
 */
public final class Comparisons {
    private Comparisons() {
    }

    /** Bits {@code [x < 0]}. */
    public static long[] ltz(MpcSession s, long[] x) {
        return Conversions.bitsToArithmetic(s, Conversions.msbBinary(s, x));
    }

    /** Bits {@code [x < y]} (element-wise). */
    public static long[] lessThan(MpcSession s, long[] x, long[] y) {
        return ltz(s, MpcSession.sub(x, y));
    }

    /** Bits {@code [x >= y]} (element-wise). */
    public static long[] greaterOrEqual(MpcSession s, long[] x, long[] y) {
        long[] lt = lessThan(s, x, y);
        return s.addPublic(MpcSession.mulPublic(lt, -1), 1L);
    }

    /** {@code bit ? x : y} element-wise, for shared bits: {@code y + bit * (x - y)}. One round. */
    public static long[] select(MpcSession s, long[] bit, long[] x, long[] y) {
        return MpcSession.add(y, s.mulRing(bit, MpcSession.sub(x, y)));
    }

    /** {@code max(x, 0)} element-wise: {@code x - [x < 0] x}. 9 rounds for two parties. */
    public static long[] relu(MpcSession s, long[] x) {
        long[] neg = ltz(s, x);
        return MpcSession.sub(x, s.mulRing(neg, x));
    }

    /** {@code max(x, 0)} and the bits {@code [x >= 0]} (for a backward pass or reuse). */
    public static long[][] reluWithMask(MpcSession s, long[] x) {
        long[] neg = ltz(s, x);
        long[] pos = s.addPublic(MpcSession.mulPublic(neg, -1), 1L);
        return new long[][] {s.mulRing(pos, x), pos};
    }

    /**
     * Row-wise argmax of a shared {@code [rows, cols]} matrix, by a tournament of {@code ceil(log2 cols)}
     * levels; each level compares all surviving pairs of every row at once. Ties go to the lower index.
     *
     * @return shares of a one-hot {@code [rows, cols]} matrix of bits (1 at the argmax of each row)
     */
    public static long[] argmax(MpcSession s, long[] x, int rows, int cols) {
        return argmaxAndMax(s, x, rows, cols)[0];
    }

    /**
     * Row-wise argmax and max: {@code [0]} one-hot bits {@code [rows, cols]}, {@code [1]} the maxima {@code
     * [rows]} (same encoding as {@code x}).
     */
    public static long[][] argmaxAndMax(MpcSession s, long[] x, int rows, int cols) {
        if (rows < 1 || cols < 1 || x.length != (long) rows * cols) {
            throw new IllegalArgumentException("argmax: x must hold rows*cols elements with rows, cols >= 1."
                    + " Provided: rows " + rows + ", cols " + cols + ", length " + x.length);
        }
        // candidates per row: value, and a one-hot vector of length cols
        int cand = cols;
        long[] val = x.clone(); // [rows, cand]
        long[] hot = new long[rows * cols * cand]; // [rows, cand, cols]
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (s.id() == 0) {
                    hot[(r * cand + c) * cols + c] = 1;
                }
            }
        }
        while (cand > 1) {
            int pairs = cand / 2;
            int next = pairs + (cand & 1);
            long[] a = new long[rows * pairs];
            long[] b = new long[rows * pairs];
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < pairs; q++) {
                    a[r * pairs + q] = val[r * cand + 2 * q];
                    b[r * pairs + q] = val[r * cand + 2 * q + 1];
                }
            }
            // keep a when a >= b (ties to the lower index)
            long[] keepA = greaterOrEqual(s, a, b);
            // one multiplication round for both the values and the one-hot vectors
            long[] bitRep = new long[rows * pairs * (1 + cols)];
            long[] diff = new long[rows * pairs * (1 + cols)];
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < pairs; q++) {
                    int pq = r * pairs + q;
                    int base = pq * (1 + cols);
                    long bit = keepA[pq];
                    bitRep[base] = bit;
                    diff[base] = a[pq] - b[pq];
                    int ha = (r * cand + 2 * q) * cols;
                    int hb = (r * cand + 2 * q + 1) * cols;
                    for (int c = 0; c < cols; c++) {
                        bitRep[base + 1 + c] = bit;
                        diff[base + 1 + c] = hot[ha + c] - hot[hb + c];
                    }
                }
            }
            long[] prod = s.mulRing(bitRep, diff);
            long[] nval = new long[rows * next];
            long[] nhot = new long[rows * next * cols];
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < pairs; q++) {
                    int pq = r * pairs + q;
                    int base = pq * (1 + cols);
                    nval[r * next + q] = b[pq] + prod[base];
                    int hb = (r * cand + 2 * q + 1) * cols;
                    int hn = (r * next + q) * cols;
                    for (int c = 0; c < cols; c++) {
                        nhot[hn + c] = hot[hb + c] + prod[base + 1 + c];
                    }
                }
                if ((cand & 1) == 1) {
                    nval[r * next + pairs] = val[r * cand + cand - 1];
                    System.arraycopy(hot, (r * cand + cand - 1) * cols, nhot, (r * next + pairs) * cols, cols);
                }
            }
            val = nval;
            hot = nhot;
            cand = next;
        }
        return new long[][] {hot, val};
    }
}

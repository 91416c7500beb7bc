package org.privet.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply-accumulate {@code C += op(A) op(B)} on raw row-major arrays
 * with offsets and leading dimensions (BLAS {@code sgemm} with alpha = beta = 1, row-major).
 *
 * <p>Algorithm (Goto / BLIS): {@code op(B)} is packed in KC x NC blocks into panels of
 * {@link #NR} columns, {@code op(A)} in MC x KC blocks into panels of {@link #MR} rows (transposes
 * are absorbed by the packing, edges are zero-padded), and a register-blocked micro-kernel
 * computes an MR x NR tile with fused multiply-adds on the preferred vector species (512 bits
 * with AVX-512; 2 vectors per row, 6 rows: 12 accumulators). Narrow products (n &lt; NR, e.g. a 10-class
 * output layer) skip packing A and use dot-product / lane-per-row kernels instead, and tiny ones
 * (m n k &lt;= 512) a plain loop; which path runs depends only on the shape. Large problems are
 * split into tiles of C that run in parallel through {@link Parallel}; the split never divides
 * the k dimension and every tile takes the path of the whole problem, so every entry of C is
 * summed in the same order for any thread count (results are bit-identical on 1 or many threads).
 *
 * <p>Accuracy: each entry is a float sum of k products (fused multiply-adds), so its error is
 * within the usual bound of about k u sum_p |a_ip b_pj| (u = 2^-24); tests check exactly that.
 *
 * <p>Element (i, p) of {@code op(A)} is {@code a[aOff + i*lda + p]}, or {@code a[aOff + p*lda + i]}
 * when {@code transA}; element (p, j) of {@code op(B)} is {@code b[bOff + p*ldb + j]}, or
 * {@code b[bOff + j*ldb + p]} when {@code transB}; C(i, j) is {@code c[cOff + i*ldc + j]}.
 *
 * <p>Thread safe: concurrent calls are fine as long as their C regions do not overlap each other
 * or any A or B being read. Scratch buffers are per thread and reused.
 */
public final class Sgemm {
    /**
     * The species of the elementwise kernels of {@link Kernels}: the same as {@link #G}. Every
     * {@code FloatVector} operation of the process should use one shape: on JDK 17 the shared
     * library code behind {@code intoArray} and friends is inlined with a type profile, and when two
     * shapes (say 256- and 512-bit) both run, that profile turns bimorphic and C2 fails to intrinsify
     * the stores of the packed kernel, which then run the scalar fallback {@code FloatVector.stOp}
     * (seen with {@code -XX:+PrintInlining}: "VectorSupport::store failed to inline (intrinsic)"
     * after an 8 x 8 256-bit transpose was added beside the 512-bit kernel).
     */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * The species of this class's kernels: the preferred one, 512 bits where the CPU has AVX-512.
     * On AMD Zen 4 (512-bit operations double-pumped through 256-bit units, JDK 17.0.15) the
     * 6 x (2 x 16) tile measured 95 GFLOP/s at 1024^3 and 101 at 256x512x784 against 84-89 and
     * 94-96 for the 6 x (2 x 8) tile (same runs, one thread): half the loads and loop overhead per
     * FMA (docs/benchmarks.md, "Tuning, 2026-11-28 afternoon").
     */
    private static final VectorSpecies<Float> G = FloatVector.SPECIES_PREFERRED;
    private static final int VL = G.length();
    /** Rows of the register tile ({@link #kernel} and {@link #packA} are written out for 6 rows). */
    public static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    public static final int NR = 2 * VL;
    // Cache blocking: a KC x NR panel of B (32 KiB with 512-bit vectors, 16 KiB with 256) is reused
    // from L1/L2 by every MR-row panel, an MC x KC block of A (144 KiB) stays in L2, a KC x NC panel
    // of B (1 MiB) in L2/L3. Tuned on Zen 4 (32 KiB L1d, 1 MiB L2).
    private static final int KC = 256;
    private static final int MC = MR * 24;
    private static final int NC = NR * (1024 / NR);
    /** Below this m*n*k the unpacked loop is used. */
    private static final long SMALL = 8L * 8 * 8;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Sgemm() {
    }

    /** Per-thread packing buffers, grown on demand up to MC x KC and KC x NC floats. */
    private static final class Scratch {
        float[] packA = new float[0];
        float[] packB = new float[0];
        final float[] tile = new float[MR * NR];

        float[] packA(int size) {
            if (packA.length < size) {
                packA = new float[size];
            }
            return packA;
        }

        float[] packB(int size) {
            if (packB.length < size) {
                packB = new float[size];
            }
            return packB;
        }
    }

    /**
     * C[m,n] += op(A)[m,k] op(B)[k,n]; see the class comment for the addressing.
     *
     * @param m rows of C, &gt;= 0
     * @param n columns of C, &gt;= 0
     * @param k inner dimension, &gt;= 0 (k = 0 leaves C unchanged)
     * @throws IllegalArgumentException for negative sizes or offsets, leading dimensions smaller
     *     than the rows they hold, or arrays too short for the addressed entries
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        long work = 2L * m * n * k;
        if ((long) m * n * k <= SMALL) {
            small(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        // decided on the whole problem, so that every tile of a split takes the same path
        boolean narrow = n < NR && k >= VL && m >= MR;
        int t = Parallel.threads();
        if (t == 1 || work < Parallel.MIN_PARALLEL_WORK * 4 || Parallel.inParallelRegion()) {
            serial(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, narrow);
            return;
        }
        // Split C into about 2 tiles per thread (for balance on a busy machine): along n in whole NR
        // panels when n is wide enough, else along m in MR panels. Any split gives identical results.
        int nPanels = (n + NR - 1) / NR;
        int mPanels = (m + MR - 1) / MR;
        int tiles;
        boolean splitN = nPanels >= mPanels || nPanels >= 8;
        int panels = splitN ? nPanels : mPanels;
        tiles = Math.min(panels, Math.max(2, 2 * t));
        int per = (panels + tiles - 1) / tiles;
        tiles = (panels + per - 1) / per;
        final int tileCount = tiles;
        Parallel.forEach(tileCount, work, ti -> {
            if (splitN) {
                int j0 = ti * per * NR;
                int nn = Math.min(n, j0 + per * NR) - j0;
                int bo = transB ? bOff + j0 * ldb : bOff + j0;
                serial(transA, transB, m, nn, k, a, aOff, lda, b, bo, ldb, c, cOff + j0, ldc, narrow);
            } else {
                int i0 = ti * per * MR;
                int mm = Math.min(m, i0 + per * MR) - i0;
                int ao = transA ? aOff + i0 : aOff + i0 * lda;
                serial(transA, transB, mm, n, k, a, ao, lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc, narrow);
            }
        });
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: sizes must be >= 0. Provided m=" + m + ", n=" + n + ", k=" + k);
        }
        if (aOff < 0 || bOff < 0 || cOff < 0) {
            throw new IllegalArgumentException("sgemm: offsets must be >= 0. Provided aOff=" + aOff + ", bOff="
                    + bOff + ", cOff=" + cOff);
        }
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        checkOperand("A", a, aOff, lda, aRows, aCols);
        checkOperand("B", b, bOff, ldb, bRows, bCols);
        checkOperand("C", c, cOff, ldc, m, n);
    }

    private static void checkOperand(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return; // an empty operand is never read: any leading dimension will do
        }
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " must be >= its "
                    + cols + " stored columns. Provided value: " + ld);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " of " + rows + "x" + cols + " at offset " + off
                    + " with leading dimension " + ld + " needs " + last + " entries, array has " + x.length);
        }
    }

    /** Unpacked loop for tiny products. */
    private static void small(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s = Math.fma(av, bv, s);
                }
                c[ci + j] += s;
            }
        }
    }

    /** The blocked algorithm on the calling thread. */
    static void serial(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean narrow) {
        Scratch s = SCRATCH.get();
        if (narrow) {
            // Narrow C (e.g. a 10-class output layer): packing A would cost more than the product.
            skinny(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, s);
            return;
        }
        int kcMax = Math.min(KC, k);
        float[] pa = s.packA(roundUp(Math.min(MC, m), MR) * kcMax);
        float[] pb = s.packB(roundUp(Math.min(NC, n), NR) * kcMax);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                    macro(mc, nc, kc, pa, 0, pb, c, cOff + ic * ldc + jc, ldc, s.tile);
                }
            }
        }
    }

    /**
     * op(A) packed once, for many products {@code C += op(A) op(B_i)} with the same A (a
     * convolution's weight applied to every example of a batch). Immutable after
     * {@link #packA}; may be shared by threads.
     */
    static final class PackedA {
        final boolean transA;
        final int m;
        final int k;
        final float[] a;
        final int aOff;
        final int lda;
        /**
         * The blocks that {@link #serial} packs, for every KC block pc and MC block ic, at
         * {@code pc * roundUp(m, MR) + ic * kc}; null when the products take a path that does not
         * pack A.
         */
        final float[] data;

        private PackedA(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] data) {
            this.transA = transA;
            this.m = m;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.data = data;
        }
    }

    /** Packs op(A) [m, k] (addressed as in {@link #sgemm}) for {@link #sgemmPacked}. */
    static PackedA packA(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        checkOperand("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        if (m == 0 || k == 0) {
            return new PackedA(transA, m, k, a, aOff, lda, null);
        }
        int mp = roundUp(m, MR);
        float[] data = new float[mp * k];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                float[] block = new float[roundUp(mc, MR) * kc];
                packA(transA, a, aOff, lda, ic, mc, pc, kc, block);
                System.arraycopy(block, 0, data, pc * mp + ic * kc, block.length);
            }
        }
        return new PackedA(transA, m, k, a, aOff, lda, data);
    }

    /**
     * {@code C[m,n] += op(A) op(B)} with op(A) from {@link #packA}: bit-identical to
     * {@link #sgemm} on the same operands (the blocked path computes the same blocks in the same
     * order; every other case is handed to {@link #sgemm}). Runs on the calling thread when
     * called inside a parallel region (e.g. one example of a batch-parallel convolution).
     */
    static void sgemmPacked(PackedA pa, int n, boolean transB, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc) {
        int m = pa.m;
        int k = pa.k;
        boolean narrow = n < NR && k >= VL && m >= MR;
        if (pa.data == null || n == 0 || (long) m * n * k <= SMALL || narrow
                || !(Parallel.threads() == 1 || 2L * m * n * k < Parallel.MIN_PARALLEL_WORK * 4
                        || Parallel.inParallelRegion())) {
            sgemm(pa.transA, transB, m, n, k, pa.a, pa.aOff, pa.lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        check(pa.transA, transB, m, n, k, pa.a, pa.aOff, pa.lda, b, bOff, ldb, c, cOff, ldc);
        Scratch s = SCRATCH.get();
        int kcMax = Math.min(KC, k);
        float[] pb = s.packB(roundUp(Math.min(NC, n), NR) * kcMax);
        int mp = roundUp(m, MR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    macro(mc, nc, kc, pa.data, pc * mp + ic * kc, pb, c, cOff + ic * ldc + jc, ldc, s.tile);
                }
            }
        }
    }

    /**
     * C += op(A) op(B) for n &lt; NR without packing A. op(B) is copied into a zero-padded buffer
     * of n4 = roundUp(n, 4) columns; without transA each C entry is a vector dot product along a
     * row of A (4 columns at a time), with transA VL rows of C are accumulated as lanes, 4 columns
     * at a time, from contiguous rows of the stored A.
     */
    private static void skinny(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, Scratch s) {
        int n4 = roundUp(n, 4);
        float[] bp = s.packB(n4 * k);
        float[] tile = s.tile;
        if (!transA) {
            // bp holds op(B)^T: row j = column j of op(B), k contiguous entries; padded rows are zero.
            for (int j = 0; j < n4; j++) {
                for (int p = 0; p < k; p++) {
                    bp[j * k + p] = j < n ? (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]) : 0f;
                }
            }
            int kv = G.loopBound(k);
            int i = 0;
            for (; i + 1 < m; i += 2) {
                // 2 x 4 block: rows i, i+1 against columns j..j+3, each entry a vector dot product
                int ar0 = aOff + i * lda;
                int ar1 = ar0 + lda;
                int ci0 = cOff + i * ldc;
                int ci1 = ci0 + ldc;
                for (int j = 0; j < n; j += 4) {
                    int b0 = j * k;
                    int b1 = b0 + k;
                    int b2 = b1 + k;
                    int b3 = b2 + k;
                    FloatVector s00 = FloatVector.zero(G);
                    FloatVector s01 = FloatVector.zero(G);
                    FloatVector s02 = FloatVector.zero(G);
                    FloatVector s03 = FloatVector.zero(G);
                    FloatVector s10 = FloatVector.zero(G);
                    FloatVector s11 = FloatVector.zero(G);
                    FloatVector s12 = FloatVector.zero(G);
                    FloatVector s13 = FloatVector.zero(G);
                    for (int p = 0; p < kv; p += VL) {
                        FloatVector a0 = FloatVector.fromArray(G, a, ar0 + p);
                        FloatVector a1 = FloatVector.fromArray(G, a, ar1 + p);
                        FloatVector bv = FloatVector.fromArray(G, bp, b0 + p);
                        s00 = a0.fma(bv, s00);
                        s10 = a1.fma(bv, s10);
                        bv = FloatVector.fromArray(G, bp, b1 + p);
                        s01 = a0.fma(bv, s01);
                        s11 = a1.fma(bv, s11);
                        bv = FloatVector.fromArray(G, bp, b2 + p);
                        s02 = a0.fma(bv, s02);
                        s12 = a1.fma(bv, s12);
                        bv = FloatVector.fromArray(G, bp, b3 + p);
                        s03 = a0.fma(bv, s03);
                        s13 = a1.fma(bv, s13);
                    }
                    float t00 = s00.reduceLanes(VectorOperators.ADD);
                    float t01 = s01.reduceLanes(VectorOperators.ADD);
                    float t02 = s02.reduceLanes(VectorOperators.ADD);
                    float t03 = s03.reduceLanes(VectorOperators.ADD);
                    float t10 = s10.reduceLanes(VectorOperators.ADD);
                    float t11 = s11.reduceLanes(VectorOperators.ADD);
                    float t12 = s12.reduceLanes(VectorOperators.ADD);
                    float t13 = s13.reduceLanes(VectorOperators.ADD);
                    for (int p = kv; p < k; p++) {
                        float a0 = a[ar0 + p];
                        float a1 = a[ar1 + p];
                        t00 = Math.fma(a0, bp[b0 + p], t00);
                        t01 = Math.fma(a0, bp[b1 + p], t01);
                        t02 = Math.fma(a0, bp[b2 + p], t02);
                        t03 = Math.fma(a0, bp[b3 + p], t03);
                        t10 = Math.fma(a1, bp[b0 + p], t10);
                        t11 = Math.fma(a1, bp[b1 + p], t11);
                        t12 = Math.fma(a1, bp[b2 + p], t12);
                        t13 = Math.fma(a1, bp[b3 + p], t13);
                    }
                    store4(c, ci0 + j, n - j, t00, t01, t02, t03);
                    store4(c, ci1 + j, n - j, t10, t11, t12, t13);
                }
            }
            for (; i < m; i++) {
                int ar = aOff + i * lda;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j += 4) {
                    int b0 = j * k;
                    int b1 = b0 + k;
                    int b2 = b1 + k;
                    int b3 = b2 + k;
                    FloatVector s0 = FloatVector.zero(G);
                    FloatVector s1 = FloatVector.zero(G);
                    FloatVector s2 = FloatVector.zero(G);
                    FloatVector s3 = FloatVector.zero(G);
                    for (int p = 0; p < kv; p += VL) {
                        FloatVector av = FloatVector.fromArray(G, a, ar + p);
                        s0 = av.fma(FloatVector.fromArray(G, bp, b0 + p), s0);
                        s1 = av.fma(FloatVector.fromArray(G, bp, b1 + p), s1);
                        s2 = av.fma(FloatVector.fromArray(G, bp, b2 + p), s2);
                        s3 = av.fma(FloatVector.fromArray(G, bp, b3 + p), s3);
                    }
                    float t0 = s0.reduceLanes(VectorOperators.ADD);
                    float t1 = s1.reduceLanes(VectorOperators.ADD);
                    float t2 = s2.reduceLanes(VectorOperators.ADD);
                    float t3 = s3.reduceLanes(VectorOperators.ADD);
                    for (int p = kv; p < k; p++) {
                        float av = a[ar + p];
                        t0 = Math.fma(av, bp[b0 + p], t0);
                        t1 = Math.fma(av, bp[b1 + p], t1);
                        t2 = Math.fma(av, bp[b2 + p], t2);
                        t3 = Math.fma(av, bp[b3 + p], t3);
                    }
                    store4(c, ci + j, n - j, t0, t1, t2, t3);
                }
            }
            return;
        }
        // transA: stored A is [k, m]; bp holds op(B) as [k][n4], padded columns zero.
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n4; j++) {
                bp[p * n4 + j] = j < n ? (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]) : 0f;
            }
        }
        int mv = G.loopBound(m);
        int i = 0;
        for (; i + 2 * VL <= mv; i += 2 * VL) {
            for (int j = 0; j < n; j += 4) {
                // 2 x 4 register block: rows i..i+2VL-1 as lanes of two vectors, columns j..j+3
                FloatVector s00 = FloatVector.zero(G);
                FloatVector s01 = FloatVector.zero(G);
                FloatVector s02 = FloatVector.zero(G);
                FloatVector s03 = FloatVector.zero(G);
                FloatVector s10 = FloatVector.zero(G);
                FloatVector s11 = FloatVector.zero(G);
                FloatVector s12 = FloatVector.zero(G);
                FloatVector s13 = FloatVector.zero(G);
                for (int p = 0; p < k; p++) {
                    int ao = aOff + p * lda + i;
                    FloatVector a0 = FloatVector.fromArray(G, a, ao);
                    FloatVector a1 = FloatVector.fromArray(G, a, ao + VL);
                    int bo = p * n4 + j;
                    FloatVector bv = FloatVector.broadcast(G, bp[bo]);
                    s00 = a0.fma(bv, s00);
                    s10 = a1.fma(bv, s10);
                    bv = FloatVector.broadcast(G, bp[bo + 1]);
                    s01 = a0.fma(bv, s01);
                    s11 = a1.fma(bv, s11);
                    bv = FloatVector.broadcast(G, bp[bo + 2]);
                    s02 = a0.fma(bv, s02);
                    s12 = a1.fma(bv, s12);
                    bv = FloatVector.broadcast(G, bp[bo + 3]);
                    s03 = a0.fma(bv, s03);
                    s13 = a1.fma(bv, s13);
                }
                // lanes are rows: store the 2 x 4 block through the tile buffer (8 VL of its 12 VL floats)
                s00.intoArray(tile, 0);
                s01.intoArray(tile, VL);
                s02.intoArray(tile, 2 * VL);
                s03.intoArray(tile, 3 * VL);
                s10.intoArray(tile, 4 * VL);
                s11.intoArray(tile, 5 * VL);
                s12.intoArray(tile, 6 * VL);
                s13.intoArray(tile, 7 * VL);
                int jn = Math.min(4, n - j);
                for (int q = 0; q < jn; q++) {
                    for (int l = 0; l < VL; l++) {
                        c[cOff + (i + l) * ldc + j + q] += tile[q * VL + l];
                        c[cOff + (i + VL + l) * ldc + j + q] += tile[(4 + q) * VL + l];
                    }
                }
            }
        }
        for (; i < mv; i += VL) {
            for (int j = 0; j < n; j += 4) {
                FloatVector s0 = FloatVector.zero(G);
                FloatVector s1 = FloatVector.zero(G);
                FloatVector s2 = FloatVector.zero(G);
                FloatVector s3 = FloatVector.zero(G);
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.fromArray(G, a, aOff + p * lda + i);
                    int bo = p * n4 + j;
                    s0 = av.fma(FloatVector.broadcast(G, bp[bo]), s0);
                    s1 = av.fma(FloatVector.broadcast(G, bp[bo + 1]), s1);
                    s2 = av.fma(FloatVector.broadcast(G, bp[bo + 2]), s2);
                    s3 = av.fma(FloatVector.broadcast(G, bp[bo + 3]), s3);
                }
                // lanes are rows i..i+VL-1: store the 4 columns through the tile buffer
                s0.intoArray(tile, 0);
                s1.intoArray(tile, VL);
                s2.intoArray(tile, 2 * VL);
                s3.intoArray(tile, 3 * VL);
                int jn = Math.min(4, n - j);
                for (int q = 0; q < jn; q++) {
                    for (int l = 0; l < VL; l++) {
                        c[cOff + (i + l) * ldc + j + q] += tile[q * VL + l];
                    }
                }
            }
        }
        for (; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float t = 0f;
                for (int p = 0; p < k; p++) {
                    t = Math.fma(a[aOff + p * lda + i], bp[p * n4 + j], t);
                }
                c[ci + j] += t;
            }
        }
    }

    /** c[o + q] += tq for the first min(4, valid) of q = 0..3. */
    private static void store4(float[] c, int o, int valid, float t0, float t1, float t2, float t3) {
        c[o] += t0;
        if (valid > 1) {
            c[o + 1] += t1;
        }
        if (valid > 2) {
            c[o + 2] += t2;
        }
        if (valid > 3) {
            c[o + 3] += t3;
        }
    }

    private static int roundUp(int x, int r) {
        return (x + r - 1) / r * r;
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] into MR-row panels, each laid out [kc][MR], zero-padded. Full
     * panels copy their MR rows with one unrolled statement per row (about 1.4x faster than a loop over
     * the rows); a last partial panel goes element by element.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
            float[] pa) {
        int full = mc / MR * MR;
        if (transA) {
            // op(A)(i,p) = a[p*lda + i]: walk each stored row p once, left to right, over all panels.
            int step = kc * MR;
            for (int p = 0; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                int dst = p * MR;
                for (int ir = 0; ir < full; ir += MR, dst += step) {
                    int q = src + ir;
                    pa[dst] = a[q];
                    pa[dst + 1] = a[q + 1];
                    pa[dst + 2] = a[q + 2];
                    pa[dst + 3] = a[q + 3];
                    pa[dst + 4] = a[q + 4];
                    pa[dst + 5] = a[q + 5];
                }
                if (full < mc) {
                    int r = 0;
                    for (; r < mc - full; r++) {
                        pa[dst + r] = a[src + full + r];
                    }
                    for (; r < MR; r++) {
                        pa[dst + r] = 0f;
                    }
                }
            }
            return;
        }
        for (int ir = 0; ir < full; ir += MR) {
            int s0 = aOff + (ic + ir) * lda + pc;
            int s1 = s0 + lda;
            int s2 = s1 + lda;
            int s3 = s2 + lda;
            int s4 = s3 + lda;
            int s5 = s4 + lda;
            for (int p = 0, d = ir * kc; p < kc; p++, d += MR) {
                pa[d] = a[s0 + p];
                pa[d + 1] = a[s1 + p];
                pa[d + 2] = a[s2 + p];
                pa[d + 3] = a[s3 + p];
                pa[d + 4] = a[s4 + p];
                pa[d + 5] = a[s5 + p];
            }
        }
        if (full < mc) {
            int mr = mc - full;
            int base = full * kc;
            for (int r = 0; r < mr; r++) {
                int src = aOff + (ic + full + r) * lda + pc;
                int dst = base + r;
                for (int p = 0; p < kc; p++) {
                    pa[dst + p * MR] = a[src + p];
                }
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    pa[base + r + p * MR] = 0f;
                }
            }
        }
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] into NR-column panels, each laid out [kc][NR], zero-padded. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
            float[] pb) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (transB && nr == NR && FAST_TRANSPOSE) {
                // VL x VL blocks transposed in registers (faster than the element-by-element gather below);
                // the kc % VL last rows of the panel element by element
                for (int h = 0; h < NR; h += VL) {
                    int src = bOff + (jc + jr + h) * ldb + pc;
                    int p = 0;
                    for (; p + VL <= kc; p += VL) {
                        if (VL == 16) {
                            transpose16(b, src + p, ldb, pb, base + p * NR + h);
                        } else {
                            transpose8(b, src + p, ldb, pb, base + p * NR + h);
                        }
                    }
                    for (; p < kc; p++) {
                        int dst = base + p * NR + h;
                        for (int q = 0; q < VL; q++) {
                            pb[dst + q] = b[src + q * ldb + p];
                        }
                    }
                }
            } else if (transB) {
                // op(B)(p,j) = b[j*ldb + p]: read down the nr rows of b, write each panel row in order
                // (measured ~20% faster than one source row at a time, whose writes stride by NR).
                int src0 = bOff + (jc + jr) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    for (int q = 0, src = src0 + p; q < nr; q++, src += ldb) {
                        pb[dst + q] = b[src];
                    }
                }
                for (int q = nr; q < NR; q++) {
                    for (int p = 0; p < kc; p++) {
                        pb[base + q + p * NR] = 0f;
                    }
                }
            } else if (nr == NR) {
                // arraycopy rather than vector load/store: in this large method C2 (JDK 17) left the
                // vector store unintrinsified (FloatVector.stOp, the scalar fallback, was ~10% of the
                // small CNN's inference time in a stack profile)
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, pb, base + p * NR, NR);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    int dst = base + p * NR;
                    int q = 0;
                    for (; q < nr; q++) {
                        pb[dst + q] = b[src + q];
                    }
                    for (; q < NR; q++) {
                        pb[dst + q] = 0f;
                    }
                }
            }
        }
    }

    // The VL x VL transpose of a B panel block (VL = 16 or 8): stage d (d = VL/2, ..., 1) pairs vectors i and
    // i + d; UP[d] moves lane l - d to lane l, DN[d] lane l + d to lane l, HI[d] marks the lanes with bit d
    // set. Separate constants rather than arrays, so that C2 sees each as a constant. Built on G only
    // (see S for why a second shape must not appear).
    private static final boolean FAST_TRANSPOSE = VL == 16 || VL == 8;
    private static final VectorShuffle<Float> UP8 = shift(-8);
    private static final VectorShuffle<Float> DN8 = shift(8);
    private static final VectorShuffle<Float> UP4 = shift(-4);
    private static final VectorShuffle<Float> DN4 = shift(4);
    private static final VectorShuffle<Float> UP2 = shift(-2);
    private static final VectorShuffle<Float> DN2 = shift(2);
    private static final VectorShuffle<Float> UP1 = shift(-1);
    private static final VectorShuffle<Float> DN1 = shift(1);
    private static final VectorMask<Float> HI8 = laneBit(8);
    private static final VectorMask<Float> HI4 = laneBit(4);
    private static final VectorMask<Float> HI2 = laneBit(2);
    private static final VectorMask<Float> HI1 = laneBit(1);
    private static final VectorMask<Float> LO8 = HI8.not();
    private static final VectorMask<Float> LO4 = HI4.not();
    private static final VectorMask<Float> LO2 = HI2.not();
    private static final VectorMask<Float> LO1 = HI1.not();

    private static VectorShuffle<Float> shift(int d) {
        return VectorShuffle.fromOp(G, l -> (l + d) & (VL - 1));
    }

    private static VectorMask<Float> laneBit(int d) {
        boolean[] m = new boolean[VL];
        for (int l = 0; l < VL; l++) {
            m[l] = (l & d) != 0;
        }
        return VectorMask.fromArray(G, m, 0);
    }

    /**
     * pb[dst + p*NR + q] = b[src + q*ldb + p] for p, q in [0, 16) (VL = 16): one block of a transposed B
     * panel, through butterfly stages of lane permutes and blends (pure data movement: the packed panel is
     * identical to the element-by-element copy).
     */
    static void transpose16(float[] b, int src, int ldb, float[] pb, int dst) {
        FloatVector v0 = FloatVector.fromArray(G, b, src);
        FloatVector v1 = FloatVector.fromArray(G, b, src + ldb);
        FloatVector v2 = FloatVector.fromArray(G, b, src + 2 * ldb);
        FloatVector v3 = FloatVector.fromArray(G, b, src + 3 * ldb);
        FloatVector v4 = FloatVector.fromArray(G, b, src + 4 * ldb);
        FloatVector v5 = FloatVector.fromArray(G, b, src + 5 * ldb);
        FloatVector v6 = FloatVector.fromArray(G, b, src + 6 * ldb);
        FloatVector v7 = FloatVector.fromArray(G, b, src + 7 * ldb);
        FloatVector v8 = FloatVector.fromArray(G, b, src + 8 * ldb);
        FloatVector v9 = FloatVector.fromArray(G, b, src + 9 * ldb);
        FloatVector v10 = FloatVector.fromArray(G, b, src + 10 * ldb);
        FloatVector v11 = FloatVector.fromArray(G, b, src + 11 * ldb);
        FloatVector v12 = FloatVector.fromArray(G, b, src + 12 * ldb);
        FloatVector v13 = FloatVector.fromArray(G, b, src + 13 * ldb);
        FloatVector v14 = FloatVector.fromArray(G, b, src + 14 * ldb);
        FloatVector v15 = FloatVector.fromArray(G, b, src + 15 * ldb);
        FloatVector t;
        t = v0;
        v0 = v0.blend(v8.rearrange(UP8), HI8);
        v8 = v8.blend(t.rearrange(DN8), LO8);
        t = v1;
        v1 = v1.blend(v9.rearrange(UP8), HI8);
        v9 = v9.blend(t.rearrange(DN8), LO8);
        t = v2;
        v2 = v2.blend(v10.rearrange(UP8), HI8);
        v10 = v10.blend(t.rearrange(DN8), LO8);
        t = v3;
        v3 = v3.blend(v11.rearrange(UP8), HI8);
        v11 = v11.blend(t.rearrange(DN8), LO8);
        t = v4;
        v4 = v4.blend(v12.rearrange(UP8), HI8);
        v12 = v12.blend(t.rearrange(DN8), LO8);
        t = v5;
        v5 = v5.blend(v13.rearrange(UP8), HI8);
        v13 = v13.blend(t.rearrange(DN8), LO8);
        t = v6;
        v6 = v6.blend(v14.rearrange(UP8), HI8);
        v14 = v14.blend(t.rearrange(DN8), LO8);
        t = v7;
        v7 = v7.blend(v15.rearrange(UP8), HI8);
        v15 = v15.blend(t.rearrange(DN8), LO8);
        t = v0;
        v0 = v0.blend(v4.rearrange(UP4), HI4);
        v4 = v4.blend(t.rearrange(DN4), LO4);
        t = v1;
        v1 = v1.blend(v5.rearrange(UP4), HI4);
        v5 = v5.blend(t.rearrange(DN4), LO4);
        t = v2;
        v2 = v2.blend(v6.rearrange(UP4), HI4);
        v6 = v6.blend(t.rearrange(DN4), LO4);
        t = v3;
        v3 = v3.blend(v7.rearrange(UP4), HI4);
        v7 = v7.blend(t.rearrange(DN4), LO4);
        t = v8;
        v8 = v8.blend(v12.rearrange(UP4), HI4);
        v12 = v12.blend(t.rearrange(DN4), LO4);
        t = v9;
        v9 = v9.blend(v13.rearrange(UP4), HI4);
        v13 = v13.blend(t.rearrange(DN4), LO4);
        t = v10;
        v10 = v10.blend(v14.rearrange(UP4), HI4);
        v14 = v14.blend(t.rearrange(DN4), LO4);
        t = v11;
        v11 = v11.blend(v15.rearrange(UP4), HI4);
        v15 = v15.blend(t.rearrange(DN4), LO4);
        t = v0;
        v0 = v0.blend(v2.rearrange(UP2), HI2);
        v2 = v2.blend(t.rearrange(DN2), LO2);
        t = v1;
        v1 = v1.blend(v3.rearrange(UP2), HI2);
        v3 = v3.blend(t.rearrange(DN2), LO2);
        t = v4;
        v4 = v4.blend(v6.rearrange(UP2), HI2);
        v6 = v6.blend(t.rearrange(DN2), LO2);
        t = v5;
        v5 = v5.blend(v7.rearrange(UP2), HI2);
        v7 = v7.blend(t.rearrange(DN2), LO2);
        t = v8;
        v8 = v8.blend(v10.rearrange(UP2), HI2);
        v10 = v10.blend(t.rearrange(DN2), LO2);
        t = v9;
        v9 = v9.blend(v11.rearrange(UP2), HI2);
        v11 = v11.blend(t.rearrange(DN2), LO2);
        t = v12;
        v12 = v12.blend(v14.rearrange(UP2), HI2);
        v14 = v14.blend(t.rearrange(DN2), LO2);
        t = v13;
        v13 = v13.blend(v15.rearrange(UP2), HI2);
        v15 = v15.blend(t.rearrange(DN2), LO2);
        t = v0;
        v0 = v0.blend(v1.rearrange(UP1), HI1);
        v1 = v1.blend(t.rearrange(DN1), LO1);
        t = v2;
        v2 = v2.blend(v3.rearrange(UP1), HI1);
        v3 = v3.blend(t.rearrange(DN1), LO1);
        t = v4;
        v4 = v4.blend(v5.rearrange(UP1), HI1);
        v5 = v5.blend(t.rearrange(DN1), LO1);
        t = v6;
        v6 = v6.blend(v7.rearrange(UP1), HI1);
        v7 = v7.blend(t.rearrange(DN1), LO1);
        t = v8;
        v8 = v8.blend(v9.rearrange(UP1), HI1);
        v9 = v9.blend(t.rearrange(DN1), LO1);
        t = v10;
        v10 = v10.blend(v11.rearrange(UP1), HI1);
        v11 = v11.blend(t.rearrange(DN1), LO1);
        t = v12;
        v12 = v12.blend(v13.rearrange(UP1), HI1);
        v13 = v13.blend(t.rearrange(DN1), LO1);
        t = v14;
        v14 = v14.blend(v15.rearrange(UP1), HI1);
        v15 = v15.blend(t.rearrange(DN1), LO1);
        v0.intoArray(pb, dst);
        v1.intoArray(pb, dst + NR);
        v2.intoArray(pb, dst + 2 * NR);
        v3.intoArray(pb, dst + 3 * NR);
        v4.intoArray(pb, dst + 4 * NR);
        v5.intoArray(pb, dst + 5 * NR);
        v6.intoArray(pb, dst + 6 * NR);
        v7.intoArray(pb, dst + 7 * NR);
        v8.intoArray(pb, dst + 8 * NR);
        v9.intoArray(pb, dst + 9 * NR);
        v10.intoArray(pb, dst + 10 * NR);
        v11.intoArray(pb, dst + 11 * NR);
        v12.intoArray(pb, dst + 12 * NR);
        v13.intoArray(pb, dst + 13 * NR);
        v14.intoArray(pb, dst + 14 * NR);
        v15.intoArray(pb, dst + 15 * NR);
    }

    /**
     * pb[dst + p*NR + q] = b[src + q*ldb + p] for p, q in [0, 8) (VL = 8): one block of a transposed B
     * panel, through butterfly stages of lane permutes and blends (pure data movement: the packed panel is
     * identical to the element-by-element copy).
     */
    static void transpose8(float[] b, int src, int ldb, float[] pb, int dst) {
        FloatVector v0 = FloatVector.fromArray(G, b, src);
        FloatVector v1 = FloatVector.fromArray(G, b, src + ldb);
        FloatVector v2 = FloatVector.fromArray(G, b, src + 2 * ldb);
        FloatVector v3 = FloatVector.fromArray(G, b, src + 3 * ldb);
        FloatVector v4 = FloatVector.fromArray(G, b, src + 4 * ldb);
        FloatVector v5 = FloatVector.fromArray(G, b, src + 5 * ldb);
        FloatVector v6 = FloatVector.fromArray(G, b, src + 6 * ldb);
        FloatVector v7 = FloatVector.fromArray(G, b, src + 7 * ldb);
        FloatVector t;
        t = v0;
        v0 = v0.blend(v4.rearrange(UP4), HI4);
        v4 = v4.blend(t.rearrange(DN4), LO4);
        t = v1;
        v1 = v1.blend(v5.rearrange(UP4), HI4);
        v5 = v5.blend(t.rearrange(DN4), LO4);
        t = v2;
        v2 = v2.blend(v6.rearrange(UP4), HI4);
        v6 = v6.blend(t.rearrange(DN4), LO4);
        t = v3;
        v3 = v3.blend(v7.rearrange(UP4), HI4);
        v7 = v7.blend(t.rearrange(DN4), LO4);
        t = v0;
        v0 = v0.blend(v2.rearrange(UP2), HI2);
        v2 = v2.blend(t.rearrange(DN2), LO2);
        t = v1;
        v1 = v1.blend(v3.rearrange(UP2), HI2);
        v3 = v3.blend(t.rearrange(DN2), LO2);
        t = v4;
        v4 = v4.blend(v6.rearrange(UP2), HI2);
        v6 = v6.blend(t.rearrange(DN2), LO2);
        t = v5;
        v5 = v5.blend(v7.rearrange(UP2), HI2);
        v7 = v7.blend(t.rearrange(DN2), LO2);
        t = v0;
        v0 = v0.blend(v1.rearrange(UP1), HI1);
        v1 = v1.blend(t.rearrange(DN1), LO1);
        t = v2;
        v2 = v2.blend(v3.rearrange(UP1), HI1);
        v3 = v3.blend(t.rearrange(DN1), LO1);
        t = v4;
        v4 = v4.blend(v5.rearrange(UP1), HI1);
        v5 = v5.blend(t.rearrange(DN1), LO1);
        t = v6;
        v6 = v6.blend(v7.rearrange(UP1), HI1);
        v7 = v7.blend(t.rearrange(DN1), LO1);
        v0.intoArray(pb, dst);
        v1.intoArray(pb, dst + NR);
        v2.intoArray(pb, dst + 2 * NR);
        v3.intoArray(pb, dst + 3 * NR);
        v4.intoArray(pb, dst + 4 * NR);
        v5.intoArray(pb, dst + 5 * NR);
        v6.intoArray(pb, dst + 6 * NR);
        v7.intoArray(pb, dst + 7 * NR);
    }

    /** C block [mc, nc] += packed A block x packed B block. */
    private static void macro(int mc, int nc, int kc, float[] pa, int paOff, float[] pb, float[] c, int cOff, int ldc,
            float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int ao = paOff + ir * kc;
                int co = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    kernel(kc, pa, ao, pb, bo, c, co, ldc);
                } else if (mr == MR && nr == VL) {
                    kernelHalf(kc, pa, ao, pb, bo, c, co, ldc);
                } else {
                    java.util.Arrays.fill(tile, 0f);
                    if (nr <= VL) {
                        kernelHalf(kc, pa, ao, pb, bo, tile, 0, NR);
                    } else {
                        kernel(kc, pa, ao, pb, bo, tile, 0, NR);
                    }
                    for (int i = 0; i < mr; i++) {
                        int ci = co + i * ldc;
                        int ti = i * NR;
                        for (int j = 0; j < nr; j++) {
                            c[ci + j] += tile[ti + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * The 6 x (1 vector) tile for a last panel at most VL columns wide (e.g. 784 = 24 x 32 + 16):
     * the first VL columns of {@link #kernel}'s tile, same FMAs in the same order, half the work.
     */
    private static void kernelHalf(int kc, float[] pa, int ao, float[] pb, int bo, float[] c, int co, int ldc) {
        FloatVector c0 = FloatVector.zero(G);
        FloatVector c1 = FloatVector.zero(G);
        FloatVector c2 = FloatVector.zero(G);
        FloatVector c3 = FloatVector.zero(G);
        FloatVector c4 = FloatVector.zero(G);
        FloatVector c5 = FloatVector.zero(G);
        int bEnd = bo + kc * NR;
        for (int bb = bo, a = ao; bb < bEnd; bb += NR, a += MR) {
            FloatVector b0 = FloatVector.fromArray(G, pb, bb);
            c0 = FloatVector.broadcast(G, pa[a]).fma(b0, c0);
            c1 = FloatVector.broadcast(G, pa[a + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(G, pa[a + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(G, pa[a + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(G, pa[a + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(G, pa[a + 5]).fma(b0, c5);
        }
        c0.add(FloatVector.fromArray(G, c, co)).intoArray(c, co);
        int r = co + ldc;
        c1.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        r += ldc;
        c2.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        r += ldc;
        c3.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        r += ldc;
        c4.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        r += ldc;
        c5.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
    }

    /** The 6 x (2 vectors) register tile: c[co + i*ldc + j] += sum_p pa[ao + p*MR + i] pb[bo + p*NR + j]. */
    private static void kernel(int kc, float[] pa, int ao, float[] pb, int bo, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(G);
        FloatVector c01 = FloatVector.zero(G);
        FloatVector c10 = FloatVector.zero(G);
        FloatVector c11 = FloatVector.zero(G);
        FloatVector c20 = FloatVector.zero(G);
        FloatVector c21 = FloatVector.zero(G);
        FloatVector c30 = FloatVector.zero(G);
        FloatVector c31 = FloatVector.zero(G);
        FloatVector c40 = FloatVector.zero(G);
        FloatVector c41 = FloatVector.zero(G);
        FloatVector c50 = FloatVector.zero(G);
        FloatVector c51 = FloatVector.zero(G);
        int bEnd = bo + kc * NR;
        for (int bb = bo, a = ao; bb < bEnd; bb += NR, a += MR) {
            FloatVector b0 = FloatVector.fromArray(G, pb, bb);
            FloatVector b1 = FloatVector.fromArray(G, pb, bb + VL);
            FloatVector av = FloatVector.broadcast(G, pa[a]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(G, pa[a + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(G, pa[a + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(G, pa[a + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(G, pa[a + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(G, pa[a + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // Written out rather than through a helper: a vector passed to a call that is not inlined
        // must be boxed, which measured 2x slower on JDK 17.
        c00.add(FloatVector.fromArray(G, c, co)).intoArray(c, co);
        c01.add(FloatVector.fromArray(G, c, co + VL)).intoArray(c, co + VL);
        int r = co + ldc;
        c10.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        c11.add(FloatVector.fromArray(G, c, r + VL)).intoArray(c, r + VL);
        r += ldc;
        c20.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        c21.add(FloatVector.fromArray(G, c, r + VL)).intoArray(c, r + VL);
        r += ldc;
        c30.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        c31.add(FloatVector.fromArray(G, c, r + VL)).intoArray(c, r + VL);
        r += ldc;
        c40.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        c41.add(FloatVector.fromArray(G, c, r + VL)).intoArray(c, r + VL);
        r += ldc;
        c50.add(FloatVector.fromArray(G, c, r)).intoArray(c, r);
        c51.add(FloatVector.fromArray(G, c, r + VL)).intoArray(c, r + VL);
    }
}

package org.privet.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link Sgemm} against a double-precision reference. Tolerance: the deterministic
 * forward-error bound of float summation, |err| <= 2 k u sum_p |a_ip b_pj| (u = 2^-24), doubled
 * for margin, so these tests cannot fail by chance.
 */
class SgemmTest {
    private static final int SAVED = Parallel.threads();
    private static final double U = Math.ulp(1f) / 2;

    @AfterEach
    void restore() {
        Parallel.setThreads(SAVED);
    }

    /** Runs one product embedded in larger arrays (offsets, padded leading dims) and checks it. */
    private static void check(Random r, boolean ta, boolean tb, int m, int n, int k, int pad) {
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        int aOff = pad * 3, bOff = pad * 5, cOff = pad * 7;
        float[] a = Reference.randomArray(r, aOff + Math.max(0, aRows * lda) + pad);
        float[] b = Reference.randomArray(r, bOff + Math.max(0, bRows * ldb) + pad);
        float[] c = Reference.randomArray(r, cOff + Math.max(0, m * ldc) + pad);
        float[] c0 = c.clone();
        double[] abs = new double[m * n];
        double[] ref = Reference.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, abs);
        Sgemm.sgemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        boolean[] inside = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * ldc + j;
                inside[at] = true;
                double want = c0[at] + ref[i * n + j];
                double tol = 4 * (k + 1) * U * (abs[i * n + j] + Math.abs(c0[at])) + 1e-30;
                if (Math.abs(c[at] - want) > tol) {
                    throw new AssertionError("sgemm ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                            + " pad=" + pad + ": C(" + i + "," + j + ") = " + c[at] + ", want " + want + " +- " + tol);
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inside[i]) {
                assertThat(c[i]).as("entry %d outside C must be untouched", i).isEqualTo(c0[i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void matchesReferenceOnOddShapesAllTransposes(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(11 + threads);
        int[] sizes = {1, 2, 3, 5, 6, 7, 13, 16, 17, 31, 37};
        for (int trans = 0; trans < 4; trans++) {
            for (int m : sizes) {
                for (int n : sizes) {
                    int k = sizes[r.nextInt(sizes.length)];
                    check(r, (trans & 1) != 0, (trans & 2) != 0, m, n, k, (m + n) % 3);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void matchesReferenceAcrossCacheBlocks(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(21 + threads);
        // m crosses MC = 144, k crosses KC = 256, n crosses the 1024-column block twice; primes leave
        // edges everywhere.
        for (int trans = 0; trans < 4; trans++) {
            check(r, (trans & 1) != 0, (trans & 2) != 0, 151, 67, 263, 1);
        }
        check(r, false, false, 13, 2053, 259, 0);
        check(r, true, true, 197, 29, 7, 2);
        check(r, false, true, 1, 1031, 300, 0);
        // narrow C (n < NR) large enough to be split over rows between threads
        check(r, true, false, 1500, 9, 200, 0);
        check(r, false, true, 1500, 9, 200, 2);
        check(r, true, false, 257, 1, 129, 0);
    }

    @Test
    void mlpShapesMatchReference() {
        Random r = new Random(3);
        // the training step of a 784-512-10 MLP with batch 64 (forward, weight gradients, input gradient)
        check(r, false, false, 64, 512, 784, 0);
        check(r, true, false, 784, 512, 64, 0);
        check(r, false, true, 64, 784, 512, 0);
        check(r, false, false, 64, 10, 512, 0);
        check(r, true, false, 512, 10, 64, 0);
        check(r, false, true, 64, 512, 10, 0);
        check(r, true, true, 37, 10, 65, 3);
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        Random r = new Random(5);
        for (int[] s : new int[][] {{300, 200, 150}, {7, 900, 33}, {500, 9, 77}}) {
            float[] a = Reference.randomArray(r, s[0] * s[2]);
            float[] b = Reference.randomArray(r, s[2] * s[1]);
            float[][] out = new float[3][];
            for (int t = 1; t <= 3; t++) {
                Parallel.setThreads(t);
                out[t - 1] = new float[s[0] * s[1]];
                Kernels.sgemm(false, true, s[0], s[1], s[2], a, b, out[t - 1]);
            }
            assertThat(out[1]).isEqualTo(out[0]);
            assertThat(out[2]).isEqualTo(out[0]);
        }
    }

    @Test
    void zeroSizesLeaveCUnchanged() {
        float[] c = {1f, 2f};
        Sgemm.sgemm(false, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2);
        Sgemm.sgemm(false, false, 0, 2, 3, new float[0], 0, 3, new float[6], 0, 2, c, 0, 2);
        assertThat(c).containsExactly(1f, 2f);
    }

    @Test
    void kernelsSgemmAccumulatesIntoC() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = {1, 1, 1, 1};
        Kernels.sgemm(false, false, 2, 2, 2, a, b, c);
        assertThat(c).containsExactly(20, 23, 44, 51);
        float[] ct = new float[4];
        Kernels.sgemm(true, true, 2, 2, 2, a, b, ct);
        // A^T B^T = (B A)^T ; B A = [[23,34],[31,46]]
        assertThat(ct).containsExactly(23, 31, 34, 46);
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[12];
        assertThatThrownBy(() -> Sgemm.sgemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=-1");
        assertThatThrownBy(() -> Sgemm.sgemm(false, false, 3, 3, 3, x, 0, 2, x, 0, 3, new float[9], 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leading dimension of A").hasMessageContaining("Provided value: 2");
        assertThatThrownBy(() -> Sgemm.sgemm(false, false, 5, 3, 3, x, 0, 3, x, 0, 3, new float[15], 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A of 5x3").hasMessageContaining("needs 15 entries, array has 12");
        assertThatThrownBy(() -> Sgemm.sgemm(false, false, 2, 2, 2, x, 0, 2, x, 0, 2, x, 11, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C of 2x2 at offset 11");
        assertThatThrownBy(() -> Sgemm.sgemm(false, false, 2, 2, 2, x, -1, 2, x, 0, 2, x, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aOff=-1");
    }

    @Test
    void matmulChecksInnerDimensions() {
        Tensor a = Tensor.zeros(3, 4);
        Tensor b = Tensor.zeros(5, 2);
        assertThatThrownBy(() -> a.matmul(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: [3, 4] x [5, 2]: inner dimensions 4 != 5");
        assertThatThrownBy(() -> Tensor.zeros(3).matmul(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a 2-D tensor");
        assertThat(Tensor.ones(3, 0).matmul(Tensor.ones(0, 2)).data()).containsOnly(0f).hasSize(6);
        assertThat(Tensor.ones(0, 4).matmul(Tensor.ones(4, 2)).shape()).containsExactly(0, 2);
        assertThat(Tensor.ones(3, 4).matmul(Tensor.ones(0, 4), false, true).shape()).containsExactly(3, 0);
        Tensor ok = a.matmul(Tensor.ones(3, 2), true, false);
        assertThat(ok.shape()).containsExactly(4, 2);
    }

    /** C0 + op(A) op(B) by sgemm and by sgemmPacked on one packing of A; returns both results. */
    private static float[][] packedAndPlain(Random r, boolean ta, boolean tb, int m, int n, int k) {
        int pad = 3;
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        float[] a = Reference.randomArray(r, 2 + (ta ? k : m) * lda);
        float[] b = Reference.randomArray(r, 5 + (tb ? n : k) * ldb);
        float[] c = Reference.randomArray(r, 7 + m * ldc);
        float[] plain = c.clone();
        Sgemm.sgemm(ta, tb, m, n, k, a, 2, lda, b, 5, ldb, plain, 7, ldc);
        Sgemm.PackedA pa = Sgemm.packA(ta, m, k, a, 2, lda);
        float[] packed = c.clone();
        Sgemm.sgemmPacked(pa, n, tb, b, 5, ldb, packed, 7, ldc);
        return new float[][] {plain, packed};
    }

    /** [m, n, k]: tiny, narrow, one block, several MC / KC blocks and an NC edge. */
    private static final int[][] PACKED_SHAPES = {
        {3, 4, 5}, {40, 7, 33}, {64, 196, 800}, {150, 37, 300}, {7, 1030, 260}, {800, 196, 64}, {0, 5, 5},
        {5, 0, 5}, {5, 5, 0},
    };

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void packedAIsBitIdenticalToPlainSgemmOnEveryPath(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(60 + threads);
        for (int[] sh : PACKED_SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                long seed = sh[0] * 31L + sh[1] + t;
                float[][] outside = packedAndPlain(r, ta, tb, sh[0], sh[1], sh[2]);
                assertThat(outside[1]).as("%s ta=%s tb=%s", java.util.Arrays.toString(sh), ta, tb)
                        .isEqualTo(outside[0]);
                // inside a parallel region (as in a batch-parallel convolution) the packed path runs serially
                float[][][] inside = new float[1][][];
                Parallel.forEach(2, Long.MAX_VALUE, i -> {
                    if (i == 0) {
                        inside[0] = packedAndPlain(new Random(seed), ta, tb, sh[0], sh[1], sh[2]);
                    }
                });
                assertThat(inside[0][1]).as("in region %s ta=%s tb=%s", java.util.Arrays.toString(sh), ta, tb)
                        .isEqualTo(inside[0][0]);
            }
        }
    }

    /**
     * Packing is pure data movement: C += A op(B) with B passed transposed (packed by the 16 x 16
     * register transpose where VL = 16, element by element elsewhere) equals, bit for bit, the same
     * product with an explicitly transposed copy of B passed untransposed; likewise for A on the packed path. Shapes cover
     * full 16 x 16 blocks, k % 16 remainders, a 16-column last panel (n = 784) and narrow edges.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void transposedOperandsGiveTheBitsOfExplicitTransposes(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(90 + threads);
        int[][] shapes = {{256, 512, 784}, {70, 784, 256}, {13, 48, 37}, {6, 16, 16}, {9, 100, 300}, {20, 33, 17}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1], k = sh[2];
            float[] a = Reference.randomArray(r, m * k);
            float[] bt = Reference.randomArray(r, n * k); // stored [n, k]
            float[] b = new float[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    b[p * n + j] = bt[j * k + p];
                }
            }
            float[] at = new float[k * m];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    at[p * m + i] = a[i * k + p];
                }
            }
            float[] plain = new float[m * n];
            Sgemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, plain, 0, n);
            float[] viaTransB = new float[m * n];
            Sgemm.sgemm(false, true, m, n, k, a, 0, k, bt, 0, k, viaTransB, 0, n);
            float[] viaBoth = new float[m * n];
            Sgemm.sgemm(true, true, m, n, k, at, 0, m, bt, 0, k, viaBoth, 0, n);
            assertThat(viaTransB).as("transB %s", java.util.Arrays.toString(sh)).isEqualTo(plain);
            if (n >= Sgemm.NR) { // narrow products sum A^T differently (lanes as rows): not a packing question
                assertThat(viaBoth).as("transA transB %s", java.util.Arrays.toString(sh)).isEqualTo(plain);
            }
        }
    }
}

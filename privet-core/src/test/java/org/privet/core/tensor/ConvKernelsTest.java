package org.privet.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Convolution and pooling kernels against direct (non-im2col) double-precision references.
 * Tolerance per entry: 4 (terms + 1) u sum |products|, the deterministic float summation bound
 * with margin (u = 2^-24): these tests cannot fail by chance.
 */
class ConvKernelsTest {
    private static final int SAVED = Parallel.threads();
    private static final double U = Math.ulp(1f) / 2;

    @AfterEach
    void restore() {
        Parallel.setThreads(SAVED);
    }

    /** [n, c, h, w, o, kh, kw, stride, pad] */
    private static final int[][] CASES = {
        {1, 1, 5, 5, 1, 3, 3, 1, 0},
        {3, 2, 7, 6, 4, 3, 3, 1, 1},
        {2, 3, 9, 11, 5, 3, 2, 2, 1},
        {4, 1, 8, 8, 3, 5, 5, 3, 2},
        {2, 5, 6, 7, 3, 1, 1, 1, 0},  // pointwise: columns are the input itself
        {2, 4, 6, 7, 3, 1, 1, 2, 0},  // 1x1 with stride: not pointwise
        {5, 3, 13, 13, 7, 4, 4, 2, 0},
        {1, 2, 3, 3, 2, 3, 3, 1, 2},  // padding larger than useful
        {9, 2, 12, 10, 6, 3, 3, 1, 1},
        {8, 4, 12, 12, 8, 3, 3, 1, 1}, // enough work to run in parallel (2 n o C kh kw OH OW > 2^19)
        // stride 1 and OW = W: the contiguous im2col / col2im path
        {4, 3, 9, 8, 5, 5, 5, 1, 2},  // 5x5 "same", as in the small CNN
        {2, 2, 6, 7, 3, 3, 5, 1, 2},  // OH = H + 2 != H, OW = W
        {3, 2, 8, 5, 4, 5, 1, 1, 0},  // OW = W without padding, OH = H - 4
        {2, 3, 3, 3, 2, 7, 7, 1, 3},  // window larger than the image: some rows all padding
    };

    private static void close(float[] got, double[] want, double[] scale, int terms, String what) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            double tol = 4 * (terms + 1) * U * scale[i] + 1e-30;
            if (Math.abs(got[i] - want[i]) > tol) {
                throw new AssertionError(what + ": entry " + i + " = " + got[i] + ", want " + want[i] + " +- " + tol);
            }
        }
    }

    private static Tensor abs(Tensor t) {
        return t.abs();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void conv2dAndBothGradientsMatchDirectReference(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(40 + threads);
        for (int[] cs : CASES) {
            int n = cs[0], c = cs[1], h = cs[2], w = cs[3], o = cs[4], kh = cs[5], kw = cs[6], s = cs[7], p = cs[8];
            String what = Arrays.toString(cs);
            Tensor x = Reference.randn(r, n, c, h, w);
            Tensor wt = Reference.randn(r, o, c, kh, kw);
            Tensor bias = r.nextBoolean() ? Reference.randn(r, o) : null;
            int oh = Reference.out(h, kh, s, p), ow = Reference.out(w, kw, s, p);
            Tensor y = Kernels.conv2d(x, wt, bias, s, p);
            assertThat(y.shape()).containsExactly(n, o, oh, ow);
            double[] scaleY = Reference.conv2d(abs(x), abs(wt), bias == null ? null : abs(bias), s, p);
            close(y.data(), Reference.conv2d(x, wt, bias, s, p), scaleY, c * kh * kw + 1, "conv2d " + what);

            Tensor gy = Reference.randn(r, n, o, oh, ow);
            int[] xs = {n, c, h, w};
            Tensor gx = Kernels.conv2dBackwardInput(gy, wt, xs, s, p);
            close(gx.data(), Reference.conv2dBackwardInput(gy, wt, xs, s, p),
                    Reference.conv2dBackwardInput(abs(gy), abs(wt), xs, s, p), o * kh * kw, "grad input " + what);

            int[] ws = {o, c, kh, kw};
            Tensor gw = Kernels.conv2dBackwardWeight(x, gy, ws, s, p);
            close(gw.data(), Reference.conv2dBackwardWeight(x, gy, ws, s, p),
                    Reference.conv2dBackwardWeight(abs(x), abs(gy), ws, s, p), n * oh * ow + 8, "grad weight " + what);
        }
    }

    @Test
    void convolutionIsBitIdenticalForOneAndTwoThreads() {
        Random r = new Random(7);
        Tensor x = Reference.randn(r, 16, 3, 14, 14);
        Tensor wt = Reference.randn(r, 8, 3, 3, 3);
        Tensor gy = Reference.randn(r, 16, 8, 14, 14);
        Tensor[][] out = new Tensor[2][];
        for (int t = 1; t <= 2; t++) {
            Parallel.setThreads(t);
            out[t - 1] = new Tensor[] {
                Kernels.conv2d(x, wt, null, 1, 1),
                Kernels.conv2dBackwardInput(gy, wt, x.shape(), 1, 1),
                Kernels.conv2dBackwardWeight(x, gy, wt.shape(), 1, 1)};
        }
        for (int i = 0; i < 3; i++) {
            assertThat(out[1][i].data()).isEqualTo(out[0][i].data());
        }
    }

    @Test
    void im2colMatchesReferenceAndCol2imIsItsAdjoint() {
        Random r = new Random(8);
        for (int[] cs : CASES) {
            int n = cs[0], c = cs[1], h = cs[2], w = cs[3], kh = cs[5], kw = cs[6], s = cs[7], p = cs[8];
            Tensor x = Reference.randn(r, n, c, h, w);
            Tensor cols = Kernels.im2col(x, kh, kw, s, p);
            assertThat(cols.data()).isEqualTo(Reference.im2col(x, kh, kw, s, p));
            // <im2col(x), y> == <x, col2im(y)> up to rounding of two double sums of float products
            Tensor y = Reference.randn(r, cols.shape());
            double lhs = Kernels.dot(cols.data(), y.data());
            float[] yBefore = y.data().clone();
            double rhs = Kernels.dot(x.data(), Kernels.col2im(y, x.shape(), kh, kw, s, p).data());
            assertThat(rhs).isCloseTo(lhs, offset(1e-3 * (1 + Math.abs(lhs))));
            assertThat(y.data()).as("col2im leaves its argument alone").isEqualTo(yBefore);
        }
    }

    @Test
    void poolingMatchesDefinitions() {
        Random r = new Random(9);
        Tensor x = Reference.randn(r, 2, 3, 7, 6);
        int k = 3, s = 2;
        Kernels.PoolResult mp = Kernels.maxPool2d(x, k, s);
        Tensor avg = Kernels.avgPool2d(x, k, s);
        assertThat(mp.output().shape()).containsExactly(2, 3, 3, 2);
        for (int b = 0; b < 2; b++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 2; j++) {
                        float best = Float.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                float val = x.get(b, ch, i * s + u, j * s + v);
                                best = Math.max(best, val);
                                sum += val;
                            }
                        }
                        assertThat(mp.output().get(b, ch, i, j)).isEqualTo(best);
                        assertThat(x.data()[mp.argmax()[((b * 3 + ch) * 3 + i) * 2 + j]]).isEqualTo(best);
                        assertThat((double) avg.get(b, ch, i, j)).isCloseTo(sum / 9, offset(1e-5));
                    }
                }
            }
        }
        // backward passes are adjoints of the forward maps
        Tensor gy = Reference.randn(r, 2, 3, 3, 2);
        double lhs = Kernels.dot(avg.data(), gy.data());
        double rhs = Kernels.dot(x.data(), Kernels.avgPool2dBackward(gy, x.shape(), k, s).data());
        assertThat(rhs).isCloseTo(lhs, offset(1e-4));
        Tensor scattered = Kernels.scatterAdd(gy, mp.argmax(), x.shape());
        assertThat(Kernels.dot(x.data(), scattered.data()))
                .isCloseTo(Kernels.dot(mp.output().data(), gy.data()), offset(1e-4));
        assertThat(Kernels.gather(x, mp.argmax(), mp.output().shape()).data()).isEqualTo(mp.output().data());
    }

    @Test
    void emptyBatchesAndChannelsGiveEmptyOrBiasOnlyResults() {
        Tensor w = Tensor.ones(3, 2, 3, 3);
        assertThat(Kernels.conv2d(Tensor.zeros(0, 2, 5, 5), w, null, 1, 0).shape()).containsExactly(0, 3, 3, 3);
        assertThat(Kernels.conv2dBackwardWeight(Tensor.zeros(0, 2, 5, 5), Tensor.zeros(0, 3, 3, 3), w.shape(), 1, 0)
                .data()).containsOnly(0f);
        Tensor y = Kernels.conv2d(Tensor.zeros(2, 0, 4, 4), Tensor.zeros(3, 0, 3, 3),
                Tensor.of(new float[] {1, 2, 3}, 3), 1, 1);
        assertThat(y.get(1, 2, 3, 3)).isEqualTo(3f);
    }

    @Test
    void rejectsBadShapesWithTheRuleAndTheValue() {
        Tensor x = Tensor.zeros(1, 2, 5, 5);
        assertThatThrownBy(() -> Kernels.conv2d(x, Tensor.zeros(3, 4, 3, 3), null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 2, 5, 5]")
                .hasMessageContaining("[3, 4, 3, 3]").hasMessageContaining("equal C");
        assertThatThrownBy(() -> Kernels.conv2d(x, Tensor.zeros(3, 2, 7, 7), null, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit input size 5");
        assertThatThrownBy(() -> Kernels.conv2d(x, Tensor.zeros(3, 2, 3, 3), null, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride 0");
        assertThatThrownBy(() -> Kernels.conv2d(x, Tensor.zeros(3, 2, 3, 3), Tensor.zeros(2), 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias [2] must be [3]");
        assertThatThrownBy(() -> Kernels.conv2dBackwardInput(Tensor.zeros(1, 3, 2, 2), Tensor.zeros(3, 2, 3, 3),
                new int[] {1, 2, 5, 5}, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output gradient [1, 3, 2, 2] must be [1, 3, 3, 3]");
        assertThatThrownBy(() -> Kernels.maxPool2d(Tensor.zeros(2, 5, 5), 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[N,C,H,W]");
    }

    /** The definition: the first strictly largest entry of each window, scanning from -infinity. */
    private static void referenceMaxPool(Tensor x, int k, int s, float[] out, int[] arg) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = (h - k) / s + 1, ow = (w - k) / s + 1;
        float[] in = x.data();
        int o = 0;
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bi = p * h * w + i * s * w + j * s;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            int idx = p * h * w + (i * s + a) * w + j * s + b;
                            if (in[idx] > best) {
                                best = in[idx];
                                bi = idx;
                            }
                        }
                    }
                    out[o] = best;
                    arg[o++] = bi;
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void maxPoolingPicksTheFirstLargestEntryWithTiesNaNsAndInfinities(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(50 + threads);
        float[] values = {Float.NaN, Float.NEGATIVE_INFINITY, -1f, -0f, 0f, 0.5f, 1f, Float.POSITIVE_INFINITY};
        // [n, c, h, w, k, stride]; the first has 2 n c OH OW k k > 2^19, so it runs in parallel
        // 28, 14, 15 and 9 wide: 2x2 rows ending in a partial vector group (it reads into the next row)
        int[][] cases = {{16, 32, 32, 32, 2, 2}, {3, 5, 9, 7, 2, 2}, {2, 3, 8, 8, 3, 2}, {2, 2, 7, 6, 2, 1},
            {4, 3, 28, 28, 2, 2}, {3, 2, 14, 14, 2, 2}, {2, 3, 15, 15, 2, 2}, {1, 1, 4, 9, 2, 2}};
        for (int[] cs : cases) {
            Tensor x = Tensor.zeros(cs[0], cs[1], cs[2], cs[3]);
            float[] d = x.data();
            for (int i = 0; i < d.length; i++) {
                // mostly a few values, so that ties (+0/-0 included) and all-NaN windows occur
                d[i] = r.nextInt(4) == 0 ? (float) r.nextGaussian() : values[r.nextInt(values.length)];
            }
            Kernels.PoolResult got = Kernels.maxPool2d(x, cs[4], cs[5]);
            float[] out = new float[got.argmax().length];
            int[] arg = new int[out.length];
            referenceMaxPool(x, cs[4], cs[5], out, arg);
            assertThat(got.argmax()).as("argmax %s", Arrays.toString(cs)).isEqualTo(arg);
            for (int i = 0; i < out.length; i++) {
                assertThat(Float.floatToRawIntBits(got.output().data()[i])).as("output %d of %s", i,
                        Arrays.toString(cs)).isEqualTo(Float.floatToRawIntBits(out[i]));
            }
        }
    }
}

package org.privet.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Elementwise, broadcasting, reduction and softmax kernels. Elementwise results are exactly
 * rounded both in the vector and the scalar code, so they are compared for equality; sums are
 * compared with the float summation bound 2 n u sum|x| (u = 2^-24), which cannot fail by chance.
 */
class ElementwiseKernelsTest {
    private static final double U = Math.ulp(1f) / 2;

    /** Shape pairs covering same-shape, row, column, scalar and general broadcasts, odd lengths. */
    private static final int[][][] PAIRS = {
        {{37}, {37}},
        {{5, 19}, {5, 19}},
        {{7, 13}, {13}},
        {{13}, {7, 13}},
        {{7, 13}, {1, 13}},
        {{6, 11}, {6, 1}},
        {{6, 1}, {6, 11}},
        {{4, 9}, {1}},
        {{}, {3, 5}},
        {{3, 1}, {1, 4}},
        {{2, 1, 4}, {3, 1}},
        {{2, 3, 17}, {3, 17}},
        {{2, 3, 17}, {2, 3, 1}},
        {{0, 5}, {5}},
    };

    @Test
    void binaryOpsMatchReferenceOnEveryBroadcastPattern() {
        Random r = new Random(1);
        for (int[][] pair : PAIRS) {
            Tensor a = Reference.randn(r, pair[0]);
            Tensor b = Reference.randn(r, pair[1]);
            if (a.size() > 2 && b.size() > 2) { // an exact tie for MAX and GT
                a.data()[1] = b.data()[1];
            }
            for (Kernels.BinaryOp op : Kernels.BinaryOp.values()) {
                Tensor got = Kernels.binary(a, b, op);
                Tensor want = Reference.binary(a, b, op);
                assertThat(got.shape()).as("%s %s", op, Arrays.deepToString(pair)).isEqualTo(want.shape());
                assertThat(got.data()).as("%s %s", op, Arrays.deepToString(pair)).isEqualTo(want.data());
            }
        }
    }

    @Test
    void tensorMethodsUseTheRightOperandOrder() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5);
        Tensor b = Tensor.of(new float[] {10, 20}, 2, 1);
        assertThat(b.sub(a).data()).containsExactly(9, 8, 7, 6, 5, 14, 13, 12, 11, 10);
        assertThat(a.div(b).get(1, 4)).isEqualTo(0.5f);
        assertThat(a.add(1f).get(0, 0)).isEqualTo(2f);
        assertThat(a.mul(2f).get(1, 4)).isEqualTo(20f);
        assertThat(a.neg().get(0, 1)).isEqualTo(-2f);
    }

    @Test
    void broadcastErrorNamesShapesAndDimension() {
        assertThatThrownBy(() -> Tensor.zeros(3, 4).add(Tensor.zeros(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add: shapes [3, 4] and [5] cannot be broadcast (dimension 1: 4 vs 5)");
    }

    @Test
    void unaryVectorKernelsMatchScalarDefinitions() {
        float[] x = {-2f, -0f, 0f, 1e-30f, 3f, Float.NaN, -1e-30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            5f, -5f, 0.5f, -0.5f, 7f, 8f, -9f, 10f, 11f, -12f};
        Tensor t = Tensor.of(x, x.length);
        float[] relu = t.relu().data();
        float[] step = t.step().data();
        for (int i = 0; i < x.length; i++) {
            assertThat(relu[i]).as("relu(%s)", x[i]).isEqualTo(x[i] > 0 ? x[i] : 0f);
            assertThat(step[i]).as("step(%s)", x[i]).isEqualTo(x[i] > 0 ? 1f : 0f);
        }
        Random r = new Random(2);
        float[] y = Reference.randomArray(r, 29);
        float[] z = Reference.randomArray(r, 29);
        float[] z0 = z.clone();
        Kernels.axpy(-0.37f, y, z);
        for (int i = 0; i < z.length; i++) {
            assertThat(z[i]).isEqualTo(Math.fma(-0.37f, y[i], z0[i]));
        }
        Tensor s = Tensor.of(y, 29).mulInPlace(3f);
        for (int i = 0; i < y.length; i++) {
            assertThat(s.data()[i]).isEqualTo(y[i] * 3f);
        }
        assertThatThrownBy(() -> Kernels.axpy(1f, new float[3], new float[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x has 3, y has 4");
        assertThatThrownBy(() -> Tensor.zeros(3).axpyInPlace(1f, Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3] and [4] differ");
    }

    @Test
    void sumToInvertsEveryBroadcast() {
        Random r = new Random(3);
        int[][][] cases = {{{7, 13}, {13}}, {{7, 13}, {1, 13}}, {{7, 13}, {7, 1}}, {{2, 3, 4}, {3, 1}},
            {{2, 3, 4}, {}}, {{2, 3, 4}, {2, 1, 4}}, {{5}, {5}}};
        for (int[][] c : cases) {
            Tensor t = Reference.randn(r, c[0]);
            Tensor got = t.sumTo(c[1]);
            assertThat(got.shape()).isEqualTo(c[1]);
            double[] want = Reference.sumTo(t, c[1]);
            double[] scale = Reference.sumTo(t.abs(), c[1]);
            int terms = t.size() / Math.max(1, got.size());
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got.data()[i]).isCloseTo(want[i], offset(2 * (terms + 1) * U * scale[i] + 1e-30));
            }
        }
        assertThatThrownBy(() -> Tensor.zeros(3, 4).sumTo(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3, 4]").hasMessageContaining("[5]");
    }

    @Test
    void reductionsMatchReference() {
        Random r = new Random(4);
        Tensor t = Reference.randn(r, 3, 5, 7);
        for (int axis = 0; axis < 3; axis++) {
            Tensor s = t.sum(axis, false);
            Tensor m = t.max(axis, true);
            int[] idx = new int[3];
            for (int f = 0; f < t.size(); f++) {
                idx[0] = f / 35;
                idx[1] = f / 7 % 5;
                idx[2] = f % 7;
                if (idx[axis] != 0) {
                    continue;
                }
                double sum = 0;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < t.dim(axis); i++) {
                    int[] j = idx.clone();
                    j[axis] = i;
                    sum += t.get(j);
                    max = Math.max(max, t.get(j));
                }
                int[] keep = idx.clone();
                int[] drop = new int[2];
                for (int d = 0, e = 0; d < 3; d++) {
                    if (d != axis) {
                        drop[e++] = idx[d];
                    }
                }
                assertThat((double) s.get(drop)).isCloseTo(sum, offset(1e-5));
                assertThat(m.get(keep)).isEqualTo(max);
            }
        }
        assertThat(t.sum()).isCloseTo((float) Arrays.stream(toDouble(t.data())).sum(), offset(1e-4f));
        assertThatThrownBy(() -> t.sum(3, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("axis 3 out of range for shape [3, 5, 7]");
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    @Test
    void softmaxAndLogSoftmaxAreStableForLargeLogits() {
        Tensor logits = Tensor.of(new float[] {1000f, 999f, -1000f, -1e4f, -1e4f + 1, -1e4f + 2, 0f, 0f, 0f}, 3, 3);
        Tensor p = logits.softmax();
        Tensor lp = logits.logSoftmax();
        for (int row = 0; row < 3; row++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 3; j++) {
                m = Math.max(m, logits.get(row, j));
            }
            double z = 0;
            for (int j = 0; j < 3; j++) {
                z += Math.exp(logits.get(row, j) - m);
            }
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                double want = logits.get(row, j) - m - Math.log(z);
                assertThat(Float.isFinite(lp.get(row, j))).isTrue();
                assertThat((double) lp.get(row, j)).isCloseTo(want, offset(1e-3 + 1e-6 * Math.abs(want)));
                assertThat((double) p.get(row, j)).isCloseTo(Math.exp(want), offset(1e-6));
                sum += p.get(row, j);
            }
            assertThat(sum).isCloseTo(1.0, offset(1e-6));
        }
        assertThat(lp.get(0, 2)).isEqualTo(-2000f - (float) Math.log1p(Math.exp(-1)), offset(1e-2f));
        assertThatThrownBy(() -> Tensor.scalar(1f).softmax()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rank >= 1");
    }

    @Test
    void sumOverTheLastAxisIsWithinTheSummationBoundForEveryRowLength() {
        Random r = new Random(12);
        for (int len = 0; len <= 70; len++) { // below, at and across multiples of the vector length
            Tensor t = Reference.randn(r, 3, len);
            float[] got = t.sum(1, false).data();
            for (int row = 0; row < 3; row++) {
                double want = 0;
                double scale = 0;
                for (int j = 0; j < len; j++) {
                    want += t.get(row, j);
                    scale += Math.abs(t.get(row, j));
                }
                assertThat((double) got[row]).as("row %d of length %d", row, len)
                        .isCloseTo(want, offset(2 * (len + 1) * U * scale + 1e-30));
            }
        }
    }

    @Test
    void reluBackwardPassesTheGradientExactlyWhereXIsPositive() {
        Random r = new Random(13);
        Tensor x = Reference.randn(r, 3, 37);
        Tensor g = Reference.randn(r, 3, 37);
        float[] xd = x.data();
        xd[0] = Float.NaN;
        xd[1] = -0f;
        xd[2] = 0f;
        xd[3] = Float.MIN_VALUE;
        xd[4] = Float.POSITIVE_INFINITY;
        xd[40] = Float.NaN; // in the vector part as well as the tail
        Tensor got = Kernels.reluBackward(g, x);
        assertThat(got.shape()).containsExactly(3, 37);
        for (int i = 0; i < xd.length; i++) {
            assertThat(got.data()[i]).as("entry %d", i).isEqualTo(xd[i] > 0f ? g.data()[i] : 0f);
        }
        assertThatThrownBy(() -> Kernels.reluBackward(Tensor.zeros(3, 4), Tensor.zeros(4, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]")
                .hasMessageContaining("[4, 3]");
    }

    @Test
    void reluAndItsGradientAreExactOnLargeTensorsWithOneAndTwoThreads() {
        int saved = Parallel.threads();
        Random r = new Random(14);
        Tensor x = Reference.randn(r, 3, 200_001); // > 2^19 entries: parallel, with a partial last chunk
        Tensor g = Reference.randn(r, 3, 200_001);
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                float[] y = x.relu().data();
                float[] gx = Kernels.reluBackward(g, x).data();
                for (int i = 0; i < y.length; i++) {
                    float xi = x.data()[i];
                    if (y[i] != (xi > 0 ? xi : 0f) || gx[i] != (xi > 0 ? g.data()[i] : 0f)) {
                        throw new AssertionError("threads " + t + ", entry " + i + ": relu " + y[i] + ", gradient "
                                + gx[i] + " for x = " + xi);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void sumSquaresMatchesAnExactSumOnEveryRangeAndRejectsBadRanges() {
        Random r = new Random(31);
        float[] x = new float[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        for (int from = 0; from < 20; from++) {
            for (int len = 0; from + len <= x.length; len += 7) {
                java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
                double abs = 0;
                for (int i = from; i < from + len; i++) {
                    exact = exact.add(new java.math.BigDecimal((double) x[i]).pow(2));
                    abs += (double) x[i] * x[i];
                }
                // double products of floats are exact; each element passes through at most len + 18 additions
                // (its lane's partial sum, the 16 lanes, the tail, the total): error <= (len + 18) u abs
                double tol = (len + 18) * 0x1p-53 * abs;
                assertThat(Kernels.sumSquares(x, from, len)).as("from %d len %d", from, len)
                        .isCloseTo(exact.doubleValue(), offset(tol + 1e-300));
            }
        }
        for (int len = 0; len <= x.length; len += 3) {
            float[] p = java.util.Arrays.copyOf(x, len);
            float[] q = new float[len];
            java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
            double abs = 0;
            for (int i = 0; i < len; i++) {
                q[i] = (float) r.nextGaussian();
                exact = exact.add(new java.math.BigDecimal((double) p[i]).multiply(new java.math.BigDecimal((double) q[i])));
                abs += Math.abs((double) p[i] * q[i]);
            }
            assertThat(Kernels.dot(p, q)).as("dot len %d", len)
                    .isCloseTo(exact.doubleValue(), offset((len + 18) * 0x1p-53 * abs + 1e-300));
            assertThat(Kernels.dot(p, q)).isEqualTo(Kernels.dot(p, q)); // the same value on every call
        }
        assertThatThrownBy(() -> Kernels.dot(new float[3], new float[4])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Kernels.sumSquares(x, 95, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside an array of 100");
        assertThatThrownBy(() -> Kernels.sumSquares(x, -1, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

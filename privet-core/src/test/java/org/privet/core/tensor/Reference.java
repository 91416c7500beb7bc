package org.privet.core.tensor;

import java.util.Random;

/**
 * Naive reference implementations (the engine's original kernels, written for clarity, with
 * double accumulation where it helps) that the fast kernels are checked against.
 */
final class Reference {
    private Reference() {
    }

    /** Entry (i,p) of op(A) stored with the given offset and leading dimension. */
    static float opA(boolean trans, float[] a, int off, int ld, int i, int p) {
        return trans ? a[off + p * ld + i] : a[off + i * ld + p];
    }

    /** Entry (p,j) of op(B). */
    static float opB(boolean trans, float[] b, int off, int ld, int p, int j) {
        return trans ? b[off + j * ld + p] : b[off + p * ld + j];
    }

    /**
     * Exact-ish product in double: returns [m*n] values and, in {@code absOut}, sum_p |a||b| per
     * entry (the scale of the rounding error bound).
     */
    static double[] gemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, double[] absOut) {
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double v = (double) opA(ta, a, aOff, lda, i, p) * opB(tb, b, bOff, ldb, p, j);
                    s += v;
                    abs += Math.abs(v);
                }
                r[i * n + j] = s;
                absOut[i * n + j] = abs;
            }
        }
        return r;
    }

    static float[] randomArray(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static Tensor randn(Random r, int... shape) {
        return Tensor.wrap(randomArray(r, Tensor.sizeOf(shape)), shape);
    }

    static int out(int in, int k, int s, int p) {
        return (in + 2 * p - k) / s + 1;
    }

    /** Direct convolution (no im2col) in double. */
    static double[] conv2d(Tensor x, Tensor w, Tensor bias, int s, int p) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int oh = out(h, kh, s, p), ow = out(wd, kw, s, p);
        double[] y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = bias == null ? 0 : bias.get(oc);
                        for (int ch = 0; ch < c; ch++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int ii = i * s - p + u, jj = j * s - p + v;
                                    if (ii >= 0 && ii < h && jj >= 0 && jj < wd) {
                                        acc += (double) x.get(b, ch, ii, jj) * w.get(oc, ch, u, v);
                                    }
                                }
                            }
                        }
                        y[((b * o + oc) * oh + i) * ow + j] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** Gradient of sum(conv2d(x, w) * gy) w.r.t. x, directly. */
    static double[] conv2dBackwardInput(Tensor gy, Tensor w, int[] xs, int s, int p) {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int oh = gy.dim(2), ow = gy.dim(3);
        double[] gx = new double[n * c * h * wd];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double g = gy.get(b, oc, i, j);
                        for (int ch = 0; ch < c; ch++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int ii = i * s - p + u, jj = j * s - p + v;
                                    if (ii >= 0 && ii < h && jj >= 0 && jj < wd) {
                                        gx[((b * c + ch) * h + ii) * wd + jj] += g * w.get(oc, ch, u, v);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx;
    }

    /** Gradient of sum(conv2d(x, w) * gy) w.r.t. w, directly. */
    static double[] conv2dBackwardWeight(Tensor x, Tensor gy, int[] ws, int s, int p) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int o = ws[0], kh = ws[2], kw = ws[3];
        int oh = gy.dim(2), ow = gy.dim(3);
        double[] gw = new double[o * c * kh * kw];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double g = gy.get(b, oc, i, j);
                        for (int ch = 0; ch < c; ch++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int ii = i * s - p + u, jj = j * s - p + v;
                                    if (ii >= 0 && ii < h && jj >= 0 && jj < wd) {
                                        gw[((oc * c + ch) * kh + u) * kw + v] += g * x.get(b, ch, ii, jj);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return gw;
    }

    /** Naive unfold: [N,C,H,W] -> [N, C*kh*kw, OH*OW]. */
    static float[] im2col(Tensor x, int kh, int kw, int s, int p) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = out(h, kh, s, p), ow = out(w, kw, s, p);
        int rows = c * kh * kw, cols = oh * ow;
        float[] r = new float[n * rows * cols];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        for (int i = 0; i < oh; i++) {
                            for (int j = 0; j < ow; j++) {
                                int ii = i * s - p + u, jj = j * s - p + v;
                                float val = ii >= 0 && ii < h && jj >= 0 && jj < w ? x.get(b, ch, ii, jj) : 0f;
                                r[(b * rows + (ch * kh + u) * kw + v) * cols + i * ow + j] = val;
                            }
                        }
                    }
                }
            }
        }
        return r;
    }

    /** Broadcasting binary op by multi-index arithmetic. */
    static Tensor binary(Tensor a, Tensor b, Kernels.BinaryOp op) {
        int[] sa = a.shape(), sb = b.shape();
        int r = Math.max(sa.length, sb.length);
        int[] os = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - sa.length ? 1 : sa[i - (r - sa.length)];
            int db = i < r - sb.length ? 1 : sb[i - (r - sb.length)];
            os[i] = da == 1 ? db : da;
        }
        Tensor out = Tensor.zeros(os);
        int total = out.size();
        int[] idx = new int[r];
        for (int f = 0; f < total; f++) {
            int rem = f;
            for (int d = r - 1; d >= 0; d--) {
                idx[d] = rem % os[d];
                rem /= os[d];
            }
            out.data()[f] = op.apply(a.data()[flat(sa, idx)], b.data()[flat(sb, idx)]);
        }
        return out;
    }

    /** Flat index into shape s (right-aligned) of a broadcast multi-index. */
    static int flat(int[] s, int[] idx) {
        int off = 0;
        int shift = idx.length - s.length;
        for (int d = 0; d < s.length; d++) {
            int i = s[d] == 1 ? 0 : idx[d + shift];
            off = off * s[d] + i;
        }
        return off;
    }

    /** Sum of a broadcast result back to target, in double. */
    static double[] sumTo(Tensor t, int[] target) {
        int[] s = t.shape();
        double[] out = new double[Tensor.sizeOf(target)];
        int[] idx = new int[s.length];
        for (int f = 0; f < t.size(); f++) {
            int rem = f;
            for (int d = s.length - 1; d >= 0; d--) {
                idx[d] = rem % s[d];
                rem /= s[d];
            }
            out[flat(target, idx)] += t.data()[f];
        }
        return out;
    }
}

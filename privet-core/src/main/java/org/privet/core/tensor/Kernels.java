package org.privet.core.tensor;

import java.util.Arrays;

/**
 * Compute kernels behind {@link Tensor}: the hot path of the engine.
 *
 * <p>Every kernel here is a pure function of its inputs and allocates its output. Layout is
 * row-major; convolution tensors are NCHW with weights [out, in, kh, kw].
 */
public final class Kernels {
    private Kernels() {
    }

    /** Binary elementwise operations with numpy broadcasting. */
    public enum BinaryOp {
        ADD, SUB, MUL, DIV, MAX, GT;

        float apply(float a, float b) {
            switch (this) {
                case ADD: return a + b;
                case SUB: return a - b;
                case MUL: return a * b;
                case DIV: return a / b;
                case MAX: return Math.max(a, b);
                case GT: return a > b ? 1f : 0f;
                default: throw new AssertionError("internal invariant: unknown op " + this);
            }
        }
    }

    /** A float-to-float function for {@link #map}. */
    @FunctionalInterface
    public interface FloatUnary {
        float apply(float x);
    }

    // ------------------------------------------------------------------ elementwise

    static Tensor map(Tensor a, FloatUnary f) {
        float[] x = a.data();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.apply(x[i]);
        }
        return Tensor.wrap(y, a.shapeRef());
    }

    static Tensor scale(Tensor a, float s) {
        float[] x = a.data();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * s;
        }
        return Tensor.wrap(y, a.shapeRef());
    }

    static void scaleInPlace(float[] x, float s) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
    }

    /** y += alpha * x. */
    public static void axpy(float alpha, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** Dot product accumulated in double. */
    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }

    static int[] broadcastShape(int[] a, int[] b, String op) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    static Tensor binary(Tensor a, Tensor b, BinaryOp op) {
        float[] x = a.data();
        float[] y = b.data();
        if (Arrays.equals(a.shapeRef(), b.shapeRef())) {
            float[] z = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                z[i] = op.apply(x[i], y[i]);
            }
            return Tensor.wrap(z, a.shapeRef());
        }
        int[] os = broadcastShape(a.shapeRef(), b.shapeRef(), op.name().toLowerCase());
        int[] sa = broadcastStrides(a.shapeRef(), os);
        int[] sb = broadcastStrides(b.shapeRef(), os);
        int n = Tensor.sizeOf(os);
        float[] z = new float[n];
        int r = os.length;
        int[] idx = new int[r];
        int ia = 0;
        int ib = 0;
        for (int k = 0; k < n; k++) {
            z[k] = op.apply(x[ia], y[ib]);
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                ia += sa[d];
                ib += sb[d];
                if (idx[d] < os[d]) {
                    break;
                }
                ia -= sa[d] * os[d];
                ib -= sb[d] * os[d];
                idx[d] = 0;
            }
        }
        return Tensor.wrap(z, os);
    }

    /** Strides of {@code s} viewed in broadcast shape {@code out} (0 on stretched dimensions). */
    static int[] broadcastStrides(int[] s, int[] out) {
        int r = out.length;
        int[] st = new int[r];
        int stride = 1;
        for (int i = r - 1; i >= 0; i--) {
            int j = i - (r - s.length);
            int d = j >= 0 ? s[j] : 1;
            st[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return st;
    }

    static Tensor sumTo(Tensor t, int[] target) {
        int[] s = t.shapeRef();
        if (Arrays.equals(s, target)) {
            return t;
        }
        int[] check = broadcastShape(target, s, "sumTo");
        if (!Arrays.equals(check, s)) {
            throw new IllegalArgumentException("sumTo: " + Arrays.toString(s) + " is not a broadcast of "
                    + Arrays.toString(target));
        }
        int[] st = broadcastStrides(target, s);
        float[] out = new float[Tensor.sizeOf(target)];
        float[] x = t.data();
        int r = s.length;
        int[] idx = new int[r];
        int io = 0;
        for (int k = 0; k < x.length; k++) {
            out[io] += x[k];
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                io += st[d];
                if (idx[d] < s[d]) {
                    break;
                }
                io -= st[d] * s[d];
                idx[d] = 0;
            }
        }
        return Tensor.wrap(out, target);
    }

    // ------------------------------------------------------------------ reductions

    static Tensor sumAxis(Tensor t, int axis, boolean keepDims) {
        int[] s = t.shapeRef();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= s[i];
        }
        int n = s[axis];
        int inner = 1;
        for (int i = axis + 1; i < s.length; i++) {
            inner *= s[i];
        }
        float[] x = t.data();
        float[] y = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                int base = (o * n + k) * inner;
                int ob = o * inner;
                for (int i = 0; i < inner; i++) {
                    y[ob + i] += x[base + i];
                }
            }
        }
        return Tensor.wrap(y, reducedShape(s, axis, keepDims));
    }

    static Tensor maxAxis(Tensor t, int axis, boolean keepDims) {
        int[] s = t.shapeRef();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= s[i];
        }
        int n = s[axis];
        int inner = 1;
        for (int i = axis + 1; i < s.length; i++) {
            inner *= s[i];
        }
        float[] x = t.data();
        float[] y = new float[outer * inner];
        Arrays.fill(y, Float.NEGATIVE_INFINITY);
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                int base = (o * n + k) * inner;
                int ob = o * inner;
                for (int i = 0; i < inner; i++) {
                    y[ob + i] = Math.max(y[ob + i], x[base + i]);
                }
            }
        }
        return Tensor.wrap(y, reducedShape(s, axis, keepDims));
    }

    private static int[] reducedShape(int[] s, int axis, boolean keepDims) {
        if (keepDims) {
            int[] r = s.clone();
            r[axis] = 1;
            return r;
        }
        int[] r = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != axis) {
                r[j++] = s[i];
            }
        }
        return r;
    }

    static Tensor softmaxLast(Tensor t, boolean log) {
        int[] s = t.shapeRef();
        if (s.length == 0) {
            throw new IllegalArgumentException("softmax needs rank >= 1");
        }
        int c = s[s.length - 1];
        int rows = c == 0 ? 0 : t.size() / c;
        float[] x = t.data();
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            int b = r * c;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, x[b + j]);
            }
            double z = 0;
            for (int j = 0; j < c; j++) {
                z += Math.exp(x[b + j] - m);
            }
            if (log) {
                float lz = (float) (m + Math.log(z));
                for (int j = 0; j < c; j++) {
                    y[b + j] = x[b + j] - lz;
                }
            } else {
                for (int j = 0; j < c; j++) {
                    y[b + j] = (float) (Math.exp(x[b + j] - m) / z);
                }
            }
        }
        return Tensor.wrap(y, s);
    }

    // ------------------------------------------------------------------ linear algebra

    static Tensor transpose2d(Tensor a) {
        int r = a.dim(0);
        int c = a.dim(1);
        float[] x = a.data();
        float[] y = new float[x.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                y[j * r + i] = x[i * c + j];
            }
        }
        return Tensor.wrap(y, c, r);
    }

    /** op(a)[m,k] x op(b)[k,n]. */
    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        a.require2d("matmul");
        b.require2d("matmul");
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + a.shapeString() + (transA ? "^T" : "") + " x "
                    + b.shapeString() + (transB ? "^T" : "") + ": inner dimensions " + k + " != " + kb);
        }
        float[] c = new float[m * n];
        sgemm(transA, transB, m, n, k, a.data(), b.data(), c);
        return Tensor.wrap(c, m, n);
    }

    /**
     * C[m,n] += op(A) op(B) on raw row-major arrays. A is [m,k] (or [k,m] when transA), B is
     * [k,n] (or [n,k] when transB).
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        Sgemm.sgemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n);
    }

    // ------------------------------------------------------------------ convolution and pooling

    static int outSize(int in, int k, int stride, int pad) {
        int o = (in + 2 * pad - k) / stride + 1;
        if (o <= 0) {
            throw new IllegalArgumentException("window " + k + " with stride " + stride + " and padding " + pad
                    + " does not fit input size " + in);
        }
        return o;
    }

    /**
     * Unfolds patches: x [N,C,H,W] -> [N, C*kh*kw, OH*OW]. Column l of example n holds the patch
     * under output position l.
     */
    public static Tensor im2col(Tensor x, int kh, int kw, int stride, int pad) {
        int[] s = x.shapeRef();
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(w, kw, stride, pad);
        int rows = c * kh * kw;
        int cols = oh * ow;
        float[] in = x.data();
        float[] out = new float[n * rows * cols];
        for (int b = 0; b < n; b++) {
            int ib = b * c * h * w;
            int obase = b * rows * cols;
            for (int ch = 0; ch < c; ch++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int r = (ch * kh + ki) * kw + kj;
                        int ro = obase + r * cols;
                        for (int oi = 0; oi < oh; oi++) {
                            int ii = oi * stride - pad + ki;
                            for (int oj = 0; oj < ow; oj++) {
                                int jj = oj * stride - pad + kj;
                                if (ii >= 0 && ii < h && jj >= 0 && jj < w) {
                                    out[ro + oi * ow + oj] = in[ib + (ch * h + ii) * w + jj];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.wrap(out, n, rows, cols);
    }

    /** Adjoint of {@link #im2col}: folds [N, C*kh*kw, OH*OW] back to [N,C,H,W], summing overlaps. */
    public static Tensor col2im(Tensor cols, int[] xShape, int kh, int kw, int stride, int pad) {
        int n = xShape[0];
        int c = xShape[1];
        int h = xShape[2];
        int w = xShape[3];
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(w, kw, stride, pad);
        int rows = c * kh * kw;
        int ncols = oh * ow;
        float[] in = cols.data();
        float[] out = new float[n * c * h * w];
        for (int b = 0; b < n; b++) {
            int ob = b * c * h * w;
            int ibase = b * rows * ncols;
            for (int ch = 0; ch < c; ch++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int r = (ch * kh + ki) * kw + kj;
                        int ro = ibase + r * ncols;
                        for (int oi = 0; oi < oh; oi++) {
                            int ii = oi * stride - pad + ki;
                            for (int oj = 0; oj < ow; oj++) {
                                int jj = oj * stride - pad + kj;
                                if (ii >= 0 && ii < h && jj >= 0 && jj < w) {
                                    out[ob + (ch * h + ii) * w + jj] += in[ro + oi * ow + oj];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.wrap(out, xShape.clone());
    }

    /** y = conv(x, weight) + bias: x [N,C,H,W], weight [O,C,kh,kw], bias [O] or null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int pad) {
        int[] xs = x.shapeRef();
        int[] ws = weight.shapeRef();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d: input " + x.shapeString() + " and weight "
                    + weight.shapeString() + " must be [N,C,H,W] and [O,C,kh,kw] with equal C");
        }
        int n = xs[0];
        int o = ws[0];
        int kh = ws[2];
        int kw = ws[3];
        int oh = outSize(xs[2], kh, stride, pad);
        int ow = outSize(xs[3], kw, stride, pad);
        Tensor cols = im2col(x, kh, kw, stride, pad);
        int rows = xs[1] * kh * kw;
        int l = oh * ow;
        float[] out = new float[n * o * l];
        float[] cd = cols.data();
        for (int b = 0; b < n; b++) {
            float[] colsB = Arrays.copyOfRange(cd, b * rows * l, (b + 1) * rows * l);
            float[] yb = new float[o * l];
            sgemm(false, false, o, l, rows, weight.data(), colsB, yb);
            if (bias != null) {
                float[] bd = bias.data();
                for (int oc = 0; oc < o; oc++) {
                    for (int p = 0; p < l; p++) {
                        yb[oc * l + p] += bd[oc];
                    }
                }
            }
            System.arraycopy(yb, 0, out, b * o * l, o * l);
        }
        return Tensor.wrap(out, n, o, oh, ow);
    }

    /** Gradient of conv2d with respect to its input. */
    public static Tensor conv2dBackwardInput(Tensor gy, Tensor weight, int[] xShape, int stride, int pad) {
        int n = xShape[0];
        int[] ws = weight.shapeRef();
        int o = ws[0];
        int rows = ws[1] * ws[2] * ws[3];
        int l = gy.dim(2) * gy.dim(3);
        float[] cols = new float[n * rows * l];
        float[] g = gy.data();
        for (int b = 0; b < n; b++) {
            float[] gb = Arrays.copyOfRange(g, b * o * l, (b + 1) * o * l);
            float[] cb = new float[rows * l];
            sgemm(true, false, rows, l, o, weight.data(), gb, cb);
            System.arraycopy(cb, 0, cols, b * rows * l, rows * l);
        }
        return col2im(Tensor.wrap(cols, n, rows, l), xShape, ws[2], ws[3], stride, pad);
    }

    /** Gradient of conv2d with respect to its weight (summed over the batch). */
    public static Tensor conv2dBackwardWeight(Tensor x, Tensor gy, int[] wShape, int stride, int pad) {
        int n = x.dim(0);
        int o = wShape[0];
        int rows = wShape[1] * wShape[2] * wShape[3];
        Tensor cols = im2col(x, wShape[2], wShape[3], stride, pad);
        int l = gy.dim(2) * gy.dim(3);
        float[] gw = new float[o * rows];
        float[] cd = cols.data();
        float[] g = gy.data();
        for (int b = 0; b < n; b++) {
            float[] gb = Arrays.copyOfRange(g, b * o * l, (b + 1) * o * l);
            float[] cb = Arrays.copyOfRange(cd, b * rows * l, (b + 1) * rows * l);
            sgemm(false, true, o, rows, l, gb, cb, gw);
        }
        return Tensor.wrap(gw, wShape.clone());
    }

    /** Result of max pooling: the output and, per output entry, the flat input index it came from. */
    public record PoolResult(Tensor output, int[] argmax) {
    }

    /** Max pooling over k x k windows: x [N,C,H,W]. */
    public static PoolResult maxPool2d(Tensor x, int k, int stride) {
        int[] s = x.shapeRef();
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        int oh = outSize(h, k, stride, 0);
        int ow = outSize(w, k, stride, 0);
        float[] in = x.data();
        float[] out = new float[n * c * oh * ow];
        int[] arg = new int[out.length];
        int o = 0;
        for (int p = 0; p < n * c; p++) {
            int base = p * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bi = base + i * stride * w + j * stride;
                    for (int a = 0; a < k; a++) {
                        for (int bb = 0; bb < k; bb++) {
                            int idx = base + (i * stride + a) * w + j * stride + bb;
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
        return new PoolResult(Tensor.wrap(out, n, c, oh, ow), arg);
    }

    /** Scatters gy back to the input positions in {@code argmax} (max-pool backward). */
    public static Tensor scatterAdd(Tensor gy, int[] index, int[] xShape) {
        float[] out = new float[Tensor.sizeOf(xShape)];
        float[] g = gy.data();
        for (int i = 0; i < index.length; i++) {
            out[index[i]] += g[i];
        }
        return Tensor.wrap(out, xShape.clone());
    }

    /** Gathers x's flat entries at {@code index} into {@code outShape} (adjoint of scatterAdd). */
    public static Tensor gather(Tensor x, int[] index, int[] outShape) {
        float[] in = x.data();
        float[] out = new float[index.length];
        for (int i = 0; i < index.length; i++) {
            out[i] = in[index[i]];
        }
        return Tensor.wrap(out, outShape.clone());
    }

    /** Average pooling over k x k windows: x [N,C,H,W]. */
    public static Tensor avgPool2d(Tensor x, int k, int stride) {
        int[] s = x.shapeRef();
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        int oh = outSize(h, k, stride, 0);
        int ow = outSize(w, k, stride, 0);
        float[] in = x.data();
        float[] out = new float[n * c * oh * ow];
        float inv = 1f / (k * k);
        int o = 0;
        for (int p = 0; p < n * c; p++) {
            int base = p * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float acc = 0;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            acc += in[base + (i * stride + a) * w + j * stride + b];
                        }
                    }
                    out[o++] = acc * inv;
                }
            }
        }
        return Tensor.wrap(out, n, c, oh, ow);
    }

    /** Adjoint of {@link #avgPool2d}: spreads gy evenly over each window. */
    public static Tensor avgPool2dBackward(Tensor gy, int[] xShape, int k, int stride) {
        int n = xShape[0];
        int c = xShape[1];
        int h = xShape[2];
        int w = xShape[3];
        int oh = gy.dim(2);
        int ow = gy.dim(3);
        float[] g = gy.data();
        float[] out = new float[n * c * h * w];
        float inv = 1f / (k * k);
        int o = 0;
        for (int p = 0; p < n * c; p++) {
            int base = p * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float v = g[o++] * inv;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            out[base + (i * stride + a) * w + j * stride + b] += v;
                        }
                    }
                }
            }
        }
        return Tensor.wrap(out, xShape.clone());
    }
}

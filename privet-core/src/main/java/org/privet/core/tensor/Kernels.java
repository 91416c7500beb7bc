package org.privet.core.tensor;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Compute kernels behind {@link Tensor}: the hot path of the engine.
 *
 * <p>Every kernel here is a pure function of its inputs and allocates its output, except those
 * documented to accumulate into an argument ({@link #axpy}, {@link #sgemm}). Layout is row-major;
 * convolution tensors are NCHW with weights [out, in, kh, kw].
 *
 * <p>Matrix products go through {@link Sgemm}; convolutions are im2col + {@link Sgemm}, parallel
 * over the batch through {@link Parallel}; hot elementwise paths use {@code jdk.incubator.vector}.
 * Results do not depend on {@link Parallel#threads()}: work is partitioned by shape only, so the
 * same inputs give bit-identical outputs for any thread count.
 *
 * <p>Thread safe: kernels keep no shared mutable state (scratch buffers are per thread), so they
 * may be called from many threads at once on tensors that are not being written concurrently.
 */
public final class Kernels {
    private static final VectorSpecies<Float> S = Sgemm.S;
    private static final int VL = S.length();
    /** Fixed number of partial sums for batch reductions (independent of the thread count). */
    private static final int REDUCTION_CHUNKS = 8;
    private static final ThreadLocal<float[][]> COLS = ThreadLocal.withInitial(() -> new float[1][0]);

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

    /** f applied to every entry. */
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
        vecBinary(BinaryOp.MUL, x, 0, 1, new float[] {s}, 0, 0, y, 0, x.length);
        return Tensor.wrap(y, a.shapeRef());
    }

    /** a + s for every entry. */
    static Tensor addScalar(Tensor a, float s) {
        float[] x = a.data();
        float[] y = new float[x.length];
        vecBinary(BinaryOp.ADD, x, 0, 1, new float[] {s}, 0, 0, y, 0, x.length);
        return Tensor.wrap(y, a.shapeRef());
    }

    static void scaleInPlace(float[] x, float s) {
        FloatVector vs = FloatVector.broadcast(S, s);
        int i = 0;
        for (int ub = S.loopBound(x.length); i < ub; i += VL) {
            FloatVector.fromArray(S, x, i).mul(vs).intoArray(x, i);
        }
        for (; i < x.length; i++) {
            x[i] *= s;
        }
    }

    /**
     * y += alpha * x, entry by entry (each entry rounded once, as by {@link Math#fma}).
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static void axpy(float alpha, float[] x, float[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("axpy: lengths differ: x has " + x.length + ", y has " + y.length);
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int ub = S.loopBound(x.length); i < ub; i += VL) {
            FloatVector.fromArray(S, x, i).fma(va, FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Math.fma(alpha, x[i], y[i]);
        }
    }

    /** Elements per work item of the parallel elementwise kernels (a multiple of every vector length). */
    private static final int ELEMENTWISE_CHUNK = 1 << 16;

    /** max(x, 0) for every entry; large tensors in parallel (each entry is computed on its own). */
    static Tensor relu(Tensor a) {
        float[] x = a.data();
        float[] y = new float[x.length];
        int chunks = (x.length + ELEMENTWISE_CHUNK - 1) / ELEMENTWISE_CHUNK;
        Parallel.forEach(chunks, x.length, q -> {
            int from = q * ELEMENTWISE_CHUNK;
            int to = Math.min(x.length, from + ELEMENTWISE_CHUNK);
            FloatVector zero = FloatVector.zero(S);
            int i = from;
            for (int ub = from + S.loopBound(to - from); i < ub; i += VL) {
                FloatVector v = FloatVector.fromArray(S, x, i);
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
            }
            for (; i < to; i++) {
                y[i] = x[i] > 0 ? x[i] : 0f;
            }
        });
        return Tensor.wrap(y, a.shapeRef());
    }

    /**
     * Gradient of relu: gy where x &gt; 0, else 0 (NaN in x gives 0), entry by entry; large
     * tensors in parallel.
     *
     * @param gy the gradient of relu(x), same shape as x
     * @param x the relu input
     * @throws IllegalArgumentException when the shapes differ
     */
    public static Tensor reluBackward(Tensor gy, Tensor x) {
        if (!Arrays.equals(gy.shapeRef(), x.shapeRef())) {
            throw new IllegalArgumentException("reluBackward: gradient " + gy.shapeString() + " and input "
                    + x.shapeString() + " differ in shape");
        }
        float[] g = gy.data();
        float[] xd = x.data();
        float[] y = new float[g.length];
        int chunks = (g.length + ELEMENTWISE_CHUNK - 1) / ELEMENTWISE_CHUNK;
        Parallel.forEach(chunks, g.length, q -> {
            int from = q * ELEMENTWISE_CHUNK;
            int to = Math.min(g.length, from + ELEMENTWISE_CHUNK);
            FloatVector zero = FloatVector.zero(S);
            int i = from;
            for (int ub = from + S.loopBound(to - from); i < ub; i += VL) {
                FloatVector v = FloatVector.fromArray(S, xd, i);
                zero.blend(FloatVector.fromArray(S, g, i), v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
            }
            for (; i < to; i++) {
                y[i] = xd[i] > 0f ? g[i] : 0f;
            }
        });
        return Tensor.wrap(y, x.shape());
    }

    /** 1 where x &gt; 0, else 0 (NaN gives 0). */
    static Tensor step(Tensor a) {
        float[] x = a.data();
        float[] y = new float[x.length];
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int ub = S.loopBound(x.length); i < ub; i += VL) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            zero.blend(one, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = x[i] > 0 ? 1f : 0f;
        }
        return Tensor.wrap(y, a.shapeRef());
    }

    /**
     * z[zo+i] = op(x[xo + i*xs], y[yo + i*ys]) for i in [0, len), where each step xs, ys is 1
     * (an array operand) or 0 (a scalar operand repeated).
     */
    private static void vecBinary(BinaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys,
            float[] z, int zo, int len) {
        if (len <= 0) {
            return;
        }
        int i = 0;
        int ub = S.loopBound(len);
        // never null: a vector that may be null must be boxed, which defeats the intrinsics
        FloatVector xb = FloatVector.broadcast(S, x[xo]);
        FloatVector yb = FloatVector.broadcast(S, y[yo]);
        switch (op) {
            case ADD:
                for (; i < ub; i += VL) {
                    FloatVector a = xs == 0 ? xb : FloatVector.fromArray(S, x, xo + i);
                    FloatVector b = ys == 0 ? yb : FloatVector.fromArray(S, y, yo + i);
                    a.add(b).intoArray(z, zo + i);
                }
                break;
            case SUB:
                for (; i < ub; i += VL) {
                    FloatVector a = xs == 0 ? xb : FloatVector.fromArray(S, x, xo + i);
                    FloatVector b = ys == 0 ? yb : FloatVector.fromArray(S, y, yo + i);
                    a.sub(b).intoArray(z, zo + i);
                }
                break;
            case MUL:
                for (; i < ub; i += VL) {
                    FloatVector a = xs == 0 ? xb : FloatVector.fromArray(S, x, xo + i);
                    FloatVector b = ys == 0 ? yb : FloatVector.fromArray(S, y, yo + i);
                    a.mul(b).intoArray(z, zo + i);
                }
                break;
            case DIV:
                for (; i < ub; i += VL) {
                    FloatVector a = xs == 0 ? xb : FloatVector.fromArray(S, x, xo + i);
                    FloatVector b = ys == 0 ? yb : FloatVector.fromArray(S, y, yo + i);
                    a.div(b).intoArray(z, zo + i);
                }
                break;
            default:
                // MAX and GT: scalar (Math.max's NaN and signed-zero rules are kept exactly).
                break;
        }
        for (; i < len; i++) {
            z[zo + i] = op.apply(x[xo + i * xs], y[yo + i * ys]);
        }
    }

    /** Doubles per vector: the preferred shape, half a float vector (the conversions split a float vector in two). */
    private static final VectorSpecies<Double> SD = DoubleVector.SPECIES_PREFERRED;
    /** Whether the double-precision reductions below take the vector path (a float vector = two double vectors). */
    private static final boolean DOUBLE_LANES = 2 * SD.length() == VL;
    /**
     * Lane i takes lane {@code (i + SD.length()) mod VL}: brings a float vector's upper half down for a part-0
     * widening. A constant: {@code convertShape(F2D, SD, 1)} builds, checks and applies an iota shuffle on every
     * call in JDK 17 (1.5-2x slower loops; docs/engine.md).
     */
    private static final VectorShuffle<Float> HALF_TURN = VectorShuffle.fromOp(S, i -> (i + SD.length()) % VL);

    /**
     * Sum of {@code x[from + i]^2} for {@code i < len}, accumulated in double: each square is exact in double
     * precision; element i of each whole float vector goes to partial sum {@code i mod VL} (two double vectors,
     * fused multiply-adds), the remaining {@code len mod VL} elements to one scalar sum; the partial sums are then
     * added in a fixed order. The same value for the same input on every call.
     */
    public static double sumSquares(float[] x, int from, int len) {
        if (from < 0 || len < 0 || from > x.length - len) {
            throw new IllegalArgumentException("sumSquares: range [" + from + ", " + from + " + " + len
                    + ") outside an array of " + x.length);
        }
        int i = from;
        int end = from + len;
        double s = 0;
        if (DOUBLE_LANES && len >= VL) {
            DoubleVector a0 = DoubleVector.zero(SD);
            DoubleVector a1 = DoubleVector.zero(SD);
            for (; i <= end - VL; i += VL) {
                FloatVector f = FloatVector.fromArray(S, x, i);
                DoubleVector d0 = (DoubleVector) f.convertShape(VectorOperators.F2D, SD, 0);
                DoubleVector d1 = (DoubleVector) f.rearrange(HALF_TURN).convertShape(VectorOperators.F2D, SD, 0);
                a0 = d0.fma(d0, a0);
                a1 = d1.fma(d1, a1);
            }
            // written out, not through a helper: a vector passed to a call C2 does not inline is boxed
            for (int k = 0; k < SD.length(); k++) {
                s += a0.lane(k) + a1.lane(k);
            }
        }
        double t = 0;
        for (; i < end; i++) {
            double v = x[i];
            t += v * v;
        }
        return s + t;
    }

    /**
     * Dot product accumulated in double: each product is exact in double precision; partial sums per lane as in
     * {@link #sumSquares}, added in a fixed order (the same value for the same input on every call).
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot: lengths differ: " + a.length + " and " + b.length);
        }
        int n = a.length;
        int i = 0;
        double s = 0;
        if (DOUBLE_LANES && n >= VL) {
            DoubleVector a0 = DoubleVector.zero(SD);
            DoubleVector a1 = DoubleVector.zero(SD);
            for (; i <= n - VL; i += VL) {
                FloatVector fa = FloatVector.fromArray(S, a, i);
                FloatVector fb = FloatVector.fromArray(S, b, i);
                DoubleVector x0 = (DoubleVector) fa.convertShape(VectorOperators.F2D, SD, 0);
                DoubleVector x1 = (DoubleVector) fa.rearrange(HALF_TURN).convertShape(VectorOperators.F2D, SD, 0);
                DoubleVector y0 = (DoubleVector) fb.convertShape(VectorOperators.F2D, SD, 0);
                DoubleVector y1 = (DoubleVector) fb.rearrange(HALF_TURN).convertShape(VectorOperators.F2D, SD, 0);
                a0 = x0.fma(y0, a0);
                a1 = x1.fma(y1, a1);
            }
            for (int k = 0; k < SD.length(); k++) {
                s += a0.lane(k) + a1.lane(k);
            }
        }
        double t = 0;
        for (; i < n; i++) {
            t += (double) a[i] * b[i];
        }
        return s + t;
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
            vecBinary(op, x, 0, 1, y, 0, 1, z, 0, x.length);
            return Tensor.wrap(z, a.shapeRef());
        }
        int[] os = broadcastShape(a.shapeRef(), b.shapeRef(), op.name().toLowerCase());
        Tensor fast = broadcastFast(a, b, op, os);
        if (fast != null) {
            return fast;
        }
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

    /**
     * Vectorised common broadcasts, or null: one operand has the output's shape and the other is
     * either a trailing block repeated over rows ([B,N] op [N]) or one value per row repeated
     * along the last axis ([B,N] op [B,1]).
     */
    private static Tensor broadcastFast(Tensor a, Tensor b, BinaryOp op, int[] os) {
        boolean aFull = Arrays.equals(a.shapeRef(), os);
        boolean bFull = Arrays.equals(b.shapeRef(), os);
        if (aFull == bFull || os.length == 0) {
            return null;
        }
        Tensor small = aFull ? b : a;
        int[] ss = small.shapeRef();
        int n = Tensor.sizeOf(os);
        int last = os[os.length - 1];
        float[] x = a.data();
        float[] y = b.data();
        float[] z = new float[n];
        if (small.size() == 0 || n == 0) {
            return Tensor.wrap(z, os);
        }
        if (small.size() == 1) {
            if (aFull) {
                vecBinary(op, x, 0, 1, y, 0, 0, z, 0, n);
            } else {
                vecBinary(op, x, 0, 0, y, 0, 1, z, 0, n);
            }
            return Tensor.wrap(z, os);
        }
        if (isTrailingBlock(ss, os)) {
            int inner = small.size();
            for (int r = 0; r < n; r += inner) {
                if (aFull) {
                    vecBinary(op, x, r, 1, y, 0, 1, z, r, inner);
                } else {
                    vecBinary(op, x, 0, 1, y, r, 1, z, r, inner);
                }
            }
            return Tensor.wrap(z, os);
        }
        if (ss.length == os.length && ss[ss.length - 1] == 1
                && Arrays.equals(Arrays.copyOf(ss, ss.length - 1), Arrays.copyOf(os, os.length - 1))) {
            for (int r = 0, o = 0; o < n; r++, o += last) {
                if (aFull) {
                    vecBinary(op, x, o, 1, y, r, 0, z, o, last);
                } else {
                    vecBinary(op, x, r, 0, y, o, 1, z, o, last);
                }
            }
            return Tensor.wrap(z, os);
        }
        return null;
    }

    /** True when {@code s}, without leading 1s, equals the trailing dimensions of {@code out}. */
    private static boolean isTrailingBlock(int[] s, int[] out) {
        int lead = 0;
        while (lead < s.length && s[lead] == 1) {
            lead++;
        }
        int len = s.length - lead;
        if (len > out.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s[lead + i] != out[out.length - len + i]) {
                return false;
            }
        }
        return true;
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
        float[] out = new float[Tensor.sizeOf(target)];
        float[] x = t.data();
        if (out.length >= VL && x.length > 0 && isTrailingBlock(target, s)) {
            // [B, ...rest] -> [...rest] (a bias gradient): add the rows in order
            int inner = out.length;
            for (int r = 0; r < x.length; r += inner) {
                vecBinary(BinaryOp.ADD, out, 0, 1, x, r, 1, out, 0, inner);
            }
            return Tensor.wrap(out, target.clone());
        }
        int[] st = broadcastStrides(target, s);
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
        if (inner == 1) {
            // contiguous rows: lane-wise partial sums, then the lanes
            for (int o = 0; o < outer; o++) {
                y[o] = rowSum(x, o * n, n);
            }
        } else {
            for (int o = 0; o < outer; o++) {
                int ob = o * inner;
                for (int k = 0; k < n; k++) {
                    vecBinary(BinaryOp.ADD, y, ob, 1, x, (o * n + k) * inner, 1, y, ob, inner);
                }
            }
        }
        return Tensor.wrap(y, reducedShape(s, axis, keepDims));
    }

    /** Sum of x[from .. from+len): VL lane-wise partial sums (in index order), then the lanes in order. */
    private static float rowSum(float[] x, int from, int len) {
        int i = 0;
        float acc = 0f;
        if (len >= 2 * VL) {
            FloatVector va = FloatVector.fromArray(S, x, from);
            i = VL;
            for (int ub = S.loopBound(len); i < ub; i += VL) {
                va = va.add(FloatVector.fromArray(S, x, from + i));
            }
            for (int l = 0; l < VL; l++) {
                acc += va.lane(l);
            }
        }
        for (; i < len; i++) {
            acc += x[from + i];
        }
        return acc;
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
     * [k,n] (or [n,k] when transB), all densely packed from index 0. Runs {@link Sgemm} (see it
     * for offsets and leading dimensions, threading and accuracy).
     *
     * @throws IllegalArgumentException for negative sizes or arrays too short for the shapes
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        // leading dimensions of at least 1, as in BLAS, so that empty operands are legal
        Sgemm.sgemm(transA, transB, m, n, k, a, 0, Math.max(1, transA ? m : k), b, 0, Math.max(1, transB ? k : n),
                c, 0, Math.max(1, n));
    }

    // ------------------------------------------------------------------ convolution and pooling

    static int outSize(int in, int k, int stride, int pad) {
        if (k < 1 || stride < 1 || pad < 0) {
            throw new IllegalArgumentException("window " + k + ", stride " + stride + " and padding " + pad
                    + " must be >= 1, >= 1 and >= 0");
        }
        int o = (in + 2 * pad - k) / stride + 1;
        if (in + 2 * pad - k < 0 || o <= 0) {
            throw new IllegalArgumentException("window " + k + " with stride " + stride + " and padding " + pad
                    + " does not fit input size " + in);
        }
        return o;
    }

    private static void require4d(int[] s, String what, String op) {
        if (s.length != 4) {
            throw new IllegalArgumentException(op + ": " + what + " must be [N,C,H,W], got " + Arrays.toString(s));
        }
    }

    /** A per-thread scratch array of at least {@code n} floats (contents undefined). */
    private static float[] colBuffer(int n) {
        float[][] holder = COLS.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    /**
     * Unfolds one example: x[xo ..] holds [C,H,W]; writes [C*kh*kw, OH*OW] to dst (every entry,
     * zeros under padding).
     */
    private static void im2colInto(float[] x, int xo, int c, int h, int w, int kh, int kw, int stride, int pad,
            int oh, int ow, float[] dst) {
        int cols = oh * ow;
        if (stride == 1 && ow == w) {
            im2colSame(x, xo, c, h, w, kh, kw, pad, oh, dst);
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int ro = ((ch * kh + ki) * kw + kj) * cols;
                    // output columns oj whose input column jj = oj*stride - pad + kj lies in [0, w)
                    int lo = Math.max(0, ceilDiv(pad - kj, stride));
                    int hi = Math.min(ow, ceilDiv(w + pad - kj, stride));
                    hi = Math.max(hi, lo);
                    for (int oi = 0; oi < oh; oi++) {
                        int ii = oi * stride - pad + ki;
                        int d = ro + oi * ow;
                        if (ii < 0 || ii >= h) {
                            Arrays.fill(dst, d, d + ow, 0f);
                            continue;
                        }
                        for (int oj = 0; oj < lo; oj++) {
                            dst[d + oj] = 0f;
                        }
                        int src = xo + (ch * h + ii) * w - pad + kj;
                        if (stride == 1) {
                            // rows are short (the output width): a plain loop beats arraycopy's call
                            for (int oj = lo; oj < hi; oj++) {
                                dst[d + oj] = x[src + oj];
                            }
                        } else {
                            for (int oj = lo; oj < hi; oj++) {
                                dst[d + oj] = x[src + oj * stride];
                            }
                        }
                        for (int oj = hi; oj < ow; oj++) {
                            dst[d + oj] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #im2colInto} for stride 1 and OW = W (e.g. "same" padding). Then the valid part of one
     * column row is the input plane shifted by a constant, so it is copied as one contiguous run
     * (which also copies, at each row seam, entries that belong under the left or right padding)
     * and those seam entries are zeroed afterwards. Same result as the general path.
     */
    private static void im2colSame(float[] x, int xo, int c, int h, int w, int kh, int kw, int pad, int oh,
            float[] dst) {
        int cols = oh * w;
        for (int ch = 0; ch < c; ch++) {
            for (int ki = 0; ki < kh; ki++) {
                int oiLo = Math.max(0, pad - ki);
                int oiHi = Math.max(oiLo, Math.min(oh, h + pad - ki));
                for (int kj = 0; kj < kw; kj++) {
                    int ro = ((ch * kh + ki) * kw + kj) * cols;
                    int lo = Math.max(0, pad - kj);
                    int hi = Math.min(w, w + pad - kj);
                    if (oiHi == oiLo || hi <= lo) {
                        Arrays.fill(dst, ro, ro + cols, 0f);
                        continue;
                    }
                    Arrays.fill(dst, ro, ro + oiLo * w + lo, 0f);
                    int dStart = ro + oiLo * w + lo;
                    int dEnd = ro + (oiHi - 1) * w + hi;
                    int sStart = xo + (ch * h + oiLo - pad + ki) * w - pad + kj + lo;
                    System.arraycopy(x, sStart, dst, dStart, dEnd - dStart);
                    for (int oi = oiLo; oi < oiHi; oi++) {
                        int d = ro + oi * w;
                        for (int oj = 0; oj < lo; oj++) {
                            dst[d + oj] = 0f;
                        }
                        for (int oj = hi; oj < w; oj++) {
                            dst[d + oj] = 0f;
                        }
                    }
                    Arrays.fill(dst, dEnd, ro + cols, 0f);
                }
            }
        }
    }

    /**
     * Adjoint of {@link #im2colInto}: adds the [C*kh*kw, OH*OW] columns into x[xo ..] ([C,H,W]).
     * {@code cols} is scratch: entries that lie under padding may be overwritten with zeros.
     */
    private static void col2imAdd(float[] cols, int c, int h, int w, int kh, int kw, int stride, int pad,
            int oh, int ow, float[] x, int xo) {
        int ncols = oh * ow;
        if (stride == 1 && ow == w) {
            col2imSame(cols, c, h, w, kh, kw, pad, oh, x, xo);
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int ro = ((ch * kh + ki) * kw + kj) * ncols;
                    int lo = Math.max(0, ceilDiv(pad - kj, stride));
                    int hi = Math.min(ow, ceilDiv(w + pad - kj, stride));
                    for (int oi = 0; oi < oh; oi++) {
                        int ii = oi * stride - pad + ki;
                        if (ii < 0 || ii >= h) {
                            continue;
                        }
                        int s = ro + oi * ow;
                        int dst = xo + (ch * h + ii) * w - pad + kj;
                        if (stride == 1) {
                            // contiguous: a loop the JIT vectorises (same sums, entry by entry)
                            for (int oj = lo; oj < hi; oj++) {
                                x[dst + oj] += cols[s + oj];
                            }
                        } else {
                            for (int oj = lo; oj < hi; oj++) {
                                x[dst + oj * stride] += cols[s + oj];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2imAdd} for stride 1 and OW = W, the adjoint of {@link #im2colSame}: the entries
     * of a column row under the left or right padding are zeroed, then the valid run is added to
     * the shifted input plane in one contiguous pass. Every input entry receives the same terms in
     * the same order as on the general path.
     */
    private static void col2imSame(float[] cols, int c, int h, int w, int kh, int kw, int pad, int oh, float[] x,
            int xo) {
        int ncols = oh * w;
        for (int ch = 0; ch < c; ch++) {
            for (int ki = 0; ki < kh; ki++) {
                int oiLo = Math.max(0, pad - ki);
                int oiHi = Math.max(oiLo, Math.min(oh, h + pad - ki));
                for (int kj = 0; kj < kw; kj++) {
                    int ro = ((ch * kh + ki) * kw + kj) * ncols;
                    int lo = Math.max(0, pad - kj);
                    int hi = Math.min(w, w + pad - kj);
                    if (oiHi == oiLo || hi <= lo) {
                        continue;
                    }
                    for (int oi = oiLo; oi < oiHi; oi++) {
                        int d = ro + oi * w;
                        for (int oj = 0; oj < lo; oj++) {
                            cols[d + oj] = 0f;
                        }
                        for (int oj = hi; oj < w; oj++) {
                            cols[d + oj] = 0f;
                        }
                    }
                    int dStart = ro + oiLo * w + lo;
                    int len = ro + (oiHi - 1) * w + hi - dStart;
                    int xStart = xo + (ch * h + oiLo - pad + ki) * w - pad + kj + lo;
                    // a plain loop that C2 auto-vectorises: the explicit Vector API add here was left
                    // unintrinsified by C2 (JDK 17) and ran the scalar FloatVector.stOp fallback
                    // (~10% of ConvBench.backwardInput in a stack profile); same sums either way
                    for (int t = 0; t < len; t++) {
                        x[xStart + t] += cols[dStart + t];
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * Unfolds patches: x [N,C,H,W] -> [N, C*kh*kw, OH*OW]. Column l of example n holds the patch
     * under output position l (zeros where the window covers padding).
     */
    public static Tensor im2col(Tensor x, int kh, int kw, int stride, int pad) {
        int[] s = x.shapeRef();
        require4d(s, "input", "im2col");
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(w, kw, stride, pad);
        int rows = c * kh * kw;
        int cols = oh * ow;
        float[] in = x.data();
        float[] out = new float[Tensor.sizeOf(new int[] {n, rows, cols})];
        float[] tmp = new float[rows * cols];
        for (int b = 0; b < n; b++) {
            im2colInto(in, b * c * h * w, c, h, w, kh, kw, stride, pad, oh, ow, tmp);
            System.arraycopy(tmp, 0, out, b * rows * cols, rows * cols);
        }
        return Tensor.wrap(out, n, rows, cols);
    }

    /** Adjoint of {@link #im2col}: folds [N, C*kh*kw, OH*OW] back to [N,C,H,W], summing overlaps. */
    public static Tensor col2im(Tensor cols, int[] xShape, int kh, int kw, int stride, int pad) {
        require4d(xShape, "xShape", "col2im");
        int n = xShape[0];
        int c = xShape[1];
        int h = xShape[2];
        int w = xShape[3];
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(w, kw, stride, pad);
        int rows = c * kh * kw;
        int ncols = oh * ow;
        if (!Arrays.equals(cols.shapeRef(), new int[] {n, rows, ncols})) {
            throw new IllegalArgumentException("col2im: columns " + cols.shapeString() + " do not match "
                    + Arrays.toString(new int[] {n, rows, ncols}) + " for input " + Arrays.toString(xShape));
        }
        float[] in = cols.data();
        float[] out = new float[Tensor.sizeOf(xShape)];
        float[] tmp = new float[rows * ncols];
        for (int b = 0; b < n; b++) {
            System.arraycopy(in, b * rows * ncols, tmp, 0, rows * ncols);
            col2imAdd(tmp, c, h, w, kh, kw, stride, pad, oh, ow, out, b * c * h * w);
        }
        return Tensor.wrap(out, xShape.clone());
    }

    /** True when the convolution's columns are the input itself (1x1 window, stride 1, no padding). */
    private static boolean isPointwise(int kh, int kw, int stride, int pad) {
        return kh == 1 && kw == 1 && stride == 1 && pad == 0;
    }

    /**
     * y = conv(x, weight) + bias (cross-correlation, as in deep-learning libraries).
     *
     * @param x [N,C,H,W]
     * @param weight [O,C,kh,kw]
     * @param bias [O], or null for none
     * @param stride &gt;= 1
     * @param pad zero padding on every side, &gt;= 0
     * @return [N,O,OH,OW] with OH = (H + 2 pad - kh) / stride + 1 (likewise OW)
     * @throws IllegalArgumentException for mismatched shapes or a window that does not fit
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int pad) {
        int[] xs = x.shapeRef();
        int[] ws = weight.shapeRef();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d: input " + x.shapeString() + " and weight "
                    + weight.shapeString() + " must be [N,C,H,W] and [O,C,kh,kw] with equal C");
        }
        int n = xs[0];
        int c = xs[1];
        int h = xs[2];
        int w = xs[3];
        int o = ws[0];
        int kh = ws[2];
        int kw = ws[3];
        if (bias != null && !Arrays.equals(bias.shapeRef(), new int[] {o})) {
            throw new IllegalArgumentException("conv2d: bias " + bias.shapeString() + " must be [" + o + "]");
        }
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(w, kw, stride, pad);
        int rows = c * kh * kw;
        int l = oh * ow;
        float[] out = new float[Tensor.sizeOf(new int[] {n, o, oh, ow})];
        float[] in = x.data();
        float[] wd = weight.data();
        float[] bd = bias == null ? null : bias.data();
        boolean pointwise = isPointwise(kh, kw, stride, pad);
        // the weight is packed once for the whole batch, not once per example
        Sgemm.PackedA pw = Sgemm.packA(false, o, rows, wd, 0, rows);
        Parallel.forEach(n, 2L * n * o * rows * l, b -> {
            int yo = b * o * l;
            if (bd != null) {
                for (int oc = 0; oc < o; oc++) {
                    Arrays.fill(out, yo + oc * l, yo + (oc + 1) * l, bd[oc]);
                }
            }
            if (pointwise) {
                Sgemm.sgemmPacked(pw, l, false, in, b * c * h * w, l, out, yo, l);
            } else {
                float[] col = colBuffer(rows * l);
                im2colInto(in, b * c * h * w, c, h, w, kh, kw, stride, pad, oh, ow, col);
                Sgemm.sgemmPacked(pw, l, false, col, 0, l, out, yo, l);
            }
        });
        return Tensor.wrap(out, n, o, oh, ow);
    }

    private static int[] checkConvGrad(Tensor gy, int[] xShape, int[] wShape, int stride, int pad, String op) {
        require4d(xShape, "input shape", op);
        require4d(wShape, "weight shape", op);
        if (xShape[1] != wShape[1]) {
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(xShape) + " and weight "
                    + Arrays.toString(wShape) + " must have equal C");
        }
        int oh = outSize(xShape[2], wShape[2], stride, pad);
        int ow = outSize(xShape[3], wShape[3], stride, pad);
        int[] want = {xShape[0], wShape[0], oh, ow};
        if (!Arrays.equals(gy.shapeRef(), want)) {
            throw new IllegalArgumentException(op + ": output gradient " + gy.shapeString() + " must be "
                    + Arrays.toString(want) + " for input " + Arrays.toString(xShape) + " and weight "
                    + Arrays.toString(wShape));
        }
        return want;
    }

    /**
     * Gradient of conv2d with respect to its input.
     *
     * @param gy [N,O,OH,OW], the gradient of the conv2d output
     * @param weight [O,C,kh,kw]
     * @param xShape [N,C,H,W], the input's shape
     * @return [N,C,H,W]
     */
    public static Tensor conv2dBackwardInput(Tensor gy, Tensor weight, int[] xShape, int stride, int pad) {
        int[] ws = weight.shapeRef();
        checkConvGrad(gy, xShape, ws, stride, pad, "conv2dBackwardInput");
        int n = xShape[0];
        int c = xShape[1];
        int h = xShape[2];
        int w = xShape[3];
        int o = ws[0];
        int kh = ws[2];
        int kw = ws[3];
        int oh = gy.dim(2);
        int ow = gy.dim(3);
        int rows = c * kh * kw;
        int l = oh * ow;
        float[] gx = new float[Tensor.sizeOf(xShape)];
        float[] g = gy.data();
        float[] wd = weight.data();
        boolean pointwise = isPointwise(kh, kw, stride, pad);
        // the transposed weight is packed once for the whole batch, not once per example
        Sgemm.PackedA pwT = Sgemm.packA(true, rows, o, wd, 0, rows);
        Parallel.forEach(n, 2L * n * o * rows * l, b -> {
            if (pointwise) {
                Sgemm.sgemmPacked(pwT, l, false, g, b * o * l, l, gx, b * c * h * w, l);
            } else {
                float[] col = colBuffer(rows * l);
                Arrays.fill(col, 0, rows * l, 0f);
                Sgemm.sgemmPacked(pwT, l, false, g, b * o * l, l, col, 0, l);
                col2imAdd(col, c, h, w, kh, kw, stride, pad, oh, ow, gx, b * c * h * w);
            }
        });
        return Tensor.wrap(gx, xShape.clone());
    }

    /**
     * Gradient of conv2d with respect to its weight, summed over the batch. The batch is summed
     * in a fixed number of contiguous chunks whose partial sums are added in order, so the result
     * does not depend on the thread count.
     *
     * @param x [N,C,H,W], the conv2d input
     * @param gy [N,O,OH,OW], the gradient of the conv2d output
     * @param wShape [O,C,kh,kw]
     * @return [O,C,kh,kw]
     */
    public static Tensor conv2dBackwardWeight(Tensor x, Tensor gy, int[] wShape, int stride, int pad) {
        int[] xs = x.shapeRef();
        checkConvGrad(gy, xs, wShape, stride, pad, "conv2dBackwardWeight");
        int n = xs[0];
        int c = xs[1];
        int h = xs[2];
        int w = xs[3];
        int o = wShape[0];
        int kh = wShape[2];
        int kw = wShape[3];
        int oh = gy.dim(2);
        int ow = gy.dim(3);
        int rows = c * kh * kw;
        int l = oh * ow;
        int size = o * rows;
        float[] in = x.data();
        float[] g = gy.data();
        int chunks = Math.max(1, Math.min(n, REDUCTION_CHUNKS));
        float[][] partial = new float[chunks][];
        boolean pointwise = isPointwise(kh, kw, stride, pad);
        Parallel.forEach(chunks, 2L * n * o * rows * l, q -> {
            float[] acc = new float[size];
            int from = (int) ((long) n * q / chunks);
            int to = (int) ((long) n * (q + 1) / chunks);
            for (int b = from; b < to; b++) {
                if (pointwise) {
                    Sgemm.sgemm(false, true, o, rows, l, g, b * o * l, l, in, b * c * h * w, l, acc, 0, rows);
                } else {
                    float[] col = colBuffer(rows * l);
                    im2colInto(in, b * c * h * w, c, h, w, kh, kw, stride, pad, oh, ow, col);
                    Sgemm.sgemm(false, true, o, rows, l, g, b * o * l, l, col, 0, l, acc, 0, rows);
                }
            }
            partial[q] = acc;
        });
        float[] gw = partial[0];
        for (int q = 1; q < chunks; q++) {
            vecBinary(BinaryOp.ADD, gw, 0, 1, partial[q], 0, 1, gw, 0, size);
        }
        return Tensor.wrap(gw, wShape.clone());
    }

    /** Result of max pooling: the output and, per output entry, the flat input index it came from. */
    public record PoolResult(Tensor output, int[] argmax) {
    }

    /**
     * Max pooling over k x k windows: x [N,C,H,W]. Each output is the first largest entry of its
     * window in row-major window order (strict {@code >} from -infinity, so a window of NaNs gives
     * -infinity and its first index). Parallel over the batch; the result does not depend on the
     * thread count.
     */
    public static PoolResult maxPool2d(Tensor x, int k, int stride) {
        int[] s = x.shapeRef();
        require4d(s, "input", "maxPool2d");
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        int oh = outSize(h, k, stride, 0);
        int ow = outSize(w, k, stride, 0);
        float[] in = x.data();
        float[] out = new float[n * c * oh * ow];
        int[] arg = new int[out.length];
        Parallel.forEach(n, (long) n * c * oh * ow * k * k, b -> {
            float[] tv = new float[VL];
            float[] ti = new float[VL];
            for (int p = b * c; p < (b + 1) * c; p++) {
                if (k == 2 && stride == 2) {
                    maxPool2x2Plane(in, p * h * w, w, oh, ow, out, arg, p * oh * ow, tv, ti);
                } else {
                    maxPoolPlane(in, p * h * w, w, k, stride, oh, ow, out, arg, p * oh * ow);
                }
            }
        });
        return new PoolResult(Tensor.wrap(out, n, c, oh, ow), arg);
    }

    private static void maxPoolPlane(float[] in, int base, int w, int k, int stride, int oh, int ow, float[] out,
            int[] arg, int o) {
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                float best = Float.NEGATIVE_INFINITY;
                int bi = base + i * stride * w + j * stride;
                for (int a = 0; a < k; a++) {
                    int row = base + (i * stride + a) * w + j * stride;
                    for (int bb = 0; bb < k; bb++) {
                        float v = in[row + bb];
                        if (v > best) {
                            best = v;
                            bi = row + bb;
                        }
                    }
                }
                out[o] = best;
                arg[o++] = bi;
            }
        }
    }

    /**
     * The 2x2, stride 2 case of {@link #maxPoolPlane} with the same result, as a tournament: NaN
     * entries count as -infinity, each pair of a window row keeps its first largest entry (strict
     * {@code >}), and the top pair wins ties. Vector lanes are input columns: lane l of the row
     * starting at column c and of the same row shifted by one hold, at even l, the two entries of
     * window (c + l) / 2; every choice is a vector blend (scalar code here compiles to branches
     * that mispredict on half of the windows, each waiting on a cache miss). The even lanes are
     * stored; windows that a full vector would overrun are done by the scalar tail.
     */
    private static void maxPool2x2Plane(float[] in, int base, int w, int oh, int ow, float[] out, int[] arg, int o,
            float[] tv, float[] ti) {
        FloatVector negInf = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        // entry offsets from the window row's start, as floats (exact below 2^24): blending them
        // with the float masks needs no mask conversion, which JDK 17 does not compile to vector code
        FloatVector lanes = FloatVector.zero(S).addIndex(1);
        boolean vector = 2L * w + VL < (1 << 24);
        for (int i = 0; i < oh; i++) {
            int r0 = base + 2 * i * w;
            int r1 = r0 + w;
            int j = 0;
            // VL / 2 windows per iteration; a last partial group reads past the row's end (into the next
            // row, never past the array: checked) and stores only its ow - j valid windows
            for (; vector && j < ow && r1 + 2 * j + VL < in.length; j += VL / 2) {
                int c0 = r0 + 2 * j;
                int c1 = r1 + 2 * j;
                FloatVector a0 = FloatVector.fromArray(S, in, c0);
                FloatVector a1 = FloatVector.fromArray(S, in, c0 + 1);
                FloatVector b0 = FloatVector.fromArray(S, in, c1);
                FloatVector b1 = FloatVector.fromArray(S, in, c1 + 1);
                a0 = a0.blend(negInf, a0.test(VectorOperators.IS_NAN));
                a1 = a1.blend(negInf, a1.test(VectorOperators.IS_NAN));
                b0 = b0.blend(negInf, b0.test(VectorOperators.IS_NAN));
                b1 = b1.blend(negInf, b1.test(VectorOperators.IS_NAN));
                VectorMask<Float> ta = a1.compare(VectorOperators.GT, a0);
                VectorMask<Float> tb = b1.compare(VectorOperators.GT, b0);
                FloatVector ma = a0.blend(a1, ta);
                FloatVector mb = b0.blend(b1, tb);
                VectorMask<Float> t = mb.compare(VectorOperators.GT, ma);
                ma.blend(mb, t).intoArray(tv, 0);
                FloatVector ia = lanes.add(2 * j);
                ia = ia.blend(ia.add(1f), ta);
                FloatVector ib = lanes.add(2 * j + w);
                ib = ib.blend(ib.add(1f), tb);
                ia.blend(ib, t).intoArray(ti, 0);
                int lEnd = 2 * Math.min(VL / 2, ow - j);
                for (int l = 0; l < lEnd; l += 2) {
                    out[o] = tv[l];
                    arg[o++] = r0 + (int) ti[l];
                }
            }
            for (; j < ow; j++) {
                int i0 = r0 + 2 * j;
                int i2 = r1 + 2 * j;
                float u0 = noNaN(in[i0]);
                float u1 = noNaN(in[i0 + 1]);
                float u2 = noNaN(in[i2]);
                float u3 = noNaN(in[i2 + 1]);
                int a = u1 > u0 ? i0 + 1 : i0;
                int b = u3 > u2 ? i2 + 1 : i2;
                int bi = Math.max(u2, u3) > Math.max(u0, u1) ? b : a;
                out[o] = noNaN(in[bi]);
                arg[o++] = bi;
            }
        }
    }

    /** v, or -infinity when v is NaN (a predictable branch: NaN is rare). */
    private static float noNaN(float v) {
        return v != v ? Float.NEGATIVE_INFINITY : v;
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
        require4d(s, "input", "avgPool2d");
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
        require4d(xShape, "xShape", "avgPool2dBackward");
        int[] want = {xShape[0], xShape[1], outSize(xShape[2], k, stride, 0), outSize(xShape[3], k, stride, 0)};
        if (!Arrays.equals(gy.shapeRef(), want)) {
            throw new IllegalArgumentException("avgPool2dBackward: output gradient " + gy.shapeString()
                    + " must be " + Arrays.toString(want) + " for input " + Arrays.toString(xShape));
        }
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

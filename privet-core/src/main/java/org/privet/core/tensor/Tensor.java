package org.privet.core.tensor;

import java.util.Arrays;
import org.privet.core.rng.Rng;

/**
 * Dense float32 tensor, row-major, with a shape and one contiguous {@code float[]}.
 *
 * <p>Operations return new tensors and never modify their operands, except the methods whose
 * name ends in {@code InPlace}. {@link #reshape} shares storage. The raw array is exposed by
 * {@link #data()} for kernels; callers that write into it own the consequences.
 *
 * <p>Binary elementwise operations broadcast like numpy (trailing dimensions aligned; a
 * dimension of 1 stretches). {@link #sumTo(int...)} is the inverse reduction that autodiff uses
 * for the gradient of a broadcast.
 *
 * <p>Not thread safe for concurrent writes; concurrent reads are fine.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(float[] data, int[] shape) {
        this.shape = shape;
        this.data = data;
    }

    // ---------------------------------------------------------------- factories

    /** Wraps {@code data} without copying. */
    public static Tensor wrap(float[] data, int... shape) {
        int[] s = checkShape(shape);
        if (data.length != sizeOf(s)) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape "
                    + Arrays.toString(s) + " (size " + sizeOf(s) + ")");
        }
        return new Tensor(data, s);
    }

    /** Copies {@code data} into a new tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** A 2-D tensor from rows (all rows must have the same length). */
    public static Tensor of(float[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has length " + rows[i].length + ", expected " + c);
            }
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return new Tensor(d, new int[] {r, c});
    }

    public static Tensor scalar(float v) {
        return new Tensor(new float[] {v}, new int[0]);
    }

    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        return new Tensor(new float[sizeOf(s)], s);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape);
    }

    /** Standard normal entries scaled by {@code std}. */
    public static Tensor randn(Rng rng, float std, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) (rng.nextGaussian() * std);
        }
        return t;
    }

    /** Uniform entries in [lo, hi). */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        Tensor t = zeros(shape);
        float w = hi - lo;
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = lo + w * rng.nextFloat();
        }
        return t;
    }

    /** 0, 1, ..., n-1 as a 1-D tensor. */
    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return new Tensor(d, new int[] {n});
    }

    /** One-hot rows: shape [labels.length, classes]. */
    public static Tensor oneHot(int[] labels, int classes) {
        Tensor t = zeros(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i
                        + " is outside [0, " + classes + ")");
            }
            t.data[i * classes + labels[i]] = 1f;
        }
        return t;
    }

    /** Concatenates along dimension 0; all other dimensions must agree. */
    public static Tensor concat(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        int[] s = parts[0].shape.clone();
        int rows = 0;
        for (Tensor p : parts) {
            if (p.rank() != s.length || p.rank() == 0) {
                throw new IllegalArgumentException("concat: ranks differ or are 0: " + p.shapeString());
            }
            for (int d = 1; d < s.length; d++) {
                if (p.shape[d] != s[d]) {
                    throw new IllegalArgumentException("concat: shapes " + parts[0].shapeString() + " and "
                            + p.shapeString() + " differ outside dimension 0");
                }
            }
            rows += p.shape[0];
        }
        s[0] = rows;
        float[] d = new float[sizeOf(s)];
        int off = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data, 0, d, off, p.data.length);
            off += p.data.length;
        }
        return new Tensor(d, s);
    }

    // ---------------------------------------------------------------- shape and access

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int size() {
        return data.length;
    }

    /** The backing array (row-major). Shared, not copied. */
    public float[] data() {
        return data;
    }

    public boolean sameShape(Tensor o) {
        return Arrays.equals(shape, o.shape);
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs a tensor of size 1, got shape " + shapeString());
        }
        return data[0];
    }

    public float get(int... idx) {
        return data[offset(idx)];
    }

    public void set(float v, int... idx) {
        data[offset(idx)] = v;
    }

    private int offset(int[] idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index rank " + idx.length + " != tensor rank " + shape.length);
        }
        int off = 0;
        for (int d = 0; d < idx.length; d++) {
            if (idx[d] < 0 || idx[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + idx[d] + " out of range for dimension " + d
                        + " of size " + shape[d]);
            }
            off = off * shape[d] + idx[d];
        }
        return off;
    }

    /** Same data, new shape; one dimension may be -1 (inferred). */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(newShape));
                }
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 for " + shapeString() + " -> "
                        + Arrays.toString(newShape));
            }
            s[infer] = data.length / known;
        }
        checkShape(s);
        if (sizeOf(s) != data.length) {
            throw new IllegalArgumentException("reshape: " + shapeString() + " (size " + data.length + ") -> "
                    + Arrays.toString(newShape) + " (size " + sizeOf(s) + ")");
        }
        return new Tensor(data, s);
    }

    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) along dimension 0, copied. */
    public Tensor sliceRows(int from, int to) {
        if (rank() == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("sliceRows(" + from + ", " + to + ") on shape " + shapeString());
        }
        int row = data.length / Math.max(1, shape[0]);
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(Arrays.copyOfRange(data, from * row, to * row), s);
    }

    /** Gathers rows along dimension 0 by index (for mini-batches). */
    public Tensor rows(int[] index) {
        if (rank() == 0) {
            throw new IllegalArgumentException("rows() on a scalar");
        }
        int row = shape[0] == 0 ? 0 : data.length / shape[0];
        int[] s = shape.clone();
        s[0] = index.length;
        float[] d = new float[index.length * row];
        for (int i = 0; i < index.length; i++) {
            int r = index[i];
            if (r < 0 || r >= shape[0]) {
                throw new IndexOutOfBoundsException("row " + r + " out of range [0, " + shape[0] + ")");
            }
            System.arraycopy(data, r * row, d, i * row, row);
        }
        return new Tensor(d, s);
    }

    /** Row {@code i} along dimension 0, copied, with that dimension removed. */
    public Tensor row(int i) {
        Tensor r = sliceRows(i, i + 1);
        return new Tensor(r.data, Arrays.copyOfRange(shape, 1, shape.length));
    }

    // ---------------------------------------------------------------- elementwise binary (broadcasting)

    public Tensor add(Tensor o) {
        return Kernels.binary(this, o, Kernels.BinaryOp.ADD);
    }

    public Tensor sub(Tensor o) {
        return Kernels.binary(this, o, Kernels.BinaryOp.SUB);
    }

    public Tensor mul(Tensor o) {
        return Kernels.binary(this, o, Kernels.BinaryOp.MUL);
    }

    public Tensor div(Tensor o) {
        return Kernels.binary(this, o, Kernels.BinaryOp.DIV);
    }

    /** Elementwise maximum. */
    public Tensor maximum(Tensor o) {
        return Kernels.binary(this, o, Kernels.BinaryOp.MAX);
    }

    /** 1 where this &gt; o, else 0. */
    public Tensor gt(Tensor o) {
        return Kernels.binary(this, o, Kernels.BinaryOp.GT);
    }

    public Tensor add(float s) {
        return Kernels.addScalar(this, s);
    }

    public Tensor mul(float s) {
        return Kernels.scale(this, s);
    }

    /** this += alpha * o (same shape), in place; returns this. */
    public Tensor axpyInPlace(float alpha, Tensor o) {
        requireSameShape(o, "axpyInPlace");
        Kernels.axpy(alpha, o.data, data);
        return this;
    }

    /** this *= s in place; returns this. */
    public Tensor mulInPlace(float s) {
        Kernels.scaleInPlace(data, s);
        return this;
    }

    /** this += o (same shape) in place; returns this. */
    public Tensor addInPlace(Tensor o) {
        return axpyInPlace(1f, o);
    }

    // ---------------------------------------------------------------- elementwise unary

    public Tensor neg() {
        return Kernels.scale(this, -1f);
    }

    public Tensor exp() {
        return Kernels.map(this, x -> (float) Math.exp(x));
    }

    public Tensor log() {
        return Kernels.map(this, x -> (float) Math.log(x));
    }

    public Tensor sqrt() {
        return Kernels.map(this, x -> (float) Math.sqrt(x));
    }

    public Tensor abs() {
        return Kernels.map(this, Math::abs);
    }

    public Tensor square() {
        return Kernels.map(this, x -> x * x);
    }

    public Tensor pow(float p) {
        return Kernels.map(this, x -> (float) Math.pow(x, p));
    }

    public Tensor reciprocal() {
        return Kernels.map(this, x -> 1f / x);
    }

    public Tensor relu() {
        return Kernels.relu(this);
    }

    /** 1 where x &gt; 0, else 0 (the derivative of ReLU). */
    public Tensor step() {
        return Kernels.step(this);
    }

    public Tensor sign() {
        return Kernels.map(this, x -> Math.signum(x));
    }

    public Tensor tanh() {
        return Kernels.map(this, x -> (float) Math.tanh(x));
    }

    public Tensor sigmoid() {
        return Kernels.map(this, x -> x >= 0 ? (float) (1 / (1 + Math.exp(-x)))
                : (float) (Math.exp(x) / (1 + Math.exp(x))));
    }

    /** Clamps every entry to [lo, hi]. */
    public Tensor clamp(float lo, float hi) {
        return Kernels.map(this, x -> x < lo ? lo : (x > hi ? hi : x));
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all entries (computed in double). */
    public float sum() {
        return (float) Kernels.sum(data);
    }

    public float mean() {
        return sum() / data.length;
    }

    /** Sum over one axis; {@code keepDims} leaves a dimension of size 1. */
    public Tensor sum(int axis, boolean keepDims) {
        return Kernels.sumAxis(this, normAxis(axis), keepDims);
    }

    public Tensor mean(int axis, boolean keepDims) {
        int a = normAxis(axis);
        return sum(a, keepDims).mul(1f / shape[a]);
    }

    /** Max over one axis. */
    public Tensor max(int axis, boolean keepDims) {
        return Kernels.maxAxis(this, normAxis(axis), keepDims);
    }

    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Argmax over the last axis of a 2-D tensor: one index per row. */
    public int[] argmaxRows() {
        require2d("argmaxRows");
        int r = shape[0];
        int c = shape[1];
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int best = 0;
            float bv = data[i * c];
            for (int j = 1; j < c; j++) {
                if (data[i * c + j] > bv) {
                    bv = data[i * c + j];
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Reduces a broadcast result back to {@code target} shape by summing the broadcast
     * dimensions: the gradient rule of broadcasting.
     */
    public Tensor sumTo(int... target) {
        return Kernels.sumTo(this, target);
    }

    /** Squared L2 norm of all entries (computed in double). */
    public double squaredNorm() {
        return Kernels.dot(data, data);
    }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product of two 2-D tensors. */
    public Tensor matmul(Tensor b) {
        return matmul(b, false, false);
    }

    /** op(this) x op(b) where op transposes when the flag is set. */
    public Tensor matmul(Tensor b, boolean transA, boolean transB) {
        return Kernels.matmul(this, b, transA, transB);
    }

    /** Transpose of a 2-D tensor. */
    public Tensor transpose() {
        require2d("transpose");
        return Kernels.transpose2d(this);
    }

    /** Softmax over the last axis. */
    public Tensor softmax() {
        return Kernels.softmaxLast(this, false);
    }

    /** Log-softmax over the last axis (numerically stable). */
    public Tensor logSoftmax() {
        return Kernels.softmaxLast(this, true);
    }

    // ---------------------------------------------------------------- comparison

    /** True when shapes match and every entry is within {@code tol} (absolute). */
    public boolean allClose(Tensor o, float tol) {
        if (!sameShape(o)) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (!(Math.abs(data[i] - o.data[i]) <= tol)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shapeString()).append(' ');
        int n = Math.min(data.length, 8);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return sb.append(data.length > n ? ", ...]" : "]").toString();
    }

    // ---------------------------------------------------------------- helpers

    int[] shapeRef() {
        return shape;
    }

    int normAxis(int axis) {
        int a = axis < 0 ? shape.length + axis : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + shapeString());
        }
        return a;
    }

    void require2d(String op) {
        if (shape.length != 2) {
            throw new IllegalArgumentException(op + " needs a 2-D tensor, got shape " + shapeString());
        }
    }

    private void requireSameShape(Tensor o, String op) {
        if (!sameShape(o)) {
            throw new IllegalArgumentException(op + ": shapes " + shapeString() + " and " + o.shapeString() + " differ");
        }
    }

    static int[] checkShape(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large: shape " + Arrays.toString(shape));
        }
        return (int) n;
    }
}

package org.privet.core.autodiff;

import java.util.Arrays;
import org.privet.core.tensor.Kernels;
import org.privet.core.tensor.Tensor;

/**
 * A node of the differentiation graph: a tensor value, whether gradients flow to it, and (for
 * results of recorded operations) the operation that created it.
 *
 * <p>Operations return new variables and never modify their operands. A result requires
 * gradients when recording is on ({@link Autodiff#isGradEnabled()}) and some operand requires
 * gradients; otherwise it is a constant with no history.
 *
 * <p>Elementwise binary operations broadcast like numpy; their gradients are reduced back to each
 * operand's shape with {@link #sumTo}.
 *
 * <p>{@link #grad()} of a leaf is accumulated by {@link #backward()}; treat it as read-only (it
 * may share storage with other gradients). Not thread safe: a graph belongs to one thread.
 */
public final class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    final Node creator;
    private Tensor grad;

    Variable(Tensor value, boolean requiresGrad, Node creator) {
        if (value == null) {
            throw new IllegalArgumentException("Variable value must not be null");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.creator = creator;
    }

    /** A leaf that requires gradients (a trainable parameter, or an input being optimised). */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true, null);
    }

    /** A leaf that does not require gradients (data, labels, masks). */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null);
    }

    /** A leaf; {@code requiresGrad} chooses between {@link #parameter} and {@link #constant}. */
    public static Variable of(Tensor value, boolean requiresGrad) {
        return new Variable(value, requiresGrad, null);
    }

    /** Records the result of an operation when recording is on and some input requires gradients. */
    static Variable record(String op, Tensor value, Backward backward, Variable... inputs) {
        if (Autodiff.isGradEnabled()) {
            for (Variable in : inputs) {
                if (in != null && in.requiresGrad) {
                    return new Variable(value, true, new Node(op, inputs, backward));
                }
            }
        }
        return new Variable(value, false, null);
    }

    // ---------------------------------------------------------------- state

    /** The value (live, not a copy). */
    public Tensor value() {
        return value;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True when no recorded operation created this variable. */
    public boolean isLeaf() {
        return creator == null;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null if none yet. Read-only. */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    void accumulateGrad(Tensor g) {
        grad = grad == null ? g : grad.add(g);
    }

    /** The same value as a constant with no history. */
    public Variable detach() {
        return new Variable(value, false, null);
    }

    public int[] shape() {
        return value.shape();
    }

    /**
     * Accumulates d(this)/d(leaf) into the {@link #grad()} of every leaf that requires gradients.
     * This variable must hold a single value (a scalar loss).
     */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward() needs a single-valued output, got shape " + value.shapeString()
                    + "; use backward(gradOutput) or Autodiff.grad");
        }
        Autodiff.backwardToLeaves(this, null);
    }

    /** Accumulates the vector-Jacobian product with {@code gradOutput} (same shape as this) into the leaves. */
    public void backward(Tensor gradOutput) {
        Autodiff.backwardToLeaves(this, constant(gradOutput));
    }

    @Override
    public String toString() {
        return "Variable(" + (creator == null ? "leaf" : creator.op) + (requiresGrad ? ", requiresGrad" : "") + ") "
                + value;
    }

    // ---------------------------------------------------------------- broadcasting

    /** Sums broadcast dimensions away so that the result has {@code shape} (gradient of broadcasting). */
    public Variable sumTo(int... shape) {
        int[] in = value.shape();
        if (Arrays.equals(in, shape)) {
            return this;
        }
        return record("sumTo", value.sumTo(shape), (gy, out, need) -> new Variable[] {gy.broadcastTo(in)}, this);
    }

    /** Repeats this value along broadcast dimensions to {@code shape}. */
    public Variable broadcastTo(int... shape) {
        int[] in = value.shape();
        if (Arrays.equals(in, shape)) {
            return this;
        }
        Tensor v;
        if (value.size() == 1) {
            v = Tensor.full(value.data()[0], shape);
        } else {
            v = value.add(Tensor.zeros(shape));
            if (!Arrays.equals(v.shape(), shape)) {
                throw new IllegalArgumentException("broadcastTo: " + value.shapeString() + " cannot be broadcast to "
                        + Arrays.toString(shape));
            }
        }
        return record("broadcastTo", v, (gy, out, need) -> new Variable[] {gy.sumTo(in)}, this);
    }

    // ---------------------------------------------------------------- elementwise binary

    public Variable add(Variable o) {
        int[] sa = value.shape();
        int[] sb = o.value.shape();
        return record("add", value.add(o.value),
                (gy, out, need) -> new Variable[] {need[0] ? gy.sumTo(sa) : null, need[1] ? gy.sumTo(sb) : null},
                this, o);
    }

    public Variable sub(Variable o) {
        int[] sa = value.shape();
        int[] sb = o.value.shape();
        return record("sub", value.sub(o.value),
                (gy, out, need) -> new Variable[] {need[0] ? gy.sumTo(sa) : null, need[1] ? gy.neg().sumTo(sb) : null},
                this, o);
    }

    public Variable mul(Variable o) {
        Variable a = this;
        return record("mul", value.mul(o.value), (gy, out, need) -> new Variable[] {
            need[0] ? gy.mul(o).sumTo(a.value.shape()) : null,
            need[1] ? gy.mul(a).sumTo(o.value.shape()) : null}, this, o);
    }

    public Variable div(Variable o) {
        Variable a = this;
        return record("div", value.div(o.value), (gy, out, need) -> new Variable[] {
            need[0] ? gy.div(o).sumTo(a.value.shape()) : null,
            need[1] ? gy.mul(out).div(o).neg().sumTo(o.value.shape()) : null}, this, o);
    }

    // ---------------------------------------------------------------- scalar and unary

    public Variable add(float s) {
        return record("addScalar", value.add(s), (gy, out, need) -> new Variable[] {gy}, this);
    }

    public Variable mul(float s) {
        return record("mulScalar", value.mul(s), (gy, out, need) -> new Variable[] {gy.mul(s)}, this);
    }

    public Variable neg() {
        return record("neg", value.neg(), (gy, out, need) -> new Variable[] {gy.neg()}, this);
    }

    public Variable exp() {
        return record("exp", value.exp(), (gy, out, need) -> new Variable[] {gy.mul(out)}, this);
    }

    /** Natural logarithm (inputs must be positive). */
    public Variable log() {
        Variable x = this;
        return record("log", value.log(), (gy, out, need) -> new Variable[] {gy.div(x)}, this);
    }

    public Variable sqrt() {
        return record("sqrt", value.sqrt(), (gy, out, need) -> new Variable[] {gy.mul(0.5f).div(out)}, this);
    }

    /** Elementwise power with a constant exponent. */
    public Variable pow(float p) {
        Variable x = this;
        return record("pow", value.pow(p), (gy, out, need) -> new Variable[] {gy.mul(x.pow(p - 1f).mul(p))}, this);
    }

    public Variable square() {
        Variable x = this;
        return record("square", value.square(), (gy, out, need) -> new Variable[] {gy.mul(x.mul(2f))}, this);
    }

    /** max(x, 0); its derivative is taken as 0 at 0. The activations below have a fused fast-path backward. */
    public Variable relu() {
        Tensor v = value;
        return record("relu", value.relu(), (gy, out, need) -> {
            if (!Autodiff.isGradEnabled()) {
                return new Variable[] {constant(Kernels.reluBackward(gy.value, v))};
            }
            return new Variable[] {gy.mul(constant(v.step()))};
        }, this);
    }

    public Variable tanh() {
        return record("tanh", value.tanh(), (gy, out, need) -> {
            if (!Autodiff.isGradEnabled()) {
                float[] g = gy.value.data();
                float[] o = out.value.data();
                float[] r = new float[g.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = g[i] * (1f - o[i] * o[i]);
                }
                return new Variable[] {constant(Tensor.wrap(r, out.value.shape()))};
            }
            return new Variable[] {gy.mul(out.square().neg().add(1f))};
        }, this);
    }

    public Variable sigmoid() {
        return record("sigmoid", value.sigmoid(), (gy, out, need) -> {
            if (!Autodiff.isGradEnabled()) {
                float[] g = gy.value.data();
                float[] o = out.value.data();
                float[] r = new float[g.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = g[i] * o[i] * (1f - o[i]);
                }
                return new Variable[] {constant(Tensor.wrap(r, out.value.shape()))};
            }
            return new Variable[] {gy.mul(out.mul(out.neg().add(1f)))};
        }, this);
    }

    /** Softmax over the last axis. */
    public Variable softmax() {
        return record("softmax", value.softmax(),
                (gy, out, need) -> new Variable[] {out.mul(gy.sub(gy.mul(out).sum(-1, true)))}, this);
    }

    /** Log-softmax over the last axis (numerically stable). */
    public Variable logSoftmax() {
        return record("logSoftmax", value.logSoftmax(),
                (gy, out, need) -> new Variable[] {gy.sub(out.exp().mul(gy.sum(-1, true)))}, this);
    }

    // ---------------------------------------------------------------- linear algebra and shape

    /** Matrix product of two 2-D variables. */
    public Variable matmul(Variable b) {
        return matmul(b, false, false);
    }

    /** op(this) x op(b), where op transposes when its flag is set; no transpose is copied. */
    public Variable matmul(Variable b, boolean transA, boolean transB) {
        Variable a = this;
        return record("matmul", value.matmul(b.value, transA, transB), (gy, out, need) -> {
            Variable ga = null;
            Variable gb = null;
            if (!transA && !transB) {
                ga = need[0] ? gy.matmul(b, false, true) : null;
                gb = need[1] ? a.matmul(gy, true, false) : null;
            } else if (!transA) {
                ga = need[0] ? gy.matmul(b, false, false) : null;
                gb = need[1] ? gy.matmul(a, true, false) : null;
            } else if (!transB) {
                ga = need[0] ? b.matmul(gy, false, true) : null;
                gb = need[1] ? a.matmul(gy, false, false) : null;
            } else {
                ga = need[0] ? b.matmul(gy, true, true) : null;
                gb = need[1] ? gy.matmul(a, true, true) : null;
            }
            return new Variable[] {ga, gb};
        }, this, b);
    }

    /** Transpose of a 2-D variable. */
    public Variable transpose() {
        return record("transpose", value.transpose(), (gy, out, need) -> new Variable[] {gy.transpose()}, this);
    }

    /** Same values, new shape (one dimension may be -1). */
    public Variable reshape(int... shape) {
        int[] in = value.shape();
        return record("reshape", value.reshape(shape), (gy, out, need) -> new Variable[] {gy.reshape(in)}, this);
    }

    /** Keeps dimension 0 and flattens the rest: [N, ...] -> [N, prod(...)]. */
    public Variable flatten() {
        if (value.rank() == 0) {
            throw new IllegalArgumentException("flatten needs rank >= 1, got a scalar");
        }
        int n = value.dim(0);
        return reshape(n, n == 0 ? 0 : value.size() / n);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all entries, as a scalar (shape []). */
    public Variable sum() {
        int[] in = value.shape();
        return record("sum", Tensor.scalar(value.sum()), (gy, out, need) -> new Variable[] {gy.broadcastTo(in)}, this);
    }

    /** Mean of all entries, as a scalar. */
    public Variable mean() {
        return sum().mul(1f / value.size());
    }

    /** Sum over one axis (negative counts from the end). */
    public Variable sum(int axis, boolean keepDims) {
        int[] in = value.shape();
        int a = axis < 0 ? in.length + axis : axis;
        if (a < 0 || a >= in.length) {
            throw new IllegalArgumentException("sum: axis " + axis + " out of range for shape " + value.shapeString());
        }
        int[] kept = in.clone();
        kept[a] = 1;
        return record("sumAxis", value.sum(a, keepDims),
                (gy, out, need) -> new Variable[] {(keepDims ? gy : gy.reshape(kept)).broadcastTo(in)}, this);
    }

    /** Mean over one axis. */
    public Variable mean(int axis, boolean keepDims) {
        int a = axis < 0 ? value.rank() + axis : axis;
        if (a < 0 || a >= value.rank()) {
            throw new IllegalArgumentException("mean: axis " + axis + " out of range for shape " + value.shapeString());
        }
        return sum(a, keepDims).mul(1f / value.dim(a));
    }
}

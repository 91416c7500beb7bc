package org.privet.core.autodiff;

import java.util.Arrays;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Kernels;
import org.privet.core.tensor.Tensor;

/**
 * Layer-level differentiable operations: fused linear map, convolution (and its two adjoints as
 * differentiable operations of their own), pooling, dropout and losses.
 *
 * <p>Layouts: images are NCHW, convolution weights [out, in, kh, kw], dense weights [out, in]
 * (as in PyTorch). All backward rules are written with {@link Variable} operations, so all of
 * these support second derivatives (ReLU and max pooling are piecewise linear: their second
 * derivative is zero almost everywhere).
 *
 * <p>Stateless and thread safe; the graph a call records belongs to the calling thread.
 */
public final class Ops {
    private Ops() {
    }

    // ---------------------------------------------------------------- linear

    /**
     * y = x W^T + b with the bias add fused into the product: x [N, in], weight [out, in], bias
     * [out] or null; result [N, out].
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        Tensor xv = x.value();
        Tensor wv = weight.value();
        if (xv.rank() != 2 || wv.rank() != 2 || xv.dim(1) != wv.dim(1)) {
            throw new IllegalArgumentException("linear: input " + xv.shapeString() + " and weight " + wv.shapeString()
                    + " must be [N,in] and [out,in] with equal in");
        }
        int outF = wv.dim(0);
        Tensor y = xv.matmul(wv, false, true);
        if (bias != null) {
            Tensor bv = bias.value();
            if (bv.rank() != 1 || bv.dim(0) != outF) {
                throw new IllegalArgumentException("linear: bias " + bv.shapeString() + " must be [" + outF + "]");
            }
            float[] yd = y.data();
            float[] bd = bv.data();
            int rows = xv.dim(0);
            for (int r = 0; r < rows; r++) {
                int o = r * outF;
                for (int j = 0; j < outF; j++) {
                    yd[o + j] += bd[j];
                }
            }
        }
        return Variable.record("linear", y, (gy, out, need) -> new Variable[] {
            need[0] ? gy.matmul(weight, false, false) : null,
            need[1] ? gy.matmul(x, true, false) : null,
            need[2] ? gy.sum(0, false) : null}, x, weight, bias);
    }

    // ---------------------------------------------------------------- convolution

    /** 2-D convolution: x [N,C,H,W], weight [O,C,kh,kw], bias [O] or null; result [N,O,OH,OW]. */
    public static Variable conv2d(Variable x, Variable weight, Variable bias, int stride, int pad) {
        checkStridePad(stride, pad);
        int[] xs = x.value().shape();
        int[] ws = weight.value().shape();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d: input " + Arrays.toString(xs) + " and weight "
                    + Arrays.toString(ws) + " must be [N,C,H,W] and [O,C,kh,kw] with equal C");
        }
        if (bias != null && (bias.value().rank() != 1 || bias.value().dim(0) != ws[0])) {
            throw new IllegalArgumentException("conv2d: bias " + bias.value().shapeString() + " must be [" + ws[0] + "]");
        }
        Tensor y = Kernels.conv2d(x.value(), weight.value(), bias == null ? null : bias.value(), stride, pad);
        return Variable.record("conv2d", y, (gy, out, need) -> {
            Variable gx = need[0] ? conv2dBackwardInput(gy, weight, xs, stride, pad) : null;
            Variable gw = need[1] ? conv2dBackwardWeight(x, gy, ws, stride, pad) : null;
            Variable gb = null;
            if (need[2]) {
                int[] g = gy.value().shape();
                gb = gy.reshape(g[0], g[1], g[2] * g[3]).sum(2, false).sum(0, false);
            }
            return new Variable[] {gx, gw, gb};
        }, x, weight, bias);
    }

    /**
     * Gradient of {@link #conv2d} with respect to its input, as a differentiable operation
     * (a transposed convolution): gy [N,O,OH,OW], weight [O,C,kh,kw] -> [N,C,H,W] = xShape.
     */
    public static Variable conv2dBackwardInput(Variable gy, Variable weight, int[] xShape, int stride, int pad) {
        int[] xs = xShape.clone();
        int[] ws = weight.value().shape();
        Tensor v = Kernels.conv2dBackwardInput(gy.value(), weight.value(), xs, stride, pad);
        // <G, BI(gy, w)> = <conv(G, w), gy> = <BW(G, gy), w>
        return Variable.record("conv2dBackwardInput", v, (g, out, need) -> new Variable[] {
            need[0] ? conv2d(g, weight, null, stride, pad) : null,
            need[1] ? conv2dBackwardWeight(g, gy, ws, stride, pad) : null}, gy, weight);
    }

    /**
     * Gradient of {@link #conv2d} with respect to its weight (summed over the batch), as a
     * differentiable operation: x [N,C,H,W], gy [N,O,OH,OW] -> [O,C,kh,kw] = wShape.
     */
    public static Variable conv2dBackwardWeight(Variable x, Variable gy, int[] wShape, int stride, int pad) {
        int[] ws = wShape.clone();
        int[] xs = x.value().shape();
        Tensor v = Kernels.conv2dBackwardWeight(x.value(), gy.value(), ws, stride, pad);
        // <G, BW(x, gy)> = <conv(x, G), gy> = <BI(gy, G), x>
        return Variable.record("conv2dBackwardWeight", v, (g, out, need) -> new Variable[] {
            need[0] ? conv2dBackwardInput(gy, g, xs, stride, pad) : null,
            need[1] ? conv2d(x, g, null, stride, pad) : null}, x, gy);
    }

    private static void checkStridePad(int stride, int pad) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1. Provided value: " + stride);
        }
        if (pad < 0) {
            throw new IllegalArgumentException("padding must be >= 0. Provided value: " + pad);
        }
    }

    // ---------------------------------------------------------------- pooling

    /** Max pooling over k x k windows with the given stride, no padding: x [N,C,H,W]. */
    public static Variable maxPool2d(Variable x, int k, int stride) {
        checkPool(x, k, stride, "maxPool2d");
        Kernels.PoolResult r = Kernels.maxPool2d(x.value(), k, stride);
        int[] xs = x.value().shape();
        int[] arg = r.argmax();
        return Variable.record("maxPool2d", r.output(),
                (gy, out, need) -> new Variable[] {scatterAdd(gy, arg, xs)}, x);
    }

    /** out[index[i]] += g[i] into a zero tensor of {@code shape}; adjoint of {@link #gather}. */
    static Variable scatterAdd(Variable g, int[] index, int[] shape) {
        int[] gs = g.value().shape();
        return Variable.record("scatterAdd", Kernels.scatterAdd(g.value(), index, shape),
                (gy, out, need) -> new Variable[] {gather(gy, index, gs)}, g);
    }

    /** out[i] = x[index[i]] reshaped to {@code shape}; adjoint of {@link #scatterAdd}. */
    static Variable gather(Variable x, int[] index, int[] shape) {
        int[] xs = x.value().shape();
        return Variable.record("gather", Kernels.gather(x.value(), index, shape),
                (gy, out, need) -> new Variable[] {scatterAdd(gy, index, xs)}, x);
    }

    /** Average pooling over k x k windows with the given stride, no padding: x [N,C,H,W]. */
    public static Variable avgPool2d(Variable x, int k, int stride) {
        checkPool(x, k, stride, "avgPool2d");
        int[] xs = x.value().shape();
        return Variable.record("avgPool2d", Kernels.avgPool2d(x.value(), k, stride),
                (gy, out, need) -> new Variable[] {avgPool2dAdjoint(gy, xs, k, stride)}, x);
    }

    private static Variable avgPool2dAdjoint(Variable g, int[] xShape, int k, int stride) {
        return Variable.record("avgPool2dBackward", Kernels.avgPool2dBackward(g.value(), xShape, k, stride),
                (gy, out, need) -> new Variable[] {avgPool2d(gy, k, stride)}, g);
    }

    private static void checkPool(Variable x, int k, int stride, String op) {
        if (x.value().rank() != 4) {
            throw new IllegalArgumentException(op + " needs [N,C,H,W] input, got " + x.value().shapeString());
        }
        if (k < 1 || stride < 1) {
            throw new IllegalArgumentException(op + ": window and stride must be >= 1. Provided values: " + k + ", "
                    + stride);
        }
    }

    // ---------------------------------------------------------------- dropout

    /**
     * Inverted dropout: zeroes each entry with probability {@code p} and scales the rest by
     * 1/(1-p), with the mask drawn from {@code rng}. p in [0, 1).
     */
    public static Variable dropout(Variable x, float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1). Provided value: " + p);
        }
        if (p == 0f) {
            return x;
        }
        float keep = 1f / (1f - p);
        Tensor mask = Tensor.zeros(x.value().shape());
        float[] m = mask.data();
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() >= p ? keep : 0f;
        }
        return x.mul(Variable.constant(mask));
    }

    // ---------------------------------------------------------------- losses

    /**
     * Cross-entropy of softmax(logits) against integer labels: loss_i = -log softmax(logits_i)[y_i].
     *
     * @param logits [N, C]
     * @param labels N labels in [0, C)
     * @return a scalar for MEAN and SUM, shape [N] for NONE
     */
    public static Variable crossEntropyWithLogits(Variable logits, int[] labels, Reduction reduction) {
        Tensor z = logits.value();
        if (z.rank() != 2) {
            throw new IllegalArgumentException("crossEntropyWithLogits: logits must be [N,C], got " + z.shapeString());
        }
        int n = z.dim(0);
        int c = z.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("crossEntropyWithLogits: " + labels.length + " labels for " + n
                    + " rows of logits");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("crossEntropyWithLogits: label " + labels[i] + " at index " + i
                        + " is outside [0, " + c + ")");
            }
        }
        int[] y = labels.clone();
        Tensor lp = z.logSoftmax();
        float[] lpd = lp.data();
        float[] losses = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            losses[i] = -lpd[i * c + y[i]];
            total += losses[i];
        }
        Tensor value;
        switch (reduction) {
            case MEAN: value = Tensor.scalar(n == 0 ? 0f : (float) (total / n)); break;
            case SUM: value = Tensor.scalar((float) total); break;
            case NONE: value = Tensor.wrap(losses, n); break;
            default: throw new AssertionError("internal invariant: unknown reduction " + reduction);
        }
        return Variable.record("crossEntropy", value, (gy, out, need) -> {
            float scale = reduction == Reduction.MEAN ? 1f / Math.max(1, n) : 1f;
            if (!Autodiff.isGradEnabled()) {
                // fast path: (softmax - onehot) * per-example weight, in one pass
                float[] gyd = gy.value().data();
                float[] g = new float[n * c];
                for (int i = 0; i < n; i++) {
                    float w = (reduction == Reduction.NONE ? gyd[i] : gyd[0]) * scale;
                    int o = i * c;
                    for (int j = 0; j < c; j++) {
                        g[o + j] = (float) Math.exp(lpd[o + j]) * w;
                    }
                    g[o + y[i]] -= w;
                }
                return new Variable[] {Variable.constant(Tensor.wrap(g, n, c))};
            }
            Variable w = reduction == Reduction.NONE ? gy.reshape(n, 1) : gy.mul(scale);
            Variable diff = logits.softmax().sub(Variable.constant(Tensor.oneHot(y, c)));
            return new Variable[] {diff.mul(w)};
        }, logits);
    }

    /**
     * Squared error between {@code pred} and {@code target} (same shape, first dimension the
     * batch). MEAN: mean over all entries; SUM: sum over all entries; NONE: per-example mean over
     * the non-batch entries, shape [N].
     */
    public static Variable mse(Variable pred, Variable target, Reduction reduction) {
        if (!pred.value().sameShape(target.value())) {
            throw new IllegalArgumentException("mse: prediction " + pred.value().shapeString() + " and target "
                    + target.value().shapeString() + " differ in shape");
        }
        Variable sq = pred.sub(target).square();
        switch (reduction) {
            case MEAN: return sq.mean();
            case SUM: return sq.sum();
            case NONE:
                if (sq.value().rank() == 0) {
                    throw new IllegalArgumentException("mse with Reduction.NONE needs a batch dimension");
                }
                return sq.value().rank() == 1 ? sq : sq.flatten().mean(1, false);
            default: throw new AssertionError("internal invariant: unknown reduction " + reduction);
        }
    }
}

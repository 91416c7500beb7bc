package org.privet.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.tensor.Kernels;
import org.privet.core.tensor.Parallel;
import org.privet.core.tensor.Tensor;

/**
 * Per-example gradients of a per-example loss (cross-entropy by default), their norms, and the
 * clipped gradient sum that DP-SGD adds noise to.
 *
 * <p>One forward pass keeps the input activations A of every {@link Dense} and {@link Conv2d}
 * layer; one backward pass of the summed loss gives the gradient G of each example's own loss
 * with respect to each such layer's output (no layer mixes examples, so row i of G depends on
 * example i only). Per-example parameter gradients are then products of A_i and G_i:
 * Dense: g_W,i = G_i^T a_i (an outer product), g_b,i = G_i; Conv2d: g_W,i = G_i U_i^T with U_i
 * the unfolded patches of example i (im2col), g_b,i = sum over positions of G_i.
 *
 * <p>Norms need not materialise the gradients ("ghost norms"): for Dense ||g_W,i||^2 =
 * ||a_i||^2 ||G_i||^2; for Conv2d ||G_i U_i^T||_F^2 = sum_{p,q} (U_i^T U_i)_{pq} (G_i^T G_i)_{pq}
 * over output positions p, q (Li et al. 2022; Bu et al. 2023 "ghost clipping"). For each
 * convolution the cheaper of the ghost form (cost L^2 (K + O) for L positions, K = C k k, O
 * outputs) and the materialised form (cost O K L) is used.
 *
 * <p>{@link #clippedGradientSum} is the two-pass scheme of ghost clipping. The second pass would
 * back-propagate sum_i w_i L_i with w_i = min(1, C / ||g_i||); because no layer mixes examples,
 * its gradient at each layer output is exactly diag(w) G, so the second pass is computed from the
 * stored G without re-running the network. For a convolution whose norms were computed by materialising
 * each example's weight gradient, those gradients are kept (at most {@value #MAX_KEPT_FLOATS} floats per
 * pass in all) and its clipped sum is their weighted sum sum_i w_i g_W,i, which costs O K per example
 * instead of a second weight-gradient GEMM (O K L per example); beyond that budget the GEMM is used.
 *
 * <p>The network may contain any layers; all parameters must belong to Dense or Conv2d layers
 * (otherwise an IllegalArgumentException lists the offending layers). The network's current mode
 * (training or evaluation) is used. Stateless and thread safe for distinct networks.
 */
public final class PerExampleGradients {
    private PerExampleGradients() {
    }

    /**
     * Per-example gradients, in the order of {@code net.parameters()}: each tensor is [B, ...shape
     * of the parameter], entry i the gradient of example i's own loss; and each example's loss.
     */
    public record Result(List<Tensor> gradients, float[] losses) {
    }

    /**
     * The sum over examples of each example's gradient clipped to L2 norm {@code clipNorm}
     * (over all parameters together), in the order of {@code net.parameters()}; the unclipped
     * per-example norms; the per-example losses; and how many examples were scaled down.
     */
    public record ClippedSum(List<Tensor> gradientSum, float[] norms, float[] losses, int clippedCount) {
    }

    /**
     * Maps the network's output for a batch to one loss per example, shape [B]. The loss of
     * example i must depend on row i of the output only (any per-example loss does).
     */
    @FunctionalInterface
    public interface ExampleLoss {
        Variable apply(Variable output);
    }

    /** Cross-entropy of logits [B, C] against {@code labels} (B labels in [0, C)), per example. */
    public static ExampleLoss crossEntropy(int[] labels) {
        int[] y = labels.clone();
        return out -> Ops.crossEntropyWithLogits(out, y, Reduction.NONE);
    }

    /** Exact per-example gradients of the cross-entropy loss of each example. */
    public static Result compute(Sequential net, Tensor x, int[] y) {
        return compute(net, x, labelledLoss(x, y));
    }

    /** Exact per-example gradients of an arbitrary per-example loss. */
    public static Result compute(Sequential net, Tensor x, ExampleLoss loss) {
        Pass p = Pass.run(net, x, loss);
        List<Tensor> out = new ArrayList<>();
        for (Tap t : p.taps) {
            if (t.layer instanceof Dense) {
                out.add(denseWeights(t));
                out.add(t.g.copy());
            } else {
                out.add(convWeights(t));
                out.add(convBias(t));
            }
        }
        return new Result(out, p.losses);
    }

    /** L2 norm of each example's full gradient (all parameters), from ghost norms. */
    public static float[] norms(Sequential net, Tensor x, int[] y) {
        return norms(net, x, labelledLoss(x, y));
    }

    /** L2 norm of each example's full gradient of an arbitrary per-example loss. */
    public static float[] norms(Sequential net, Tensor x, ExampleLoss loss) {
        return sqrt(squaredNorms(Pass.run(net, x, loss)));
    }

    /**
     * Sum over examples of min(1, clipNorm / ||g_i||) g_i per parameter.
     *
     * @param clipNorm L2 clipping bound, &gt; 0 and finite
     */
    public static ClippedSum clippedGradientSum(Sequential net, Tensor x, int[] y, float clipNorm) {
        checkClip(clipNorm);
        return clippedGradientSum(net, x, labelledLoss(x, y), clipNorm);
    }

    /** As {@link #clippedGradientSum(Sequential, Tensor, int[], float)} for an arbitrary per-example loss. */
    public static ClippedSum clippedGradientSum(Sequential net, Tensor x, ExampleLoss loss, float clipNorm) {
        return clippedGradientSum(net, x, loss, clipNorm, MAX_KEPT_FLOATS);
    }

    /** As above, keeping at most {@code keepBudget} floats of per-example convolution gradients (tests: 0). */
    static ClippedSum clippedGradientSum(Sequential net, Tensor x, ExampleLoss loss, float clipNorm, long keepBudget) {
        checkClip(clipNorm);
        Pass p = Pass.run(net, x, loss);
        p.keepBudget = keepBudget;
        float[] norms = sqrt(squaredNorms(p));
        int b = norms.length;
        float[] w = new float[b];
        int clipped = 0;
        for (int i = 0; i < b; i++) {
            if (norms[i] > clipNorm) {
                w[i] = clipNorm / norms[i];
                clipped++;
            } else {
                w[i] = 1f;
            }
        }
        List<Tensor> sums = new ArrayList<>();
        for (Tap t : p.taps) {
            Tensor gw = scaleRows(t.g, w);
            if (t.layer instanceof Dense) {
                sums.add(gw.matmul(t.a, true, false));
                sums.add(gw.sum(0, false));
            } else {
                Conv2d c = (Conv2d) t.layer;
                int[] shape = c.weight().value().shape();
                if (t.perExample != null) {
                    // the kept per-example weight gradients, weighted: the same sum as the GEMM below
                    float[] sum = new float[t.perExample[0].length];
                    for (int i = 0; i < b; i++) {
                        Kernels.axpy(w[i], t.perExample[i], sum);
                    }
                    t.perExample = null;
                    sums.add(Tensor.wrap(sum, shape));
                } else {
                    sums.add(Kernels.conv2dBackwardWeight(t.a, gw, shape, c.stride(), c.padding()));
                }
                int[] s = gw.shape();
                sums.add(gw.reshape(s[0], s[1], s[2] * s[3]).sum(2, false).sum(0, false));
            }
        }
        return new ClippedSum(sums, norms, p.losses, clipped);
    }

    private static void checkClip(float clipNorm) {
        if (!(clipNorm > 0f) || Float.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be > 0 and finite. Provided value: " + clipNorm);
        }
    }

    private static ExampleLoss labelledLoss(Tensor x, int[] y) {
        if (x.rank() == 0 || x.dim(0) != y.length) {
            throw new IllegalArgumentException("per-example gradients: " + y.length + " labels for input "
                    + x.shapeString());
        }
        return crossEntropy(y);
    }

    // ---------------------------------------------------------------- norms

    /** Floats of per-example convolution weight gradients a pass may keep for the clipped sum: 2^24 (64 MB). */
    static final long MAX_KEPT_FLOATS = 1L << 24;

    static double[] squaredNorms(Pass p) {
        double[] sq = new double[p.losses.length];
        for (Tap t : p.taps) {
            if (t.layer instanceof Dense) {
                denseSquaredNorms(t, sq);
            } else {
                convSquaredNorms(p, t, sq);
            }
        }
        return sq;
    }

    private static void denseSquaredNorms(Tap t, double[] sq) {
        int b = t.a.dim(0);
        int in = t.a.dim(1);
        int out = t.g.dim(1);
        float[] a = t.a.data();
        float[] g = t.g.data();
        for (int i = 0; i < b; i++) {
            double na = Kernels.sumSquares(a, i * in, in);
            double ng = Kernels.sumSquares(g, i * out, out);
            sq[i] += na * ng + ng; // weight, then bias
        }
    }

    /** Whether the Gram-matrix (ghost) norm is cheaper than materialising the weight gradient. */
    static boolean useGhost(int positions, int patch, int outChannels) {
        return (long) positions * (patch + outChannels) < (long) patch * outChannels;
    }

    private static void convSquaredNorms(Pass pass, Tap t, double[] sq) {
        Conv2d c = (Conv2d) t.layer;
        int b = t.g.dim(0);
        int o = t.g.dim(1);
        int l = t.g.dim(2) * t.g.dim(3);
        int k = c.inChannels() * c.kernel() * c.kernel();
        float[] g = t.g.data();
        boolean ghost = useGhost(l, k, o);
        if (!ghost && pass.kept + (long) b * o * k <= pass.keepBudget) {
            t.perExample = new float[b][];
            pass.kept += (long) b * o * k;
        }
        float[][] kept = t.perExample;
        long work = (long) b * (ghost ? (long) l * l * (k + o) : (long) o * k * l);
        // examples are independent (each writes only its own sq[i] and kept[i]): one task per example, each
        // computed the same way whatever the thread count
        Parallel.forEach(b, work, i -> {
            float[] gi = Arrays.copyOfRange(g, i * o * l, (i + 1) * o * l);
            float[] ui = patches(t, c, i);
            if (ghost) {
                float[] gramU = new float[l * l];
                float[] gramG = new float[l * l];
                Kernels.sgemm(true, false, l, l, k, ui, ui, gramU);
                Kernels.sgemm(true, false, l, l, o, gi, gi, gramG);
                sq[i] += Kernels.dot(gramU, gramG);
            } else {
                float[] gw = new float[o * k];
                Kernels.sgemm(false, true, o, k, l, gi, ui, gw);
                sq[i] += Kernels.dot(gw, gw);
                if (kept != null) {
                    kept[i] = gw;
                }
            }
            // bias: sum over positions per channel
            for (int ch = 0; ch < o; ch++) {
                double s = 0;
                for (int p = 0; p < l; p++) {
                    s += gi[ch * l + p];
                }
                sq[i] += s * s;
            }
        });
    }

    // ---------------------------------------------------------------- materialised

    private static Tensor denseWeights(Tap t) {
        int b = t.a.dim(0);
        int in = t.a.dim(1);
        int out = t.g.dim(1);
        float[] a = t.a.data();
        float[] g = t.g.data();
        float[] r = new float[b * out * in];
        for (int i = 0; i < b; i++) {
            for (int o = 0; o < out; o++) {
                float gv = g[i * out + o];
                int base = (i * out + o) * in;
                int ab = i * in;
                for (int j = 0; j < in; j++) {
                    r[base + j] = gv * a[ab + j];
                }
            }
        }
        return Tensor.wrap(r, b, out, in);
    }

    private static Tensor convWeights(Tap t) {
        Conv2d c = (Conv2d) t.layer;
        int b = t.g.dim(0);
        int o = t.g.dim(1);
        int l = t.g.dim(2) * t.g.dim(3);
        int k = c.inChannels() * c.kernel() * c.kernel();
        float[] g = t.g.data();
        float[] r = new float[b * o * k];
        for (int i = 0; i < b; i++) {
            float[] gi = Arrays.copyOfRange(g, i * o * l, (i + 1) * o * l);
            float[] ui = patches(t, c, i);
            float[] gw = new float[o * k];
            Kernels.sgemm(false, true, o, k, l, gi, ui, gw);
            System.arraycopy(gw, 0, r, i * o * k, o * k);
        }
        return Tensor.wrap(r, b, o, c.inChannels(), c.kernel(), c.kernel());
    }

    /** Unfolded patches U_i [C k k, L] of example i (one example at a time bounds memory to one example). */
    private static float[] patches(Tap t, Conv2d c, int i) {
        return Kernels.im2col(t.a.sliceRows(i, i + 1), c.kernel(), c.kernel(), c.stride(), c.padding()).data();
    }

    private static Tensor convBias(Tap t) {
        int[] s = t.g.shape();
        return t.g.reshape(s[0], s[1], s[2] * s[3]).sum(2, false);
    }

    /** Scales row i of {@code g} by {@code w[i]} in place (the pass's G is not read again) and returns it. */
    private static Tensor scaleRows(Tensor g, float[] w) {
        Tensor r = g;
        float[] d = r.data();
        int row = w.length == 0 ? 0 : d.length / w.length;
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 1f) {
                for (int j = i * row; j < (i + 1) * row; j++) {
                    d[j] *= w[i];
                }
            }
        }
        return r;
    }

    private static float[] sqrt(double[] sq) {
        float[] r = new float[sq.length];
        for (int i = 0; i < sq.length; i++) {
            r[i] = (float) Math.sqrt(sq[i]);
        }
        return r;
    }

    // ---------------------------------------------------------------- the shared pass

    /** A parameterised layer, its input activations and the gradient with respect to its output. */
    static final class Tap {
        final Layer layer;
        final Tensor a;
        Tensor g;
        /** Per-example weight gradients [b][O K] kept by the materialised norm, or null. */
        float[][] perExample;

        Tap(Layer layer, Tensor a) {
            this.layer = layer;
            this.a = a;
        }
    }

    static final class Pass {
        final List<Tap> taps;
        final float[] losses;
        /** Floats kept in the taps' per-example gradients, and the most they may hold. */
        long kept;
        long keepBudget;

        private Pass(List<Tap> taps, float[] losses) {
            this.taps = taps;
            this.losses = losses;
        }

        static Pass run(Sequential net, Tensor x, ExampleLoss loss) {
            if (x.rank() == 0 || x.dim(0) == 0) {
                throw new IllegalArgumentException("per-example gradients need a non-empty batch, got input "
                        + x.shapeString());
            }
            List<Layer> layers = net.flatLayers();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                if (!(l instanceof Dense || l instanceof Conv2d) && !l.parameters().isEmpty()) {
                    problems.add("layer " + i + " " + l.spec());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("per-example gradients support parameters of dense and conv2d"
                        + " layers only; unsupported: " + String.join("; ", problems));
            }
            List<Tap> taps = new ArrayList<>();
            List<Variable> outs = new ArrayList<>();
            try (Autodiff.GradMode mode = Autodiff.enableGrad()) {
                Variable h = Variable.constant(x);
                for (Layer l : layers) {
                    Variable in = h;
                    h = l.forward(h);
                    if (l instanceof Dense || l instanceof Conv2d) {
                        taps.add(new Tap(l, in.value()));
                        outs.add(h);
                    }
                }
                Variable losses = loss.apply(h);
                if (losses.value().rank() != 1 || losses.value().dim(0) != x.dim(0)) {
                    throw new IllegalArgumentException("per-example loss must have shape [" + x.dim(0) + "], got "
                            + losses.value().shapeString());
                }
                List<Variable> gs = Autodiff.grad(losses.sum(), outs, null, false);
                for (int i = 0; i < taps.size(); i++) {
                    taps.get(i).g = gs.get(i).value();
                }
                return new Pass(taps, losses.value().data().clone());
            }
        }
    }
}

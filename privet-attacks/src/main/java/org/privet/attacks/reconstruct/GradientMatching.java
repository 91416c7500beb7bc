package org.privet.attacks.reconstruct;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Variable;
import org.privet.core.model.Lbfgs;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Reconstruction of a client's batch by gradient matching: optimise dummy inputs (and, for DLG, dummy soft
 * labels) so that the update they would produce matches the observed one.
 *
 * <ul>
 *   <li><b>DLG</b> (Zhu, Liu and Han, NeurIPS 2019): squared Euclidean distance between the dummy and the
 *       observed gradient, summed over all parameters; dummy labels are free logits whose softmax is the
 *       soft label ({@link LabelMode#JOINT}); optimised with L-BFGS as in the paper
 *       ({@link Optimizer#LBFGS}) or with Adam (the default of {@link Options#dlg()}, as later
 *       re-implementations do: more stable in float32).</li>
 *   <li><b>iDLG</b> (Zhao et al. 2020): as DLG but with the label read off the last layer's gradient
 *       ({@link LabelMode#ANALYTIC}, see {@link AnalyticLinear#idlgLabel}).</li>
 *   <li><b>Inverting Gradients</b> (Geiping, Bauermeister, Droege and Moeller, NeurIPS 2020): cosine
 *       distance {@code 1 - <g, g*> / (|g| |g*|)} over all parameters jointly, plus {@code tvWeight} times
 *       the total variation (mean absolute horizontal plus vertical pixel differences, smoothed as
 *       {@code sqrt(d^2 + 1e-8)}); Adam on the signed gradient, step decayed by 10 at 3/8, 5/8 and 7/8 of the
 *       iterations; pixels projected to the box {@code [lo, hi]} after every step; several restarts, keeping
 *       the one with the lowest final objective.</li>
 *   <li><b>FedAvg</b> (Geiping et al., Sec. 6): for an {@link ObservedUpdate#isFedAvg()} update the
 *       attacker unrolls the client's {@code K} local steps (full-batch or on the known mini-batch schedule)
 *       on the dummy data (a graph through
 *       every step, so second derivatives flow through the whole trajectory) and matches
 *       {@code theta_0 - theta_K}.</li>
 * </ul>
 *
 * <p>The objective needs the gradient of a gradient: it is built with
 * {@code Autodiff.grad(..., createGraph = true)} on the model evaluated functionally
 * ({@link FunctionalNetwork}); the model's own weights are never modified. Initialisation is uniform in the
 * box (or standard normal for an unbounded box), drawn from the given seeded experiment {@link Rng}: a
 * reconstruction is an experiment, not a secret.
 *
 * <p>Cost per iteration: about three forward/backward passes of the model on N examples ({@code 2K + 1}
 * for K local steps). Not thread safe per call (one graph per thread); distinct calls may run on distinct
 * threads.
 */
public final class GradientMatching {
    private GradientMatching() {
    }

    /** Distance between the dummy and the observed update. */
    public enum Objective {
        /** Squared Euclidean distance (DLG). */
        L2,
        /** One minus the cosine similarity, over all parameters jointly (Inverting Gradients). */
        COSINE
    }

    /** How the dummy data is optimised. */
    public enum Optimizer {
        /** Adam (optionally on the signed gradient), with projection onto the box after every step. */
        ADAM,
        /**
         * L-BFGS with a strong-Wolfe line search (privet-core {@code Lbfgs}), as in the DLG paper; runs
         * unconstrained and clamps to the box only at the end; {@code iterations} caps its iterations, and
         * the Adam step size, signed gradients and decay are ignored.
         */
        LBFGS
    }

    /** Where the labels of the dummy batch come from. */
    public enum LabelMode {
        /** Given by the caller (e.g. the attacker knows them). */
        KNOWN,
        /** Read off the last layer's update with {@link AnalyticLinear} (iDLG; distinct labels for batches). */
        ANALYTIC,
        /** Optimised jointly as soft labels (DLG). */
        JOINT
    }

    /**
     * Settings.
     *
     * @param objective         L2 (DLG) or COSINE (Inverting Gradients)
     * @param tvWeight          weight of the total-variation prior, >= 0 (0 disables; images only)
     * @param iterations        optimiser steps per restart, >= 1
     * @param learningRate      Adam step size, > 0
     * @param signedGradients   step on the sign of the gradient (Inverting Gradients)
     * @param decayLearningRate divide the step by 10 at 3/8, 5/8 and 7/8 of the iterations
     * @param restarts          independent initialisations, >= 1; the lowest final objective wins
     * @param lo                lower pixel bound of the box (may be -Infinity for no box)
     * @param hi                upper pixel bound, > lo (may be +Infinity)
     * @param labels            label mode
     * @param optimizer         ADAM or LBFGS
     */
    public record Options(Objective objective, double tvWeight, int iterations, double learningRate,
                          boolean signedGradients, boolean decayLearningRate, int restarts, float lo, float hi,
                          LabelMode labels, Optimizer optimizer) {
        public Options {
            Objects.requireNonNull(objective, "objective");
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(labels, "labels");
            if (!(tvWeight >= 0) || !Double.isFinite(tvWeight)) {
                throw new IllegalArgumentException("tvWeight must be >= 0 and finite. Provided value: " + tvWeight);
            }
            if (iterations < 1 || restarts < 1) {
                throw new IllegalArgumentException("iterations and restarts must be >= 1. Provided values: "
                        + iterations + ", " + restarts);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be > 0 and finite. Provided value: "
                        + learningRate);
            }
            if (!(lo < hi)) {
                throw new IllegalArgumentException("box needs lo < hi. Provided values: " + lo + ", " + hi);
            }
        }

        /** DLG: L2 matching, joint soft labels, Adam (step 0.1), 300 iterations, no prior, no box. */
        public static Options dlg() {
            return new Options(Objective.L2, 0, 300, 0.1, false, false, 1, Float.NEGATIVE_INFINITY,
                    Float.POSITIVE_INFINITY, LabelMode.JOINT, Optimizer.ADAM);
        }

        /** iDLG: DLG with analytically recovered labels. */
        public static Options idlg() {
            return dlg().withLabels(LabelMode.ANALYTIC);
        }

        /**
         * Inverting Gradients: cosine matching, TV weight 1e-4, signed Adam with step 0.1 and step decay,
         * 1000 iterations, 1 restart, pixels boxed to [0, 1], analytic labels.
         */
        public static Options invertingGradients() {
            return new Options(Objective.COSINE, 1e-4, 1000, 0.1, true, true, 1, 0f, 1f, LabelMode.ANALYTIC,
                    Optimizer.ADAM);
        }

        public Options withIterations(int n) {
            return new Options(objective, tvWeight, n, learningRate, signedGradients, decayLearningRate, restarts,
                    lo, hi, labels, optimizer);
        }

        public Options withRestarts(int n) {
            return new Options(objective, tvWeight, iterations, learningRate, signedGradients, decayLearningRate, n,
                    lo, hi, labels, optimizer);
        }

        public Options withLabels(LabelMode mode) {
            return new Options(objective, tvWeight, iterations, learningRate, signedGradients, decayLearningRate,
                    restarts, lo, hi, mode, optimizer);
        }

        public Options withTvWeight(double w) {
            return new Options(objective, w, iterations, learningRate, signedGradients, decayLearningRate,
                    restarts, lo, hi, labels, optimizer);
        }

        public Options withLearningRate(double lr) {
            return new Options(objective, tvWeight, iterations, lr, signedGradients, decayLearningRate, restarts,
                    lo, hi, labels, optimizer);
        }

        public Options withOptimizer(Optimizer opt) {
            return new Options(objective, tvWeight, iterations, learningRate, signedGradients, decayLearningRate,
                    restarts, lo, hi, labels, opt);
        }

        public Options withBox(float low, float high) {
            return new Options(objective, tvWeight, iterations, learningRate, signedGradients, decayLearningRate,
                    restarts, low, high, labels, optimizer);
        }
    }

    /** {@link #attack(FunctionalNetwork, ObservedUpdate, int[], int[], Options, Rng, Progress)} without progress. */
    public static ReconstructionResult attack(FunctionalNetwork net, ObservedUpdate update, int[] inputShape,
            int[] knownLabels, Options options, Rng rng) {
        return attack(net, update, inputShape, knownLabels, options, rng, Progress.NONE);
    }

    /**
     * Reconstructs the client's batch.
     *
     * @param net         the model the update was computed on, at the weights the server sent
     * @param update      the observed update (its {@code examples} is the dummy batch size)
     * @param inputShape  per-example input shape, e.g. {@code {1, 16, 16}}
     * @param knownLabels labels for {@link LabelMode#KNOWN} (N entries), else ignored (may be null)
     * @param options     settings
     * @param rng         seeded experiment generator for the initialisations
     * @param progress    reports iterations (all restarts together)
     */
    public static ReconstructionResult attack(FunctionalNetwork net, ObservedUpdate update, int[] inputShape,
            int[] knownLabels, Options options, Rng rng, Progress progress) {
        Objects.requireNonNull(options, "options");
        if (update.tensors().size() != net.parameterTensors()) {
            throw new IllegalArgumentException("update has " + update.tensors().size() + " tensors but the model has "
                    + net.parameterTensors() + " parameters");
        }
        AnalyticLinear.checkUpdate(net.model(), update.tensors());
        int n = update.examples();
        int classes = AnalyticLinear.lastDense(net.model()).outFeatures();
        int[] labels = resolveLabels(options, update, knownLabels, n, classes);
        int[] xShape = new int[inputShape.length + 1];
        xShape[0] = n;
        System.arraycopy(inputShape, 0, xShape, 1, inputShape.length);
        Matcher m = new Matcher(net, update, options, labels, classes, xShape);

        Tensor bestX = null;
        Tensor bestY = null;
        double bestObj = Double.POSITIVE_INFINITY;
        progress.start(options.objective() == Objective.COSINE ? "inverting gradients" : "gradient matching",
                (long) options.iterations() * options.restarts());
        for (int r = 0; r < options.restarts(); r++) {
            Rng init = rng.child("restart", r);
            Tensor x = initialise(init, xShape, options.lo(), options.hi());
            Tensor y = options.labels() == LabelMode.JOINT ? Tensor.randn(init, 1f, n, classes) : null;
            m.optimise(x, y, progress, (long) r * options.iterations());
            double obj = m.objective(x, y);
            if (bestX == null || obj < bestObj || Double.isNaN(bestObj)) {
                bestObj = obj;
                bestX = x;
                bestY = y;
            }
        }
        progress.finish();
        int[] outLabels = labels != null ? labels : bestY.argmaxRows();
        String name = options.objective() == Objective.COSINE ? "inverting-gradients"
                : options.labels() == LabelMode.JOINT ? "dlg" : "idlg";
        return new ReconstructionResult(name + (update.isFedAvg() ? "-fedavg" : ""), bestX, outLabels, bestObj,
                options.iterations(), options.restarts(), options.toString(), rng.seed());
    }

    private static int[] resolveLabels(Options o, ObservedUpdate update, int[] known, int n, int classes) {
        switch (o.labels()) {
            case KNOWN:
                if (known == null || known.length != n) {
                    throw new IllegalArgumentException("LabelMode.KNOWN needs " + n + " labels, got "
                            + (known == null ? "null" : known.length));
                }
                for (int i = 0; i < n; i++) {
                    if (known[i] < 0 || known[i] >= classes) {
                        throw new IllegalArgumentException("label " + known[i] + " at index " + i
                                + " is outside [0, " + classes + ")");
                    }
                }
                return known.clone();
            case ANALYTIC: {
                List<Tensor> t = update.tensors();
                Tensor w = t.get(t.size() - 2);
                if (n > classes) {
                    throw new IllegalArgumentException("LabelMode.ANALYTIC recovers distinct labels only: batch of "
                            + n + " > " + classes + " classes; use KNOWN or JOINT");
                }
                return n == 1 ? new int[] {AnalyticLinear.idlgLabel(w)} : AnalyticLinear.batchLabels(w, n);
            }
            case JOINT:
                return null;
            default:
                throw new AssertionError("internal invariant: unknown label mode " + o.labels());
        }
    }

    private static Tensor initialise(Rng rng, int[] shape, float lo, float hi) {
        if (Float.isFinite(lo) && Float.isFinite(hi)) {
            return Tensor.uniform(rng, lo, hi, shape);
        }
        Tensor t = Tensor.randn(rng, 1f, shape);
        return t.clamp(lo, hi);
    }

    /** The objective and its optimiser for one attack. */
    private static final class Matcher {
        private final FunctionalNetwork net;
        private final ObservedUpdate update;
        private final Options o;
        private final int[] labels;
        private final int[] xShape;
        private final List<Variable> target;
        private final double targetNorm;
        private final Variable tvH;
        private final Variable tvV;
        private final List<Variable> theta0;

        Matcher(FunctionalNetwork net, ObservedUpdate update, Options o, int[] labels, int classes, int[] xShape) {
            this.net = net;
            this.update = update;
            this.o = o;
            this.labels = labels;
            this.xShape = xShape;
            // leaves shared by every iteration: Autodiff.grad never accumulates into them
            this.theta0 = net.parameterLeaves();
            this.target = new ArrayList<>();
            double sq = 0;
            for (Tensor t : update.tensors()) {
                target.add(Variable.constant(t));
                for (float v : t.data()) {
                    sq += (double) v * v;
                }
            }
            this.targetNorm = Math.sqrt(sq);
            if (o.objective() == Objective.COSINE && !(targetNorm > 0)) {
                throw new IllegalArgumentException("cosine matching needs a non-zero observed update. Norm: "
                        + targetNorm);
            }
            if (o.tvWeight() > 0 && xShape.length == 4 && xShape[2] >= 2 && xShape[3] >= 2) {
                int c = xShape[1];
                float[] h = new float[c * c * 2];
                float[] v = new float[c * c * 2];
                for (int i = 0; i < c; i++) {
                    h[(i * c + i) * 2] = -1f;
                    h[(i * c + i) * 2 + 1] = 1f;
                    v[(i * c + i) * 2] = -1f;
                    v[(i * c + i) * 2 + 1] = 1f;
                }
                tvH = Variable.constant(Tensor.wrap(h, c, c, 1, 2));
                tvV = Variable.constant(Tensor.wrap(v, c, c, 2, 1));
            } else {
                tvH = null;
                tvV = null;
            }
        }

        /** The objective at (x, y), recorded so that it can be differentiated with respect to x and y. */
        private Variable build(Variable x, Variable y) {
            List<Variable> dummy;
            if (!update.isFedAvg()) {
                dummy = Autodiff.grad(loss(x, y, theta0), theta0, null, true);
            } else {
                List<Variable> theta = theta0;
                List<Variable> sum = null;
                float lr = update.learningRate();
                int n = xShape[0];
                int b = update.stepBatch();
                for (int k = 0; k < update.localSteps(); k++) {
                    int from = (k * b) % n;
                    List<Variable> g = Autodiff.grad(b == n ? loss(x, y, theta)
                            : loss(rows(x, from, b), y == null ? null : rows(y, from, b), from, b, theta), theta, null,
                            true);
                    List<Variable> next = new ArrayList<>(theta.size());
                    for (int i = 0; i < theta.size(); i++) {
                        next.add(theta.get(i).sub(g.get(i).mul(lr)));
                        // sum of steps: theta_0 - theta_K = lr * sum_k g_k
                    }
                    if (sum == null) {
                        sum = new ArrayList<>(g.size());
                        for (Variable gi : g) {
                            sum.add(gi.mul(lr));
                        }
                    } else {
                        for (int i = 0; i < g.size(); i++) {
                            sum.set(i, sum.get(i).add(g.get(i).mul(lr)));
                        }
                    }
                    theta = next;
                }
                dummy = sum;
            }
            Variable obj;
            if (o.objective() == Objective.L2) {
                obj = null;
                for (int i = 0; i < dummy.size(); i++) {
                    Variable d = dummy.get(i).sub(target.get(i)).square().sum();
                    obj = obj == null ? d : obj.add(d);
                }
            } else {
                Variable dot = null;
                Variable sq = null;
                for (int i = 0; i < dummy.size(); i++) {
                    Variable g = dummy.get(i);
                    Variable d = g.mul(target.get(i)).sum();
                    Variable s = g.square().sum();
                    dot = dot == null ? d : dot.add(d);
                    sq = sq == null ? s : sq.add(s);
                }
                obj = dot.div(sq.add(1e-20f).sqrt().mul((float) targetNorm)).neg().add(1f);
            }
            if (tvH != null) {
                obj = obj.add(totalVariation(x).mul((float) o.tvWeight()));
            }
            return obj;
        }

        private Variable totalVariation(Variable x) {
            Variable dh = Ops.conv2d(x, tvH, null, 1, 0);
            Variable dv = Ops.conv2d(x, tvV, null, 1, 0);
            return dh.square().add(1e-8f).sqrt().mean().add(dv.square().add(1e-8f).sqrt().mean());
        }

        private Variable loss(Variable x, Variable y, List<Variable> theta) {
            return loss(x, y, 0, xShape[0], theta);
        }

        /** Mean cross-entropy of rows {@code [from, from + count)} (x and y already restricted to them). */
        private Variable loss(Variable x, Variable y, int from, int count, List<Variable> theta) {
            if (labels != null) {
                return net.loss(x, count == labels.length ? labels
                        : java.util.Arrays.copyOfRange(labels, from, from + count), theta);
            }
            Variable logits = net.forward(x, theta);
            return y.softmax().mul(logits.logSoftmax()).sum().mul(-1f / count);
        }

        /** Rows [from, from + count) of v as a differentiable selection (a 0/1 matrix product). */
        private static Variable rows(Variable v, int from, int count) {
            int[] shape = v.value().shape();
            int n = shape[0];
            int per = v.value().size() / n;
            float[] sel = new float[count * n];
            for (int i = 0; i < count; i++) {
                sel[i * n + from + i] = 1f;
            }
            int[] out = shape.clone();
            out[0] = count;
            return Variable.constant(Tensor.wrap(sel, count, n)).matmul(v.reshape(n, per)).reshape(out);
        }

        double objective(Tensor x, Tensor y) {
            try (var g = Autodiff.enableGrad()) {
                return build(Variable.parameter(x), y == null ? null : Variable.parameter(y)).value().item();
            }
        }

        void optimise(Tensor x, Tensor y, Progress progress, long done0) {
            if (o.optimizer() == Optimizer.LBFGS) {
                optimiseLbfgs(x, y, progress, done0);
                return;
            }
            float[] xd = x.data();
            float[] yd = y == null ? null : y.data();
            float[][] mom = {new float[xd.length], yd == null ? null : new float[yd.length]};
            float[][] vel = {new float[xd.length], yd == null ? null : new float[yd.length]};
            int iters = o.iterations();
            double b1 = 0.9;
            double b2 = 0.999;
            for (int t = 1; t <= iters; t++) {
                double lr = o.learningRate();
                if (o.decayLearningRate()) {
                    int k = t - 1;
                    if (k >= iters * 3 / 8) {
                        lr *= 0.1;
                    }
                    if (k >= iters * 5 / 8) {
                        lr *= 0.1;
                    }
                    if (k >= iters * 7 / 8) {
                        lr *= 0.1;
                    }
                }
                Variable xv = Variable.parameter(x);
                Variable yv = y == null ? null : Variable.parameter(y);
                List<Variable> grads;
                try (var g = Autodiff.enableGrad()) {
                    Variable obj = build(xv, yv);
                    grads = Autodiff.grad(obj, yv == null ? List.of(xv) : List.of(xv, yv), null, false);
                }
                double c1 = 1 - Math.pow(b1, t);
                double c2 = 1 - Math.pow(b2, t);
                adam(xd, grads.get(0).value().data(), mom[0], vel[0], lr, b1, b2, c1, c2);
                if (yd != null) {
                    adam(yd, grads.get(1).value().data(), mom[1], vel[1], lr, b1, b2, c1, c2);
                }
                float lo = o.lo();
                float hi = o.hi();
                for (int i = 0; i < xd.length; i++) {
                    float v = xd[i];
                    xd[i] = v < lo ? lo : (v > hi ? hi : v);
                }
                if ((t & 15) == 0 || t == iters) {
                    progress.update(done0 + t, null);
                }
            }
        }

        private void optimiseLbfgs(Tensor x, Tensor y, Progress progress, long done0) {
            float[] xd = x.data();
            float[] yd = y == null ? null : y.data();
            int nx = xd.length;
            int ny = yd == null ? 0 : yd.length;
            double[] start = new double[nx + ny];
            for (int i = 0; i < nx; i++) {
                start[i] = xd[i];
            }
            for (int i = 0; i < ny; i++) {
                start[nx + i] = yd[i];
            }
            long[] evals = {0};
            Lbfgs.Objective f = (p, grad) -> {
                for (int i = 0; i < nx; i++) {
                    xd[i] = (float) p[i];
                }
                for (int i = 0; i < ny; i++) {
                    yd[i] = (float) p[nx + i];
                }
                Variable xv = Variable.parameter(x);
                Variable yv = y == null ? null : Variable.parameter(y);
                List<Variable> g;
                double value;
                try (var mode = Autodiff.enableGrad()) {
                    Variable obj = build(xv, yv);
                    value = obj.value().item();
                    g = Autodiff.grad(obj, yv == null ? List.of(xv) : List.of(xv, yv), null, false);
                }
                float[] gx = g.get(0).value().data();
                for (int i = 0; i < nx; i++) {
                    grad[i] = gx[i];
                }
                if (ny > 0) {
                    float[] gy = g.get(1).value().data();
                    for (int i = 0; i < ny; i++) {
                        grad[nx + i] = gy[i];
                    }
                }
                if ((++evals[0] & 15) == 0) {
                    progress.update(done0 + Math.min(evals[0], o.iterations()), "evaluations");
                }
                return value;
            };
            Lbfgs.Result r = Lbfgs.minimize(f, start, new Lbfgs.Options(10, o.iterations(), 0, 0, 40));
            double[] best = r.x();
            for (int i = 0; i < nx; i++) {
                float v = (float) best[i];
                xd[i] = v < o.lo() ? o.lo() : (v > o.hi() ? o.hi() : v);
            }
            for (int i = 0; i < ny; i++) {
                yd[i] = (float) best[nx + i];
            }
        }

        private void adam(float[] w, float[] g, float[] m, float[] v, double lr, double b1, double b2, double c1,
                double c2) {
            boolean signed = o.signedGradients();
            float fb1 = (float) b1;
            float fb2 = (float) b2;
            float a = (float) (lr / c1);
            float s2 = (float) (1 / c2);
            for (int i = 0; i < w.length; i++) {
                float gi = g[i];
                if (signed) {
                    gi = gi > 0 ? 1f : (gi < 0 ? -1f : 0f);
                }
                float mi = fb1 * m[i] + (1 - fb1) * gi;
                float vi = fb2 * v[i] + (1 - fb2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                w[i] -= a * mi / ((float) Math.sqrt(vi * s2) + 1e-8f);
            }
        }
    }
}

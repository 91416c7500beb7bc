package org.privet.attacks.invert;

import java.util.Arrays;
import java.util.Objects;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * MI-Face (Fredrikson, Jha, Ristenpart, CCS 2015, Algorithm 1): gradient descent from {@code x0 = 0} on the
 * cost {@code c(x) = 1 - p_label(x)}, each step followed by {@code Process} (clamping to the pixel range, and
 * optional denoising and sharpening as the paper uses for its denoising-autoencoder target); stop after
 * {@code alpha} iterations, when the cost is not below every cost of the last {@code beta} iterations, or
 * when the class confidence reaches {@code gamma}; return the iterate of least cost. (The paper writes the
 * last rule as {@code c(x) <= gamma} with {@code gamma = 0.99}, which would stop at once from most starts;
 * it is read here as a confidence threshold: {@code c(x) <= 1 - gamma}.) Paper parameters for softmax
 * and MLP models: alpha = 5000, beta = 100, gamma = 0.99, lambda = 0.1.
 *
 * <p>Descent direction: {@code grad c = -grad p_label = p_label * grad(-log p_label)}. Where the class's
 * probability is tiny (a confident model at {@code x0 = 0}) that gradient vanishes and the paper's descent
 * never leaves the start; by default ({@link Options#logGradient()}) the step follows {@code grad(-log
 * p_label)} instead: the same direction, scaled by {@code 1 / p_label}. The cost, the stopping rule and the
 * returned iterate are the paper's. White-box: from the model's input gradient. Black-box: the gradient is
 * estimated from queries by antithetic Gaussian finite differences of the same function (NES: {@code g ≈
 * sum_i (f(x + s u_i) - f(x - s u_i)) u_i / (2 s m)}), 2m queries per step, one batch.
 */
public final class MiFace {
    private MiFace() {
    }

    /** Post-step processing of the iterate. */
    public enum Process { NONE, DENOISE, DENOISE_AND_SHARPEN }

    /**
     * Settings.
     *
     * @param alpha          most iterations, {@code >= 1}
     * @param beta           stop when no improvement over the last {@code beta} iterations, {@code >= 1}
     * @param gamma          stop when the class confidence is {@code >= gamma}, i.e. the cost {@code <= 1 - gamma}
     * @param lambda         step size, {@code > 0}
     * @param lo             lower pixel bound of {@code Process}'s clamp
     * @param hi             upper pixel bound, {@code > lo}
     * @param process        denoising / sharpening after each step (images [C, H, W] only)
     * @param directions     black-box: random directions per gradient estimate, {@code >= 1}
     * @param sigma          black-box: finite-difference step, {@code > 0}
     * @param logGradient    step along {@code grad(-log p)} (default) rather than the paper's {@code grad(1 - p)}
     */
    public record Options(int alpha, int beta, double gamma, double lambda, float lo, float hi, Process process,
                          int directions, double sigma, boolean logGradient) {
        public Options {
            if (alpha < 1 || beta < 1) {
                throw new IllegalArgumentException("alpha and beta must be >= 1. Provided values: " + alpha + ", "
                        + beta);
            }
            if (!(gamma >= 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in [0, 1]. Provided value: " + gamma);
            }
            if (!(lambda > 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("lambda must be > 0 and finite. Provided value: " + lambda);
            }
            if (!(lo < hi)) {
                throw new IllegalArgumentException("pixel bounds need lo < hi. Provided values: " + lo + ", " + hi);
            }
            Objects.requireNonNull(process, "process");
            if (directions < 1 || !(sigma > 0)) {
                throw new IllegalArgumentException("directions must be >= 1 and sigma > 0. Provided values: "
                        + directions + ", " + sigma);
            }
        }

        /** The paper's settings for softmax and MLP models, pixels in [0, 1], no processing. */
        public static Options paper() {
            return new Options(5000, 100, 0.99, 0.1, 0f, 1f, Process.NONE, 50, 0.01, true);
        }

        public Options withAlpha(int a) {
            return new Options(a, beta, gamma, lambda, lo, hi, process, directions, sigma, logGradient);
        }

        public Options withBeta(int b) {
            return new Options(alpha, b, gamma, lambda, lo, hi, process, directions, sigma, logGradient);
        }

        public Options withGamma(double g) {
            return new Options(alpha, beta, g, lambda, lo, hi, process, directions, sigma, logGradient);
        }

        public Options withLambda(double l) {
            return new Options(alpha, beta, gamma, l, lo, hi, process, directions, sigma, logGradient);
        }

        public Options withProcess(Process p) {
            return new Options(alpha, beta, gamma, lambda, lo, hi, p, directions, sigma, logGradient);
        }

        public Options withLogGradient(boolean on) {
            return new Options(alpha, beta, gamma, lambda, lo, hi, process, directions, sigma, on);
        }

        public Options withDirections(int m, double s) {
            return new Options(alpha, beta, gamma, lambda, lo, hi, process, m, s, logGradient);
        }
    }

    /**
     * A reconstruction.
     *
     * @param image      the iterate of least cost, shape = the model's input shape
     * @param cost       its cost {@code 1 - p_label}
     * @param iterations iterations run
     * @param stop       why it stopped: "alpha", "beta" or "gamma"
     * @param queries    black-box queries used (0 for white-box)
     */
    public record Result(Tensor image, double cost, int iterations, String stop, long queries) {
    }

    /** White-box inversion of class {@code label}. */
    public static Result whiteBox(WhiteBoxClassifier model, int label, Options o, Progress progress) {
        return run(model, label, o, null, progress, (x, cost) -> {
            Tensor g = model.inputGradient(x, new int[] {label}); // grad of -log p
            float p = o.logGradient() ? 1f : (float) (1 - cost);
            float[] gd = g.data();
            float[] out = new float[gd.length];
            for (int i = 0; i < gd.length; i++) {
                out[i] = p * gd[i];
            }
            return out;
        });
    }

    /** Black-box inversion of class {@code label} with gradients estimated from probability queries. */
    public static Result blackBox(ProbabilisticClassifier model, int label, Options o, Rng rng, Progress progress) {
        long[] queries = {0};
        Rng dirs = rng.child("directions");
        return run(model, label, o, queries, progress, (x, cost) -> {
            int d = x.size();
            int m = o.directions();
            float s = (float) o.sigma();
            float[] u = new float[m * d];
            for (int i = 0; i < u.length; i++) {
                u[i] = (float) dirs.nextGaussian();
            }
            int[] shape = batchShape(model.inputShape(), 2 * m);
            float[] batch = new float[2 * m * d];
            float[] xv = x.data();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d; j++) {
                    batch[(2 * i) * d + j] = xv[j] + s * u[i * d + j];
                    batch[(2 * i + 1) * d + j] = xv[j] - s * u[i * d + j];
                }
            }
            float[] p = model.predictProba(Tensor.wrap(batch, shape)).data();
            queries[0] += 2L * m;
            int k = model.numClasses();
            float[] g = new float[d];
            for (int i = 0; i < m; i++) {
                // f = 1 - p (paper) or -log p: f(x+su) - f(x-su)
                float pPlus = p[(2 * i) * k + label];
                float pMinus = p[(2 * i + 1) * k + label];
                float diff = o.logGradient()
                        ? (float) (Math.log(Math.max(pMinus, 1e-30f)) - Math.log(Math.max(pPlus, 1e-30f)))
                        : pMinus - pPlus;
                float w = diff / (2 * s * m);
                for (int j = 0; j < d; j++) {
                    g[j] += w * u[i * d + j];
                }
            }
            return g;
        });
    }

    private interface Gradient {
        float[] at(Tensor x, double cost);
    }

    private static int[] batchShape(int[] inputShape, int n) {
        int[] s = new int[inputShape.length + 1];
        s[0] = n;
        System.arraycopy(inputShape, 0, s, 1, inputShape.length);
        return s;
    }

    private static Result run(ProbabilisticClassifier model, int label, Options o, long[] queries,
                              Progress progress, Gradient grad) {
        Objects.requireNonNull(model, "model");
        if (label < 0 || label >= model.numClasses()) {
            throw new IllegalArgumentException("label must be in [0, " + model.numClasses() + "). Provided value: "
                    + label);
        }
        int[] shape = batchShape(model.inputShape(), 1);
        int d = 1;
        for (int v : model.inputShape()) {
            d *= v;
        }
        Progress pr = progress == null ? Progress.NONE : progress;
        float[] x = new float[d];
        Arrays.fill(x, Math.max(o.lo(), Math.min(o.hi(), 0f)));
        double[] history = new double[o.beta()];
        double cost = cost(model, x, shape, label, queries);
        double bestCost = cost;
        float[] best = x.clone();
        String stop = "alpha";
        int it = 0;
        pr.start("MI-Face class " + label, o.alpha());
        try {
            for (it = 1; it <= o.alpha(); it++) {
                history[(it - 1) % o.beta()] = cost;
                float[] g = grad.at(Tensor.wrap(x.clone(), shape), cost);
                float[] next = new float[d];
                for (int j = 0; j < d; j++) {
                    next[j] = (float) (x[j] - o.lambda() * g[j]);
                }
                process(next, model.inputShape(), o);
                double c = cost(model, next, shape, label, queries);
                x = next;
                if (c < bestCost) {
                    bestCost = c;
                    best = next.clone();
                }
                if (it % 50 == 0) {
                    pr.update(it, String.format(java.util.Locale.ROOT, "cost %.4f", bestCost));
                }
                if (c <= 1 - o.gamma()) {
                    stop = "gamma";
                    break;
                }
                if (it >= o.beta()) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double h : history) {
                        max = Math.max(max, h);
                    }
                    if (c >= max) {
                        stop = "beta";
                        break;
                    }
                }
                cost = c;
            }
        } finally {
            pr.finish();
        }
        return new Result(Tensor.wrap(best, model.inputShape().clone()), bestCost, Math.min(it, o.alpha()), stop,
                queries == null ? 0 : queries[0]);
    }

    private static double cost(ProbabilisticClassifier model, float[] x, int[] shape, int label, long[] queries) {
        float[] p = model.predictProba(Tensor.wrap(x.clone(), shape)).data();
        if (queries != null) {
            queries[0]++;
        }
        return 1.0 - p[label];
    }

    /** Clamp, then for images optional 3x3 Gaussian denoising and unsharp-mask sharpening, per channel. */
    static void process(float[] x, int[] inputShape, Options o) {
        if (o.process() != Process.NONE && inputShape.length == 3) {
            int c = inputShape[0];
            int h = inputShape[1];
            int w = inputShape[2];
            for (int ch = 0; ch < c; ch++) {
                int off = ch * h * w;
                float[] blur = blur3(x, off, h, w);
                if (o.process() == Process.DENOISE) {
                    System.arraycopy(blur, 0, x, off, h * w);
                } else {
                    // denoise, then sharpen the denoised image by unsharp masking (amount 1)
                    float[] blur2 = blur3(blur, 0, h, w);
                    for (int i = 0; i < h * w; i++) {
                        x[off + i] = 2 * blur[i] - blur2[i];
                    }
                }
            }
        }
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.max(o.lo(), Math.min(o.hi(), x[j]));
        }
    }

    /** 3x3 binomial blur (1 2 1)/4 in each direction with edge replication. */
    private static float[] blur3(float[] x, int off, int h, int w) {
        float[] tmp = new float[h * w];
        float[] out = new float[h * w];
        for (int r = 0; r < h; r++) {
            for (int q = 0; q < w; q++) {
                float l = x[off + r * w + Math.max(0, q - 1)];
                float m = x[off + r * w + q];
                float rr = x[off + r * w + Math.min(w - 1, q + 1)];
                tmp[r * w + q] = 0.25f * l + 0.5f * m + 0.25f * rr;
            }
        }
        for (int r = 0; r < h; r++) {
            for (int q = 0; q < w; q++) {
                float u = tmp[Math.max(0, r - 1) * w + q];
                float m = tmp[r * w + q];
                float dn = tmp[Math.min(h - 1, r + 1) * w + q];
                out[r * w + q] = 0.25f * u + 0.5f * m + 0.25f * dn;
            }
        }
        return out;
    }
}

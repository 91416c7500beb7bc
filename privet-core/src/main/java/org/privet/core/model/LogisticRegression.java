package org.privet.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.privet.core.tensor.Tensor;

/**
 * Multinomial (softmax) logistic regression: {@code logits = x W + b}, {@code p = softmax(logits)}.
 *
 * <p>Parameters: weights {@code W} of shape {@code [d, C]} (features by classes) and bias {@code b}
 * of shape {@code [C]}; {@link #parameters()} returns them in that order. Binary problems use
 * {@code C = 2} (two logits), so every model here has at least two classes. Inputs are batches
 * {@code [batch, d]}; {@link #inputShape()} is {@code [d]}.
 *
 * <p>{@link #fit} minimises, full batch and in double precision,
 * {@code (1/n) sum_i CE(softmax(x_i W + b), y_i) + (lambda/2) ||W||_F^2} (the bias is not
 * regularised) with {@link Lbfgs} from {@code W = 0, b = 0}. The objective is convex, so with
 * {@code lambda > 0} the result is its unique minimiser to within the tolerance; training is
 * deterministic (no randomness, sequential arithmetic). Features are used as given: scale them
 * beforehand when their ranges differ widely.
 *
 * <p>The white-box gradients ({@link #inputGradient}, {@link #parameterGradients}) are those of the
 * unregularised cross-entropy, as {@link WhiteBoxClassifier} specifies; they are analytic:
 * {@code dCE/dlogits = p - onehot(y)}.
 *
 * <p>Thread safety: prediction and gradients only read the parameters and are safe to call from
 * several threads, unless someone writes to the live tensors returned by {@link #parameters()}.
 */
public final class LogisticRegression implements WhiteBoxClassifier {
    private final Tensor weights;
    private final Tensor bias;
    private final int features;
    private final int classes;
    private final FitSummary summary;

    /**
     * Training settings.
     *
     * @param l2 regularisation strength {@code lambda >= 0} on the weights (not the bias); with
     *     {@code 0} and separable data the optimum is at infinity and training stops at the caps
     * @param maxIterations L-BFGS iteration cap, {@code >= 1}
     * @param tolerance stop when the Euclidean norm of the objective's gradient is at most this,
     *     {@code > 0}
     * @param memory L-BFGS curvature pairs, {@code >= 1}
     */
    public record Options(double l2, int maxIterations, double tolerance, int memory) {
        public Options {
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be >= 0 and finite. Provided value: " + l2);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1. Provided value: " + maxIterations);
            }
            if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be > 0 and finite. Provided value: " + tolerance);
            }
            if (memory < 1) {
                throw new IllegalArgumentException("memory must be >= 1. Provided value: " + memory);
            }
        }

        /** lambda 1e-4, 500 iterations, gradient norm 1e-6, memory 10. */
        public static Options defaults() {
            return new Options(1e-4, 500, 1e-6, 10);
        }

        public Options withL2(double value) {
            return new Options(value, maxIterations, tolerance, memory);
        }

        public Options withMaxIterations(int value) {
            return new Options(l2, value, tolerance, memory);
        }

        public Options withTolerance(double value) {
            return new Options(l2, maxIterations, value, memory);
        }

        public Options withMemory(int value) {
            return new Options(l2, maxIterations, tolerance, value);
        }
    }

    /**
     * How {@link #fit} ended.
     *
     * @param options the settings used
     * @param objective final value of the regularised objective (nats)
     * @param gradientNorm Euclidean norm of the objective's gradient at the solution
     * @param iterations L-BFGS iterations
     * @param evaluations objective evaluations (each a full pass over the data)
     * @param termination why L-BFGS stopped
     */
    public record FitSummary(Options options, double objective, double gradientNorm, int iterations,
            int evaluations, Lbfgs.Termination termination) {
        /** True when a tolerance was met (not the iteration cap). */
        public boolean converged() {
            return termination == Lbfgs.Termination.GRADIENT_TOLERANCE
                    || termination == Lbfgs.Termination.RELATIVE_DECREASE;
        }
    }

    /**
     * A model with the given parameters, used live (not copied).
     *
     * @param weights shape {@code [d, C]} with {@code d >= 1}, {@code C >= 2}
     * @param bias shape {@code [C]}
     */
    public LogisticRegression(Tensor weights, Tensor bias) {
        this(weights, bias, null);
    }

    private LogisticRegression(Tensor weights, Tensor bias, FitSummary summary) {
        if (weights.rank() != 2 || weights.dim(0) < 1 || weights.dim(1) < 2) {
            throw new IllegalArgumentException("weights must have shape [d >= 1, classes >= 2]. Provided shape: "
                    + weights.shapeString());
        }
        if (bias.rank() != 1 || bias.dim(0) != weights.dim(1)) {
            throw new IllegalArgumentException("bias must have shape [" + weights.dim(1) + "] to match weights "
                    + weights.shapeString() + ". Provided shape: " + bias.shapeString());
        }
        this.weights = weights;
        this.bias = bias;
        this.features = weights.dim(0);
        this.classes = weights.dim(1);
        this.summary = summary;
    }

    /**
     * Trains on {@code x} ({@code [n, d]}, finite values) with labels {@code y} in
     * {@code [0, numClasses)}; see the class comment for the objective.
     *
     * @throws IllegalArgumentException on shape mismatch, a label out of range, a non-finite
     *     feature or {@code numClasses < 2}
     */
    public static LogisticRegression fit(Tensor x, int[] y, int numClasses, Options options) {
        checkData(x, y, numClasses);
        final int n = x.dim(0);
        final int d = x.dim(1);
        final int c = numClasses;
        final float[] xs = x.data();
        for (int i = 0; i < xs.length; i++) {
            if (!Float.isFinite(xs[i])) {
                throw new IllegalArgumentException("x[" + (i / d) + ", " + (i % d) + "] must be finite. Provided value: "
                        + xs[i]);
            }
        }
        final int wSize = d * c;
        final double lambda = options.l2();
        final double[] z = new double[c];
        Lbfgs.Objective objective = (theta, grad) -> {
            Arrays.fill(grad, 0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                int xo = i * d;
                for (int k = 0; k < c; k++) {
                    z[k] = theta[wSize + k];
                }
                for (int j = 0; j < d; j++) {
                    double xv = xs[xo + j];
                    if (xv == 0) {
                        continue;
                    }
                    int wo = j * c;
                    for (int k = 0; k < c; k++) {
                        z[k] += xv * theta[wo + k];
                    }
                }
                double max = z[0];
                for (int k = 1; k < c; k++) {
                    max = Math.max(max, z[k]);
                }
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    sum += Math.exp(z[k] - max);
                }
                double lse = max + Math.log(sum);
                loss += lse - z[y[i]];
                for (int k = 0; k < c; k++) {
                    double r = Math.exp(z[k] - lse) - (k == y[i] ? 1 : 0);
                    r /= n;
                    z[k] = r;
                    grad[wSize + k] += r;
                }
                for (int j = 0; j < d; j++) {
                    double xv = xs[xo + j];
                    if (xv == 0) {
                        continue;
                    }
                    int wo = j * c;
                    for (int k = 0; k < c; k++) {
                        grad[wo + k] += xv * z[k];
                    }
                }
            }
            loss /= n;
            double reg = 0;
            for (int p = 0; p < wSize; p++) {
                reg += theta[p] * theta[p];
                grad[p] += lambda * theta[p];
            }
            return loss + 0.5 * lambda * reg;
        };
        Lbfgs.Options lo = new Lbfgs.Options(options.memory(), options.maxIterations(), options.tolerance(), 0.0, 40);
        Lbfgs.Result r = Lbfgs.minimize(objective, new double[wSize + c], lo);
        float[] w = new float[wSize];
        float[] b = new float[c];
        for (int p = 0; p < wSize; p++) {
            w[p] = (float) r.x()[p];
        }
        for (int k = 0; k < c; k++) {
            b[k] = (float) r.x()[wSize + k];
        }
        FitSummary s = new FitSummary(options, r.value(), r.gradientNorm(), r.iterations(), r.evaluations(),
                r.termination());
        return new LogisticRegression(Tensor.wrap(w, d, c), Tensor.wrap(b, c), s);
    }

    private static void checkData(Tensor x, int[] y, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2 (binary problems use 2). Provided value: "
                    + numClasses);
        }
        if (x.rank() != 2 || x.dim(0) < 1 || x.dim(1) < 1) {
            throw new IllegalArgumentException("x must have shape [n >= 1, d >= 1]. Provided shape: " + x.shapeString());
        }
        if (y.length != x.dim(0)) {
            throw new IllegalArgumentException("y has " + y.length + " labels but x has " + x.dim(0) + " rows");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException("label y[" + i + "] must be in [0, " + numClasses
                        + "). Provided value: " + y[i]);
            }
        }
    }

    /** Weights {@code [d, C]} (live). */
    public Tensor weights() {
        return weights;
    }

    /** Bias {@code [C]} (live). */
    public Tensor bias() {
        return bias;
    }

    /** How training ended; empty for a model built from parameters (e.g. loaded from a file). */
    public Optional<FitSummary> fitSummary() {
        return Optional.ofNullable(summary);
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int[] inputShape() {
        return new int[] {features};
    }

    @Override
    public Tensor logits(Tensor x) {
        checkInput(x, "logits");
        return x.matmul(weights).add(bias);
    }

    /** {@code (softmax(x W + b) - onehot(y)) W^T}: gradient of the summed cross-entropy, shape {@code [batch, d]}. */
    @Override
    public Tensor inputGradient(Tensor x, int[] y) {
        Tensor delta = logitGradient(x, y, "inputGradient", 1f);
        return delta.matmul(weights, false, true);
    }

    /**
     * Gradients of the mean (unregularised) cross-entropy: {@code [x^T delta / n, sum_rows(delta) / n]}
     * with {@code delta = softmax(x W + b) - onehot(y)}.
     */
    @Override
    public List<Tensor> parameterGradients(Tensor x, int[] y) {
        Tensor delta = logitGradient(x, y, "parameterGradients", 1f / x.dim(0));
        Tensor gw = x.matmul(delta, true, false);
        Tensor gb = delta.sum(0, false);
        return List.of(gw, gb);
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(weights, bias);
    }

    /** (softmax(logits) - onehot(y)) * scale. */
    private Tensor logitGradient(Tensor x, int[] y, String op, float scale) {
        checkInput(x, op);
        if (y.length != x.dim(0)) {
            throw new IllegalArgumentException(op + ": y has " + y.length + " labels but x has " + x.dim(0) + " rows");
        }
        Tensor p = logits(x).softmax();
        float[] pd = p.data();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException(op + ": label y[" + i + "] must be in [0, " + classes
                        + "). Provided value: " + y[i]);
            }
            pd[i * classes + y[i]] -= 1f;
        }
        if (scale != 1f) {
            p.mulInPlace(scale);
        }
        return p;
    }

    private void checkInput(Tensor x, String op) {
        if (x.rank() != 2 || x.dim(1) != features) {
            throw new IllegalArgumentException(op + ": x must have shape [batch, " + features + "]. Provided shape: "
                    + x.shapeString());
        }
    }

    @Override
    public String toString() {
        return "LogisticRegression[d=" + features + ", classes=" + classes + "]";
    }
}

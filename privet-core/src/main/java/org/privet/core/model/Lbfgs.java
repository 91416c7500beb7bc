package org.privet.core.model;

/**
 * Limited-memory BFGS minimisation of a smooth function of a {@code double[]} (Nocedal and Wright,
 * <i>Numerical Optimization</i>, 2nd ed., Algorithm 7.4 two-loop recursion, Algorithms 3.5/3.6
 * strong-Wolfe line search with safeguarded cubic interpolation).
 *
 * <p>Deterministic: the same objective and start point give the same iterates bit for bit (all
 * arithmetic is sequential double precision). The objective is evaluated only through
 * {@link Objective#evaluate}; points where it returns a non-finite value are treated as "too far"
 * by the line search, so the objective may return {@code +Infinity} outside its domain.
 *
 * <p>Stateless and thread safe; each call to {@link #minimize} allocates its own
 * {@code O(memory * n)} working storage.
 */
public final class Lbfgs {
    /** Sufficient-decrease (Armijo) constant. */
    private static final double C1 = 1e-4;
    /** Curvature constant (0.9 is the usual choice for quasi-Newton methods). */
    private static final double C2 = 0.9;

    private Lbfgs() {
    }

    /** A smooth objective: writes the gradient at {@code x} into {@code gradient} and returns the value. */
    @FunctionalInterface
    public interface Objective {
        /**
         * @param x the point (must not be modified)
         * @param gradient output, same length as {@code x}; fully overwritten
         * @return the objective value at {@code x}
         */
        double evaluate(double[] x, double[] gradient);
    }

    /**
     * Optimiser settings.
     *
     * @param memory number of curvature pairs kept, {@code >= 1} (10 is customary)
     * @param maxIterations iteration cap, {@code >= 1}
     * @param gradientTolerance stop when the Euclidean gradient norm is {@code <=} this, {@code >= 0}
     * @param relativeTolerance stop when an iteration lowers the value by at most this fraction of
     *     {@code max(|f|, 1)}, {@code >= 0}
     * @param maxLineSearchEvaluations function evaluations allowed per line search, {@code >= 1}
     */
    public record Options(int memory, int maxIterations, double gradientTolerance, double relativeTolerance,
            int maxLineSearchEvaluations) {
        public Options {
            if (memory < 1) {
                throw new IllegalArgumentException("memory must be >= 1. Provided value: " + memory);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1. Provided value: " + maxIterations);
            }
            if (!(gradientTolerance >= 0) || Double.isInfinite(gradientTolerance)) {
                throw new IllegalArgumentException("gradientTolerance must be >= 0 and finite. Provided value: "
                        + gradientTolerance);
            }
            if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
                throw new IllegalArgumentException("relativeTolerance must be >= 0 and finite. Provided value: "
                        + relativeTolerance);
            }
            if (maxLineSearchEvaluations < 1) {
                throw new IllegalArgumentException("maxLineSearchEvaluations must be >= 1. Provided value: "
                        + maxLineSearchEvaluations);
            }
        }

        /** memory 10, 1000 iterations, gradient norm 1e-6, relative decrease 1e-14, 40 evaluations per search. */
        public static Options defaults() {
            return new Options(10, 1000, 1e-6, 1e-14, 40);
        }
    }

    /** Why the optimiser stopped. */
    public enum Termination {
        /** Gradient norm reached {@link Options#gradientTolerance()}: converged. */
        GRADIENT_TOLERANCE,
        /** An iteration lowered the value by less than {@link Options#relativeTolerance()}: converged. */
        RELATIVE_DECREASE,
        /** Iteration cap reached before either tolerance. */
        MAX_ITERATIONS,
        /**
         * No step along steepest descent satisfied the Wolfe conditions: usually the iterate is at a
         * minimum to within floating-point resolution, sometimes the objective is not smooth.
         */
        LINE_SEARCH_FAILED
    }

    /**
     * Outcome of a minimisation.
     *
     * @param x the final point (the best one found)
     * @param value objective value at {@code x}
     * @param gradientNorm Euclidean norm of the gradient at {@code x}
     * @param iterations completed iterations
     * @param evaluations objective evaluations
     * @param termination why it stopped
     */
    public record Result(double[] x, double value, double gradientNorm, int iterations, int evaluations,
            Termination termination) {
        /** True when a tolerance was met. */
        public boolean converged() {
            return termination == Termination.GRADIENT_TOLERANCE || termination == Termination.RELATIVE_DECREASE;
        }
    }

    /**
     * Minimises {@code f} starting from {@code x0} (not modified).
     *
     * @throws IllegalArgumentException if {@code f} is not finite at {@code x0}
     */
    public static Result minimize(Objective f, double[] x0, Options options) {
        return new Run(f, x0, options).run();
    }

    /** The state of one minimisation. */
    private static final class Run {
        private final Objective f;
        private final Options opt;
        private final int n;
        private final double[][] s;
        private final double[][] y;
        private final double[] rho;
        private final double[] alpha;
        private int stored;
        private int newest = -1;

        private double[] x;
        private double[] g;
        private double fx;
        private double[] xTrial;
        private double[] gTrial;
        private double fTrial;
        private final double[] d;
        private int evaluations;

        Run(Objective f, double[] x0, Options opt) {
            this.f = f;
            this.opt = opt;
            this.n = x0.length;
            this.s = new double[opt.memory()][n];
            this.y = new double[opt.memory()][n];
            this.rho = new double[opt.memory()];
            this.alpha = new double[opt.memory()];
            this.x = x0.clone();
            this.g = new double[n];
            this.xTrial = new double[n];
            this.gTrial = new double[n];
            this.d = new double[n];
        }

        Result run() {
            fx = f.evaluate(x, g);
            evaluations++;
            if (!Double.isFinite(fx)) {
                throw new IllegalArgumentException("L-BFGS: objective is not finite at the start point: " + fx);
            }
            double gNorm = norm(g);
            int iter = 0;
            while (true) {
                if (gNorm <= opt.gradientTolerance()) {
                    return result(gNorm, iter, Termination.GRADIENT_TOLERANCE);
                }
                if (iter >= opt.maxIterations()) {
                    return result(gNorm, iter, Termination.MAX_ITERATIONS);
                }
                direction();
                double slope = dot(g, d);
                if (!(slope < 0)) {
                    // Not a descent direction (rounding in the curvature pairs): restart from steepest descent.
                    resetMemory();
                    direction();
                    slope = dot(g, d);
                }
                double first = stored == 0 ? Math.min(1.0, 1.0 / gNorm) : 1.0;
                boolean ok = lineSearch(slope, first);
                if (!ok && stored > 0) {
                    resetMemory();
                    direction();
                    slope = dot(g, d);
                    ok = lineSearch(slope, Math.min(1.0, 1.0 / gNorm));
                }
                if (!ok) {
                    return result(gNorm, iter, Termination.LINE_SEARCH_FAILED);
                }
                iter++;
                double fPrev = fx;
                // Curvature pair s = xTrial - x, y = gTrial - g.
                int slot = (newest + 1) % opt.memory();
                double[] sk = s[slot];
                double[] yk = y[slot];
                double sy = 0;
                double yy = 0;
                for (int i = 0; i < n; i++) {
                    sk[i] = xTrial[i] - x[i];
                    yk[i] = gTrial[i] - g[i];
                    sy += sk[i] * yk[i];
                    yy += yk[i] * yk[i];
                }
                if (sy > 1e-10 * yy && yy > 0) {
                    rho[slot] = 1.0 / sy;
                    newest = slot;
                    stored = Math.min(stored + 1, opt.memory());
                }
                double[] t = x;
                x = xTrial;
                xTrial = t;
                t = g;
                g = gTrial;
                gTrial = t;
                fx = fTrial;
                gNorm = norm(g);
                if (fPrev - fx <= opt.relativeTolerance() * Math.max(1.0, Math.max(Math.abs(fPrev), Math.abs(fx)))
                        && gNorm > opt.gradientTolerance()) {
                    return result(gNorm, iter, Termination.RELATIVE_DECREASE);
                }
            }
        }

        private Result result(double gNorm, int iter, Termination why) {
            return new Result(x.clone(), fx, gNorm, iter, evaluations, why);
        }

        private void resetMemory() {
            stored = 0;
            newest = -1;
        }

        /** d = -H g by the two-loop recursion. */
        private void direction() {
            int m = opt.memory();
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            int k = newest;
            for (int c = 0; c < stored; c++) {
                double a = rho[k] * dot(s[k], d);
                alpha[k] = a;
                axpy(-a, y[k], d);
                k = (k - 1 + m) % m;
            }
            if (stored > 0) {
                double[] sk = s[newest];
                double[] yk = y[newest];
                double gamma = dot(sk, yk) / dot(yk, yk);
                for (int i = 0; i < n; i++) {
                    d[i] *= gamma;
                }
            }
            k = (newest - stored + 1 + m) % m;
            for (int c = 0; c < stored; c++) {
                double b = rho[k] * dot(y[k], d);
                axpy(alpha[k] - b, s[k], d);
                k = (k + 1) % m;
            }
        }

        /** Evaluates at x + a d into the trial buffers and returns the directional derivative. */
        private double trial(double a) {
            for (int i = 0; i < n; i++) {
                xTrial[i] = x[i] + a * d[i];
            }
            fTrial = f.evaluate(xTrial, gTrial);
            evaluations++;
            if (!Double.isFinite(fTrial)) {
                fTrial = Double.POSITIVE_INFINITY;
                return Double.NaN;
            }
            return dot(gTrial, d);
        }

        /**
         * Strong-Wolfe line search; on success the trial buffers hold the accepted point.
         *
         * @return false when no acceptable step was found within the evaluation budget
         */
        private boolean lineSearch(double slope0, double firstStep) {
            if (!(slope0 < 0)) {
                return false;
            }
            double f0 = fx;
            double aPrev = 0;
            double fPrev = f0;
            double dPrev = slope0;
            double a = firstStep;
            int budget = opt.maxLineSearchEvaluations();
            for (int e = 0; e < budget; e++) {
                double da = trial(a);
                double fa = fTrial;
                if (fa > f0 + C1 * a * slope0 || (e > 0 && fa >= fPrev)) {
                    return zoom(f0, slope0, aPrev, fPrev, dPrev, a, fa, da, budget - e - 1);
                }
                if (Math.abs(da) <= -C2 * slope0) {
                    return true;
                }
                if (da >= 0) {
                    return zoom(f0, slope0, a, fa, da, aPrev, fPrev, dPrev, budget - e - 1);
                }
                aPrev = a;
                fPrev = fa;
                dPrev = da;
                a *= 2;
            }
            // Budget spent while still descending: accept the last point, it satisfies sufficient decrease.
            return fTrial < f0;
        }

        private boolean zoom(double f0, double slope0, double lo, double fLo, double dLo, double hi, double fHi,
                double dHi, int budget) {
            for (int e = 0; e < budget; e++) {
                double a = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
                double da = trial(a);
                double fa = fTrial;
                if (fa > f0 + C1 * a * slope0 || fa >= fLo) {
                    hi = a;
                    fHi = fa;
                    dHi = da;
                } else {
                    if (Math.abs(da) <= -C2 * slope0) {
                        return true;
                    }
                    if (da * (hi - lo) >= 0) {
                        hi = lo;
                        fHi = fLo;
                        dHi = dLo;
                    }
                    lo = a;
                    fLo = fa;
                    dLo = da;
                }
                if (Math.abs(hi - lo) <= 1e-16 * Math.max(1.0, Math.abs(lo))) {
                    break;
                }
            }
            // Curvature condition not met: accept the best point with sufficient decrease, if any.
            if (lo > 0 && fLo < f0) {
                trial(lo);
                return fTrial < f0;
            }
            return false;
        }

        /** Minimiser of the cubic interpolating both ends, kept inside the middle 80% of the interval. */
        private static double cubicMin(double a, double fa, double da, double b, double fb, double db) {
            double left = Math.min(a, b);
            double right = Math.max(a, b);
            double w = right - left;
            double mid = left + 0.5 * w;
            if (!Double.isFinite(fa) || !Double.isFinite(fb) || Double.isNaN(da) || Double.isNaN(db)) {
                return mid;
            }
            double d1 = da + db - 3 * (fa - fb) / (a - b);
            double disc = d1 * d1 - da * db;
            if (!(disc >= 0)) {
                return mid;
            }
            double d2 = Math.copySign(Math.sqrt(disc), b - a);
            double t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
            if (!Double.isFinite(t)) {
                return mid;
            }
            return Math.min(Math.max(t, left + 0.1 * w), right - 0.1 * w);
        }

        private static double dot(double[] a, double[] b) {
            double acc = 0;
            for (int i = 0; i < a.length; i++) {
                acc += a[i] * b[i];
            }
            return acc;
        }

        private static void axpy(double alpha, double[] xs, double[] ys) {
            for (int i = 0; i < xs.length; i++) {
                ys[i] += alpha * xs[i];
            }
        }

        private static double norm(double[] a) {
            return Math.sqrt(dot(a, a));
        }
    }
}

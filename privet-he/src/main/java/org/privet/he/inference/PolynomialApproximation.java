package org.privet.he.inference;

import java.util.function.DoubleUnaryOperator;

/**
 * Low-degree polynomial approximations of activation functions for encrypted evaluation: interpolation at
 * the Chebyshev nodes of {@code [a, b]} (near-minimax for smooth functions), returned as monomial
 * coefficients {@code c_0..c_d} of {@code p(x) = sum c_k x^k} (what
 * {@link org.privet.he.ckks.Evaluator#evaluatePolynomial} takes). Pure functions; thread safe.
 */
public final class PolynomialApproximation {
    private PolynomialApproximation() {
    }

    /**
     * Interpolates {@code f} at the {@code degree + 1} Chebyshev nodes of {@code [a, b]}.
     *
     * @param degree in {@code [1, 15]} (higher degrees lose precision in the monomial basis)
     * @param a lower end, finite
     * @param b upper end, finite, {@code > a}
     */
    public static double[] chebyshev(DoubleUnaryOperator f, double a, double b, int degree) {
        if (degree < 1 || degree > 15) {
            throw new IllegalArgumentException("degree must be in [1, 15]. Provided value: " + degree);
        }
        if (!Double.isFinite(a) || !Double.isFinite(b) || !(b > a)) {
            throw new IllegalArgumentException("interval must be finite with a < b. Provided: [" + a + ", " + b + "]");
        }
        int m = degree + 1;
        // Chebyshev coefficients on t in [-1, 1]: f(x(t)) ~ sum_j g_j T_j(t)
        double[] g = new double[m];
        double[] fv = new double[m];
        for (int k = 0; k < m; k++) {
            double t = Math.cos(Math.PI * (k + 0.5) / m);
            fv[k] = f.applyAsDouble(0.5 * (b - a) * t + 0.5 * (b + a));
        }
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += fv[k] * Math.cos(Math.PI * j * (k + 0.5) / m);
            }
            g[j] = (j == 0 ? 1.0 : 2.0) * s / m;
        }
        // monomials in t: T_0 = 1, T_1 = t, T_{j+1} = 2 t T_j - T_{j-1}
        double[] inT = new double[m];
        double[] prev = new double[m];
        double[] cur = new double[m];
        prev[0] = 1;
        cur[1] = 1;
        inT[0] += g[0];
        if (m > 1) {
            inT[1] += g[1];
        }
        for (int j = 2; j < m; j++) {
            double[] next = new double[m];
            for (int i = 0; i < m - 1; i++) {
                next[i + 1] += 2 * cur[i];
            }
            for (int i = 0; i < m; i++) {
                next[i] -= prev[i];
            }
            for (int i = 0; i < m; i++) {
                inT[i] += g[j] * next[i];
            }
            prev = cur;
            cur = next;
        }
        // substitute t = alpha x + beta, alpha = 2 / (b - a), beta = -(b + a) / (b - a)
        double alpha = 2 / (b - a);
        double beta = -(b + a) / (b - a);
        double[] out = new double[m];
        double[] pow = new double[m]; // coefficients of (alpha x + beta)^i
        pow[0] = 1;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k <= i; k++) {
                out[k] += inT[i] * pow[k];
            }
            double[] np = new double[m];
            for (int k = 0; k <= i && k + 1 < m; k++) {
                np[k + 1] += alpha * pow[k];
                np[k] += beta * pow[k];
            }
            pow = np;
        }
        return out;
    }

    /** {@code p(x)} by Horner's rule. */
    public static double evaluate(double[] coeffs, double x) {
        double r = 0;
        for (int k = coeffs.length - 1; k >= 0; k--) {
            r = r * x + coeffs[k];
        }
        return r;
    }

    /** The largest {@code |f(x) - p(x)|} over {@code samples >= 2} evenly spaced points of {@code [a, b]}. */
    public static double maxError(DoubleUnaryOperator f, double[] coeffs, double a, double b, int samples) {
        double m = 0;
        for (int i = 0; i < samples; i++) {
            double x = a + (b - a) * i / (samples - 1);
            m = Math.max(m, Math.abs(f.applyAsDouble(x) - evaluate(coeffs, x)));
        }
        return m;
    }

    /** The logistic function {@code 1 / (1 + e^-x)}. */
    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

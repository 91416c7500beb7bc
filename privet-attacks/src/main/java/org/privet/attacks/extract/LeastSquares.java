package org.privet.attacks.extract;

/** Householder-QR least squares in double precision, for the equation-solving attacks. */
final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * Minimises {@code ||A z - b||} for each column of {@code b}. {@code a} is {@code [n][m]} with
     * {@code n >= m}, {@code b} is {@code [n][r]}; both are overwritten. Returns {@code z} as {@code [m][r]}.
     *
     * @throws IllegalArgumentException when {@code A} is (numerically) rank deficient
     */
    static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int m = a[0].length;
        int r = b[0].length;
        if (n < m) {
            throw new IllegalArgumentException("least squares needs at least as many equations as unknowns: " + n
                    + " < " + m);
        }
        double[] diag = new double[m];
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int k = 0; k < m; k++) {
            double norm = 0;
            for (int i = k; i < n; i++) {
                norm = Math.hypot(norm, a[i][k]);
            }
            if (norm <= 1e-12 * Math.max(scale, 1e-300) * Math.sqrt(n)) {
                throw new IllegalArgumentException("the queries are linearly dependent (column " + k
                        + " of the design has no independent part): query more, or more varied, points");
            }
            double alpha = a[k][k] > 0 ? -norm : norm;
            // v = x - alpha e1, stored in a[k..n-1][k]
            a[k][k] -= alpha;
            double vnorm2 = 0;
            for (int i = k; i < n; i++) {
                vnorm2 += a[i][k] * a[i][k];
            }
            for (int j = k + 1; j < m; j++) {
                double dot = 0;
                for (int i = k; i < n; i++) {
                    dot += a[i][k] * a[i][j];
                }
                double f = 2 * dot / vnorm2;
                for (int i = k; i < n; i++) {
                    a[i][j] -= f * a[i][k];
                }
            }
            for (int j = 0; j < r; j++) {
                double dot = 0;
                for (int i = k; i < n; i++) {
                    dot += a[i][k] * b[i][j];
                }
                double f = 2 * dot / vnorm2;
                for (int i = k; i < n; i++) {
                    b[i][j] -= f * a[i][k];
                }
            }
            diag[k] = alpha;
        }
        double[][] z = new double[m][r];
        for (int j = 0; j < r; j++) {
            for (int k = m - 1; k >= 0; k--) {
                double s = b[k][j];
                for (int t = k + 1; t < m; t++) {
                    s -= a[k][t] * z[t][j];
                }
                z[k][j] = s / diag[k];
            }
        }
        return z;
    }
}

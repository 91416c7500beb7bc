package org.privet.attacks.poison.detect;

import java.util.SplittableRandom;

/** Top principal directions of a small row-major matrix, by power iteration with deflation (double precision). */
final class Pca {
    private Pca() {
    }

    /** Column means of the {@code rows} listed in {@code idx} of the n x d matrix {@code x}. */
    static double[] mean(float[] x, int d, int[] idx) {
        double[] m = new double[d];
        for (int r : idx) {
            for (int j = 0; j < d; j++) {
                m[j] += x[r * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= idx.length;
        }
        return m;
    }

    /**
     * The top {@code k} right singular vectors of the centred rows {@code idx} (unit vectors, k x d), by 200
     * power iterations each on {@code C^T C} from a fixed start, deflating the found directions.
     */
    static double[][] components(float[] x, int d, int[] idx, double[] mean, int k) {
        int n = idx.length;
        double[][] c = new double[n][d];
        for (int a = 0; a < n; a++) {
            int o = idx[a] * d;
            for (int j = 0; j < d; j++) {
                c[a][j] = x[o + j] - mean[j];
            }
        }
        double[][] out = new double[k][];
        SplittableRandom start = new SplittableRandom(0x5eed);
        double[] proj = new double[n];
        for (int comp = 0; comp < k; comp++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = start.nextDouble() - 0.5;
            }
            for (int it = 0; it < 200; it++) {
                orthogonalise(v, out, comp);
                normalise(v);
                for (int a = 0; a < n; a++) {
                    proj[a] = dot(c[a], v);
                }
                double[] w = new double[d];
                for (int a = 0; a < n; a++) {
                    double p = proj[a];
                    double[] ca = c[a];
                    for (int j = 0; j < d; j++) {
                        w[j] += p * ca[j];
                    }
                }
                v = w;
            }
            orthogonalise(v, out, comp);
            normalise(v);
            out[comp] = v;
        }
        return out;
    }

    private static void orthogonalise(double[] v, double[][] basis, int count) {
        for (int b = 0; b < count; b++) {
            double p = dot(v, basis[b]);
            for (int j = 0; j < v.length; j++) {
                v[j] -= p * basis[b][j];
            }
        }
    }

    private static void normalise(double[] v) {
        double s = Math.sqrt(dot(v, v));
        if (s > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= s;
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}

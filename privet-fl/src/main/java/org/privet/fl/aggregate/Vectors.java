package org.privet.fl.aggregate;

import java.util.Arrays;

/** Flat-vector helpers shared by the aggregators (package-private; no allocation in the inner loops). */
final class Vectors {
    private Vectors() {
    }

    /** Checks the aggregator contract; returns the dimension. */
    static int check(float[][] updates, double[] weights) {
        if (updates == null || updates.length == 0) {
            throw new IllegalArgumentException("need at least one update. Provided: "
                    + (updates == null ? "null" : "0 updates"));
        }
        int d = updates[0].length;
        for (int i = 1; i < updates.length; i++) {
            if (updates[i].length != d) {
                throw new IllegalArgumentException("updates must have one length: update 0 has " + d
                        + ", update " + i + " has " + updates[i].length);
            }
        }
        if (weights != null) {
            if (weights.length != updates.length) {
                throw new IllegalArgumentException("one weight per update: " + updates.length
                        + " updates, " + weights.length + " weights");
            }
            for (int i = 0; i < weights.length; i++) {
                if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                    throw new IllegalArgumentException("weights must be > 0 and finite. Provided value: weight "
                            + i + " = " + weights[i]);
                }
            }
        }
        return d;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (double) a[j] * b[j];
        }
        return s;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double sqDist(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = (double) a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    /** Pairwise squared Euclidean distances, symmetric, zero diagonal. */
    static double[][] pairwiseSqDist(float[][] u) {
        int n = u.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = sqDist(u[i], u[j]);
                d[i][j] = v;
                d[j][i] = v;
            }
        }
        return d;
    }

    /** Unweighted mean of the rows {@code idx} of {@code u}. */
    static float[] mean(float[][] u, int[] idx) {
        int d = u[0].length;
        double[] acc = new double[d];
        for (int i : idx) {
            float[] r = u[i];
            for (int j = 0; j < d; j++) {
                acc[j] += r[j];
            }
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) (acc[j] / idx.length);
        }
        return out;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Coordinate-wise median of the rows {@code idx} (mean of the two middle values for an even count). */
    static float[] median(float[][] u, int[] idx) {
        int d = u[0].length;
        int n = idx.length;
        float[] col = new float[n];
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                col[i] = u[idx[i]][j];
            }
            Arrays.sort(col);
            out[j] = (n & 1) == 1 ? col[n / 2] : (float) (((double) col[n / 2 - 1] + col[n / 2]) / 2);
        }
        return out;
    }
}

package org.privet.fl.aggregate;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Flat-vector helpers shared by the aggregators (package-private; no allocation in the inner loops).
 * Dot products and distances use SIMD lanes of floats over blocks of {@value #BLOCK} elements, each block
 * then added in double: relative error about {@code BLOCK / lanes * 2^-24} per block, far below what the
 * rules' comparisons need.
 */
final class Vectors {
    // The preferred shape, as in privet-core's kernels: two FloatVector shapes in one process make JDK 17's
    // type profiles of the Vector API bimorphic, and the engine's kernels then fall back to scalar code.
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK = 1024;
    /** Coordinates transposed at a time by the coordinate-wise rules. */
    static final int COLUMN_BLOCK = 64;

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
        int n = a.length;
        int lanes = S.length();
        double s = 0;
        int j = 0;
        for (int from = 0; from + lanes <= n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            int vecEnd = from + (to - from) / lanes * lanes;
            FloatVector acc = FloatVector.zero(S);
            for (j = from; j < vecEnd; j += lanes) {
                acc = FloatVector.fromArray(S, a, j).fma(FloatVector.fromArray(S, b, j), acc);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
            if (vecEnd < to) {
                break;
            }
        }
        for (; j < n; j++) {
            s += (double) a[j] * b[j];
        }
        return s;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double sqDist(float[] a, float[] b) {
        int n = a.length;
        int lanes = S.length();
        double s = 0;
        int j = 0;
        for (int from = 0; from + lanes <= n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            int vecEnd = from + (to - from) / lanes * lanes;
            FloatVector acc = FloatVector.zero(S);
            for (j = from; j < vecEnd; j += lanes) {
                FloatVector t = FloatVector.fromArray(S, a, j).sub(FloatVector.fromArray(S, b, j));
                acc = t.fma(t, acc);
            }
            s += acc.reduceLanes(VectorOperators.ADD);
            if (vecEnd < to) {
                break;
            }
        }
        for (; j < n; j++) {
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
        float[] cols = new float[COLUMN_BLOCK * n];
        float[] out = new float[d];
        for (int j0 = 0; j0 < d; j0 += COLUMN_BLOCK) {
            int w = transpose(u, idx, j0, cols);
            for (int b = 0; b < w; b++) {
                out[j0 + b] = medianOf(cols, b * n, n);
            }
        }
        return out;
    }

    /**
     * The median of {@code a[off .. off + n)} (mean of the two middle values for even {@code n});
     * reorders that range. Values must not be NaN.
     */
    static float medianOf(float[] a, int off, int n) {
        int h = n / 2;
        float upper = select(a, off, off + n, off + h);
        if ((n & 1) == 1) {
            return upper;
        }
        float lower = a[off];
        for (int i = off + 1; i < off + h; i++) {
            lower = Math.max(lower, a[i]);
        }
        return (float) (((double) lower + upper) / 2);
    }

    /**
     * Hoare's quickselect (median-of-three pivot): reorders {@code a[from .. to)} so that {@code a[k]} holds
     * the value it would hold if the range were sorted, with no larger value before it and no smaller value
     * after it; returns {@code a[k]}. Values must not be NaN. Expected linear time.
     */
    static float select(float[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            float pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * Copies coordinates {@code [j0, j0 + w)} of rows {@code idx} into {@code cols} column by column
     * ({@code cols[b * n + i] = u[idx[i]][j0 + b]}), reading each row contiguously; returns {@code w}.
     */
    static int transpose(float[][] u, int[] idx, int j0, float[] cols) {
        int n = idx.length;
        int w = Math.min(COLUMN_BLOCK, u[0].length - j0);
        for (int i = 0; i < n; i++) {
            float[] r = u[idx[i]];
            for (int b = 0; b < w; b++) {
                cols[b * n + i] = r[j0 + b];
            }
        }
        return w;
    }
}

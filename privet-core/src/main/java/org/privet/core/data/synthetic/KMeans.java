package org.privet.core.data.synthetic;

import java.util.Arrays;
import org.privet.core.rng.Rng;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii 2007), on float32 rows.
 *
 * <p>Seeding picks the first centre uniformly; for each further centre it draws
 * {@code 2 + floor(ln k)} candidates with probability proportional to the squared distance to the
 * nearest centre chosen so far and keeps the candidate that lowers the total squared distance most
 * ("greedy" k-means++, as in the paper's experiments and scikit-learn; plain D^2 sampling tends to
 * seed outliers, which then stay as clusters of one or two rows). Lloyd iterations then alternate
 * assignment (nearest centre, ties to the lower index) and update (mean of the assigned rows) until
 * no assignment changes or {@code maxIterations} is reached. A cluster that becomes empty is
 * re-seeded with the row farthest from its current centre. Distances use
 * {@code |x|^2 - 2 x.c + |c|^2} in double precision; rows that are mostly zeros (binary purchase
 * vectors) are processed through their non-zero entries. Deterministic for a given {@link Rng}
 * seed. Stateless and thread safe (the Rng is not).
 */
public final class KMeans {
    private KMeans() {
    }

    /**
     * The outcome of a k-means run.
     *
     * @param centroids  {@code k x d} centres, row-major
     * @param assignment cluster of each row, in [0, k)
     * @param inertia    sum of squared distances of rows to their centres
     * @param iterations Lloyd iterations run
     * @param converged  whether assignments stopped changing before the iteration limit
     */
    public record Result(float[] centroids, int[] assignment, double inertia, int iterations, boolean converged) {
    }

    /**
     * Clusters the {@code n x d} row-major matrix {@code x} into {@code k} clusters.
     *
     * @param k             in [1, n]
     * @param maxIterations >= 1
     */
    public static Result fit(float[] x, int n, int d, int k, int maxIterations, Rng rng) {
        if (n < 1 || d < 1 || (long) n * d != x.length) {
            throw new IllegalArgumentException("k-means: data of length " + x.length + " is not " + n + " x " + d
                    + " with n, d >= 1");
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "]. Provided value: " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1. Provided value: " + maxIterations);
        }
        Rows rows = new Rows(x, n, d);
        double[] c = seedPlusPlus(rows, k, rng);
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        double[] best = new double[n];
        double[] cc = new double[k];
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            it++;
            for (int j = 0; j < k; j++) {
                cc[j] = dot(c, j * d, c, j * d, d);
            }
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int arg = 0;
                double min = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dist = rows.sq[i] - 2 * rows.dotCentre(i, c, j * d) + cc[j];
                    if (dist < min) {
                        min = dist;
                        arg = j;
                    }
                }
                best[i] = Math.max(0, min);
                if (assign[i] != arg) {
                    assign[i] = arg;
                    changed = true;
                }
            }
            if (!changed) {
                converged = true;
                break;
            }
            update(rows, assign, best, c, k);
        }
        double inertia = 0;
        for (double b : best) {
            inertia += b;
        }
        float[] cf = new float[k * d];
        for (int i = 0; i < cf.length; i++) {
            cf[i] = (float) c[i];
        }
        return new Result(cf, assign, inertia, it, converged);
    }

    private static double[] seedPlusPlus(Rows rows, int k, Rng rng) {
        int n = rows.n;
        int d = rows.d;
        int trials = 2 + (int) Math.log(k);
        double[] c = new double[k * d];
        double[] dist = new double[n];
        double[] candDist = new double[n];
        double[] bestDist = new double[n];
        double[] cand = new double[d];
        int first = rng.nextInt(n);
        rows.copyTo(first, c, 0);
        double cc = dot(c, 0, c, 0, d);
        double total = 0;
        for (int i = 0; i < n; i++) {
            dist[i] = Math.max(0, rows.sq[i] - 2 * rows.dotCentre(i, c, 0) + cc);
            total += dist[i];
        }
        for (int j = 1; j < k; j++) {
            int bestPick = -1;
            double bestTotal = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                int pick = sample(dist, total, rng);
                rows.copyTo(pick, cand, 0);
                double cj = dot(cand, 0, cand, 0, d);
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double dd = Math.max(0, rows.sq[i] - 2 * rows.dotCentre(i, cand, 0) + cj);
                    candDist[i] = Math.min(dist[i], dd);
                    sum += candDist[i];
                }
                if (sum < bestTotal) {
                    bestTotal = sum;
                    bestPick = pick;
                    System.arraycopy(candDist, 0, bestDist, 0, n);
                }
            }
            rows.copyTo(bestPick, c, j * d);
            System.arraycopy(bestDist, 0, dist, 0, n);
            total = bestTotal;
        }
        return c;
    }

    /** Index drawn with probability proportional to {@code w} (uniform when all weights are 0). */
    private static int sample(double[] w, double total, Rng rng) {
        int n = w.length;
        if (!(total > 0)) {
            return rng.nextInt(n); // every row coincides with a centre: any row will do
        }
        double u = rng.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += w[i];
            if (acc > u) {
                return i;
            }
        }
        return n - 1;
    }

    private static void update(Rows rows, int[] assign, double[] best, double[] c, int k) {
        int d = rows.d;
        int[] count = new int[k];
        Arrays.fill(c, 0);
        for (int i = 0; i < rows.n; i++) {
            count[assign[i]]++;
            rows.addTo(i, c, assign[i] * d);
        }
        for (int j = 0; j < k; j++) {
            if (count[j] != 0) {
                continue;
            }
            // re-seed an empty cluster with the row farthest from its centre, taking it out of its cluster
            int far = 0;
            for (int i = 1; i < rows.n; i++) {
                if (best[i] > best[far]) {
                    far = i;
                }
            }
            int from = assign[far];
            if (count[from] > 1) {
                for (int t = 0; t < d; t++) {
                    c[from * d + t] -= rows.value(far, t);
                }
                count[from]--;
                assign[far] = j;
                best[far] = 0;
                rows.copyTo(far, c, j * d);
                count[j] = 1;
            }
        }
        for (int j = 0; j < k; j++) {
            if (count[j] > 1) {
                double inv = 1.0 / count[j];
                for (int t = 0; t < d; t++) {
                    c[j * d + t] *= inv;
                }
            }
        }
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += a[ao + t] * b[bo + t];
        }
        return s;
    }

    /** Dense rows, with a compressed sparse row view when most entries are zero. */
    private static final class Rows {
        final float[] x;
        final int n;
        final int d;
        final double[] sq;
        final int[] start;
        final int[] col;
        final float[] val;

        Rows(float[] x, int n, int d) {
            this.x = x;
            this.n = n;
            this.d = d;
            this.sq = new double[n];
            int nnz = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    float v = x[i * d + t];
                    s += (double) v * v;
                    if (v != 0) {
                        nnz++;
                    }
                }
                sq[i] = s;
            }
            if (nnz < (long) n * d / 3) {
                start = new int[n + 1];
                col = new int[nnz];
                val = new float[nnz];
                int p = 0;
                for (int i = 0; i < n; i++) {
                    start[i] = p;
                    for (int t = 0; t < d; t++) {
                        float v = x[i * d + t];
                        if (v != 0) {
                            col[p] = t;
                            val[p++] = v;
                        }
                    }
                }
                start[n] = p;
            } else {
                start = null;
                col = null;
                val = null;
            }
        }

        double dotCentre(int i, double[] c, int off) {
            double s = 0;
            if (start != null) {
                for (int p = start[i]; p < start[i + 1]; p++) {
                    s += val[p] * c[off + col[p]];
                }
            } else {
                int r = i * d;
                for (int t = 0; t < d; t++) {
                    s += x[r + t] * c[off + t];
                }
            }
            return s;
        }

        void addTo(int i, double[] c, int off) {
            if (start != null) {
                for (int p = start[i]; p < start[i + 1]; p++) {
                    c[off + col[p]] += val[p];
                }
            } else {
                int r = i * d;
                for (int t = 0; t < d; t++) {
                    c[off + t] += x[r + t];
                }
            }
        }

        void copyTo(int i, double[] c, int off) {
            for (int t = 0; t < d; t++) {
                c[off + t] = x[i * d + t];
            }
        }

        float value(int i, int t) {
            return x[i * d + t];
        }
    }
}

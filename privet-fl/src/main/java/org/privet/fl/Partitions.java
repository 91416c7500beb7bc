package org.privet.fl;

import java.util.Arrays;
import org.privet.core.rng.Rng;

/**
 * Splits a dataset's example indices among clients: IID, label-skewed by a Dirichlet prior, or by
 * label-sorted shards. Each method returns {@code int[clients][]} of example indices (every index
 * used at most once), deterministic for a seeded {@link Rng}. Stateless.
 */
public final class Partitions {
    private static final int DIRICHLET_TRIES = 100;

    private Partitions() {
    }

    /** A uniformly random split of {@code n} examples into {@code clients} parts of sizes differing by at most one. */
    public static int[][] iid(int n, int clients, Rng rng) {
        checkCounts(n, clients);
        int[] perm = rng.child("iid").permutation(n);
        int[][] out = new int[clients][];
        for (int c = 0; c < clients; c++) {
            int from = (int) ((long) n * c / clients);
            int to = (int) ((long) n * (c + 1) / clients);
            out[c] = Arrays.copyOfRange(perm, from, to);
        }
        return out;
    }

    /**
     * Label skew by a Dirichlet prior (Hsu, Qi, Brown 2019): for each class, a share vector {@code p ~
     * Dir(alpha, ..., alpha)} over the clients splits that class's examples. Small {@code alpha} (0.1) is very
     * skewed, large (100) is close to IID. Redraws (up to 100 times) until every client has at least one example.
     *
     * @param labels  labels in {@code [0, classes)}
     * @param alpha   concentration &gt; 0 and finite
     * @throws IllegalArgumentException when no draw gives every client an example (too many clients for the data)
     */
    public static int[][] dirichlet(int[] labels, int classes, int clients, double alpha, Rng rng) {
        checkCounts(labels.length, clients);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Dirichlet alpha must be > 0 and finite. Provided value: " + alpha);
        }
        int[][] byClass = byClass(labels, classes);
        Rng r = rng.child("dirichlet");
        for (int attempt = 0; attempt < DIRICHLET_TRIES; attempt++) {
            int[][] parts = new int[clients][];
            int[] sizes = new int[clients];
            int[][] assign = new int[classes][];
            for (int c = 0; c < classes; c++) {
                int[] idx = byClass[c].clone();
                shuffle(idx, r);
                double[] p = new double[clients];
                double sum = 0;
                for (int k = 0; k < clients; k++) {
                    p[k] = gamma(alpha, r);
                    sum += p[k];
                }
                int[] cut = new int[clients + 1];
                double cum = 0;
                for (int k = 0; k < clients; k++) {
                    cum += p[k];
                    cut[k + 1] = k == clients - 1 ? idx.length : (int) Math.round(cum / sum * idx.length);
                }
                assign[c] = cut;
                byClass[c] = idx;
                for (int k = 0; k < clients; k++) {
                    sizes[k] += cut[k + 1] - cut[k];
                }
            }
            boolean ok = true;
            for (int s : sizes) {
                ok &= s > 0;
            }
            if (!ok) {
                continue;
            }
            int[] fill = new int[clients];
            for (int k = 0; k < clients; k++) {
                parts[k] = new int[sizes[k]];
            }
            for (int c = 0; c < classes; c++) {
                for (int k = 0; k < clients; k++) {
                    for (int i = assign[c][k]; i < assign[c][k + 1]; i++) {
                        parts[k][fill[k]++] = byClass[c][i];
                    }
                }
            }
            return parts;
        }
        throw new IllegalArgumentException("Dirichlet partition: no draw in " + DIRICHLET_TRIES
                + " gave each of " + clients + " clients an example (" + labels.length + " examples, alpha=" + alpha
                + "); use fewer clients or a larger alpha");
    }

    /**
     * McMahan et al. 2017's pathological non-IID split: sort by label, cut into {@code clients *
     * shardsPerClient} shards of equal size, give each client {@code shardsPerClient} random shards.
     */
    public static int[][] shards(int[] labels, int clients, int shardsPerClient, Rng rng) {
        checkCounts(labels.length, clients);
        if (shardsPerClient < 1 || (long) clients * shardsPerClient > labels.length) {
            throw new IllegalArgumentException("shardsPerClient must be >= 1 with clients * shardsPerClient <= examples ("
                    + labels.length + "). Provided value: " + shardsPerClient);
        }
        int n = labels.length;
        Integer[] sorted = new Integer[n];
        int[] tie = rng.child("shards-order").permutation(n);
        for (int i = 0; i < n; i++) {
            sorted[i] = tie[i];
        }
        Arrays.sort(sorted, (a, b) -> Integer.compare(labels[a], labels[b]));
        int shards = clients * shardsPerClient;
        int[] shardPerm = rng.child("shards").permutation(shards);
        int[][] out = new int[clients][];
        for (int c = 0; c < clients; c++) {
            int size = 0;
            for (int s = 0; s < shardsPerClient; s++) {
                int sh = shardPerm[c * shardsPerClient + s];
                size += (int) ((long) n * (sh + 1) / shards - (long) n * sh / shards);
            }
            int[] part = new int[size];
            int f = 0;
            for (int s = 0; s < shardsPerClient; s++) {
                int sh = shardPerm[c * shardsPerClient + s];
                for (int i = (int) ((long) n * sh / shards); i < (int) ((long) n * (sh + 1) / shards); i++) {
                    part[f++] = sorted[i];
                }
            }
            out[c] = part;
        }
        return out;
    }

    private static int[][] byClass(int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1. Provided value: " + classes);
        }
        int[] counts = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels must be in [0, " + classes + "). Provided value: "
                        + labels[i] + " at index " + i);
            }
            counts[labels[i]]++;
        }
        int[][] out = new int[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }

    private static void shuffle(int[] a, Rng r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (2000), with the {@code U^(1/shape)} boost for shape &lt; 1. */
    static double gamma(double shape, Rng r) {
        if (shape < 1) {
            double u = r.nextDouble();
            return gamma(shape + 1, r) * Math.pow(u == 0 ? Double.MIN_VALUE : u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static void checkCounts(int n, int clients) {
        if (clients < 1 || n < clients) {
            throw new IllegalArgumentException("need 1 <= clients <= examples (" + n + "). Provided value: clients="
                    + clients);
        }
    }
}

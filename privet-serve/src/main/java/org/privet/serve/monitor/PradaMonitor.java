package org.privet.serve.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * PRADA (Juuti, Szyller, Marchal and Asokan, "PRADA: Protecting against DNN Model Stealing Attacks",
 * EuroS&amp;P 2019), the extraction detector of one client (one API key).
 *
 * <p>For each new query {@code x} with predicted class {@code c}: if the class's <i>growing set</i>
 * {@code G_c} is empty, {@code x} joins it; otherwise {@code d_min}, the smallest L2 distance from
 * {@code x} to {@code G_c}, joins the distance record {@code D}, and if {@code d_min > T_c} then
 * {@code x} joins {@code G_c}, {@code d_min} joins {@code D_Gc} and {@code T_c = max(T_c, mean(D_Gc) -
 * std(D_Gc))}. Natural queries give minimum distances that look normally distributed; the synthetic
 * queries of extraction attacks (perturbations of a few seeds, Jacobian augmentation, random
 * probing) do not. Once {@code D} holds at least {@link Config#minQueries} values, the Shapiro-Wilk
 * statistic {@code W} of the most recent {@link Config#window} values is computed after each batch;
 * {@code W < delta} flags the client. The flag is sticky: it records that an attack was seen.
 *
 * <p>Memory: at most {@link Config#maxGrowingSet} stored queries per class (a full set stops
 * growing; distances are still recorded) and {@link Config#window} distances. Cost per query: one
 * distance to each stored query of its class.
 *
 * <p>Thread safe: {@link #observe} is synchronised per monitor (one monitor per key).
 */
public final class PradaMonitor {
    /**
     * Parameters of the detector.
     *
     * @param delta Shapiro-Wilk threshold in (0, 1): {@code W < delta} flags (PRADA tuned it per model
     *     between about 0.87 and 0.96; 0.9 is this project's default)
     * @param minQueries distances needed before the first test, in [3, window] (PRADA: 100)
     * @param window most recent distances tested, in [minQueries, 5000]
     * @param maxGrowingSet stored queries per class, >= 1
     */
    public record Config(double delta, int minQueries, int window, int maxGrowingSet) {
        /** Validates the parameters. */
        public Config {
            if (!(delta > 0 && delta < 1)) {
                throw new IllegalArgumentException("PRADA delta must be in (0, 1). Provided value: " + delta);
            }
            if (window < ShapiroWilk.MIN_SIZE || window > ShapiroWilk.MAX_SIZE) {
                throw new IllegalArgumentException("PRADA window must be in [3, 5000]. Provided value: " + window);
            }
            if (minQueries < ShapiroWilk.MIN_SIZE || minQueries > window) {
                throw new IllegalArgumentException("PRADA minQueries must be in [3, window=" + window
                        + "]. Provided value: " + minQueries);
            }
            if (maxGrowingSet < 1) {
                throw new IllegalArgumentException("PRADA maxGrowingSet must be >= 1. Provided value: " + maxGrowingSet);
            }
        }

        /** delta 0.9, 100 queries before the first test, a window of 1000 distances, 5000 stored queries per class. */
        public static Config defaults() {
            return new Config(0.9, 100, 1000, 5000);
        }
    }

    /**
     * The monitor's reading after a batch.
     *
     * @param distances distances recorded so far (all, not just the window)
     * @param w the latest Shapiro-Wilk statistic, NaN before the first test
     * @param flagged whether this client has been flagged (sticky)
     */
    public record Status(long distances, double w, boolean flagged) {
    }

    private final Config config;
    private final int dim;
    private final List<ClassState> classes = new ArrayList<>();
    private final double[] ring;
    private long recorded;
    private double lastW = Double.NaN;
    private boolean flagged;

    private static final class ClassState {
        float[] points = new float[0];
        int size;
        double threshold;
        // running mean and M2 of D_Gc (Welford)
        long count;
        double mean;
        double m2;
    }

    /**
     * A monitor for queries of {@code dim} features.
     *
     * @throws IllegalArgumentException if {@code dim < 1}
     */
    public PradaMonitor(int dim, Config config) {
        if (dim < 1) {
            throw new IllegalArgumentException("PRADA: feature count must be >= 1. Provided value: " + dim);
        }
        this.dim = dim;
        this.config = config;
        this.ring = new double[config.window()];
    }

    /**
     * Feeds a batch of queries and their predicted classes, then tests once.
     *
     * @param x row-major queries, {@code n * dim} values
     * @param labels predicted class of each query, >= 0
     * @param n number of queries
     * @return the reading after the batch
     */
    public synchronized Status observe(float[] x, int[] labels, int n) {
        if (x.length < (long) n * dim || labels.length < n) {
            throw new IllegalArgumentException("PRADA: need " + n + " queries of " + dim + " features and labels; got "
                    + x.length + " values and " + labels.length + " labels");
        }
        for (int i = 0; i < n; i++) {
            observeOne(x, i * dim, labels[i]);
        }
        long have = Math.min(recorded, ring.length);
        if (have >= config.minQueries()) {
            double[] d = new double[(int) have];
            System.arraycopy(ring, 0, d, 0, (int) have);
            try {
                lastW = ShapiroWilk.test(d).w();
            } catch (IllegalArgumentException allEqual) {
                // identical distances (e.g. the same query repeated): as far from natural as it gets
                lastW = 0;
            }
            if (lastW < config.delta()) {
                flagged = true;
            }
        }
        return new Status(recorded, lastW, flagged);
    }

    /** The current reading. */
    public synchronized Status status() {
        return new Status(recorded, lastW, flagged);
    }

    private void observeOne(float[] x, int off, int label) {
        if (label < 0) {
            throw new IllegalArgumentException("PRADA: labels must be >= 0. Provided value: " + label);
        }
        while (classes.size() <= label) {
            classes.add(new ClassState());
        }
        ClassState s = classes.get(label);
        if (s.size == 0) {
            add(s, x, off);
            return;
        }
        double best = Double.POSITIVE_INFINITY;
        float[] p = s.points;
        for (int k = 0; k < s.size; k++) {
            int base = k * dim;
            double acc = 0;
            for (int j = 0; j < dim; j++) {
                double t = (double) x[off + j] - p[base + j];
                acc += t * t;
            }
            if (acc < best) {
                best = acc;
            }
        }
        double dmin = Math.sqrt(best);
        ring[(int) (recorded % ring.length)] = dmin;
        recorded++;
        if (dmin > s.threshold) {
            if (s.size < config.maxGrowingSet()) {
                add(s, x, off);
            }
            s.count++;
            double delta = dmin - s.mean;
            s.mean += delta / s.count;
            s.m2 += delta * (dmin - s.mean);
            double std = s.count > 1 ? Math.sqrt(s.m2 / s.count) : 0;
            s.threshold = Math.max(s.threshold, s.mean - std);
        }
    }

    private void add(ClassState s, float[] x, int off) {
        if ((s.size + 1) * dim > s.points.length) {
            int cap = Math.max(16, s.size * 2);
            s.points = java.util.Arrays.copyOf(s.points, Math.min(cap, config.maxGrowingSet()) * dim);
        }
        System.arraycopy(x, off, s.points, s.size * dim, dim);
        s.size++;
    }
}

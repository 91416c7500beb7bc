package org.privet.core.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.data.Column;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Tabular data from a Gaussian mixture with one component per class, optionally with categorical
 * columns whose distribution depends on the class.
 *
 * <p>Class {@code c} has mean {@code mu_c = separation * u_c} with {@code u_c} a uniformly random
 * unit vector, and identity covariance; the numeric features of an example of class {@code c} are
 * {@code mu_c + N(0, I)}. {@code separation} is thus the distance of each class mean from the
 * origin in units of the noise standard deviation (two random means in high dimension are about
 * {@code separation * sqrt(2)} apart). Each categorical column has {@code categoriesPerColumn}
 * categories {@code v0, v1, ...}; each class has a favourite category per column, taken with
 * probability 0.6, otherwise a uniformly random one. Labels are balanced (counts differ by at most
 * one) in random order.
 *
 * <p>Columns: numeric {@code x0 ..}, then ordinal categorical {@code cat0 ..}, then label
 * {@code class} with classes {@code class0 ..}. Deterministic for a given {@link Rng} seed.
 */
public final class GaussianMixture {
    private GaussianMixture() {
    }

    /** Numeric features only. */
    public static Dataset generate(int n, int classes, int dims, double separation, Rng rng) {
        return generate(n, classes, dims, separation, 0, 0, rng);
    }

    /**
     * @param n                   examples, >= 1
     * @param classes             >= 2
     * @param dims                numeric features, >= 1
     * @param separation          >= 0 and finite
     * @param categoricalColumns  >= 0
     * @param categoriesPerColumn >= 2 when there are categorical columns
     */
    public static Dataset generate(int n, int classes, int dims, double separation, int categoricalColumns,
            int categoriesPerColumn, Rng rng) {
        if (n < 1 || classes < 2 || dims < 1) {
            throw new IllegalArgumentException("need n >= 1, classes >= 2, dims >= 1. Provided value: n=" + n
                    + ", classes=" + classes + ", dims=" + dims);
        }
        if (!(separation >= 0) || Double.isInfinite(separation)) {
            throw new IllegalArgumentException("separation must be >= 0 and finite. Provided value: " + separation);
        }
        if (categoricalColumns < 0 || categoricalColumns > 0 && categoriesPerColumn < 2) {
            throw new IllegalArgumentException("need categoricalColumns >= 0 and categoriesPerColumn >= 2. Provided value: "
                    + categoricalColumns + ", " + categoriesPerColumn);
        }
        Rng gen = rng.child("gaussian-mixture");
        double[][] mu = new double[classes][dims];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            for (int t = 0; t < dims; t++) {
                mu[c][t] = gen.nextGaussian();
                norm += mu[c][t] * mu[c][t];
            }
            norm = Math.sqrt(norm);
            for (int t = 0; t < dims; t++) {
                mu[c][t] = norm == 0 ? 0 : mu[c][t] / norm * separation;
            }
        }
        int[][] favourite = new int[classes][categoricalColumns];
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < categoricalColumns; k++) {
                favourite[c][k] = gen.nextInt(categoriesPerColumn);
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        gen.shuffle(labels);
        int d = dims + categoricalColumns;
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            int off = i * d;
            for (int t = 0; t < dims; t++) {
                x[off + t] = (float) (mu[c][t] + gen.nextGaussian());
            }
            for (int k = 0; k < categoricalColumns; k++) {
                x[off + dims + k] = gen.nextDouble() < 0.6 ? favourite[c][k] : gen.nextInt(categoriesPerColumn);
            }
        }
        List<Column> cols = new ArrayList<>(d + 1);
        for (int t = 0; t < dims; t++) {
            cols.add(Column.numeric("x" + t));
        }
        List<String> cats = new ArrayList<>();
        for (int v = 0; v < categoriesPerColumn; v++) {
            cats.add("v" + v);
        }
        for (int k = 0; k < categoricalColumns; k++) {
            cols.add(Column.categorical("cat" + k, cats));
        }
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        cols.add(Column.label("class", names));
        return new Dataset("gaussian-mixture", Tensor.wrap(x, n, d), labels, Schema.tabular(cols));
    }
}

package org.privet.dp.sgd;

import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** Well-separated Gaussian blobs: class k has mean sep * e_k (first {@code classes} axes), unit variance. */
final class Blobs {
    final Tensor x;
    final int[] y;

    private Blobs(Tensor x, int[] y) {
        this.x = x;
        this.y = y;
    }

    static Blobs generate(int n, int dims, int classes, float sep, Rng rng) {
        float[] d = new float[n * dims];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
            for (int j = 0; j < dims; j++) {
                d[i * dims + j] = (float) rng.nextGaussian() + (j == y[i] ? sep : 0f);
            }
        }
        return new Blobs(Tensor.wrap(d, n, dims), y);
    }
}

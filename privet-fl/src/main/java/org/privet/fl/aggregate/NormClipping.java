package org.privet.fl.aggregate;

import java.util.Locale;

/**
 * Norm clipping (Sun, Kairouz, Suresh, McMahan, "Can You Really Backdoor Federated Learning?", 2019):
 * every update is scaled to L2 norm at most {@code M} ({@code u * min(1, M / ||u||)}), then averaged with
 * the weights. Bounds what a boosted (model-replacement) update can do. Stateless, thread-safe.
 */
public final class NormClipping implements Aggregator {
    private final double bound;

    /** @param bound the norm bound {@code M > 0}, finite */
    public NormClipping(double bound) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("norm bound must be > 0 and finite. Provided value: " + bound);
        }
        this.bound = bound;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        int d = Vectors.check(updates, weights);
        double[] acc = new double[d];
        double total = 0;
        for (int i = 0; i < updates.length; i++) {
            double norm = Vectors.norm(updates[i]);
            double c = weights[i] * (norm <= bound ? 1 : bound / norm);
            total += weights[i];
            float[] u = updates[i];
            for (int j = 0; j < d; j++) {
                acc[j] += c * u[j];
            }
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) (acc[j] / total);
        }
        return out;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "norm-clipping(M=%g)", bound);
    }
}

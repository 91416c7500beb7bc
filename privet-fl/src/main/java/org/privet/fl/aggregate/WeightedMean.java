package org.privet.fl.aggregate;

/**
 * FedAvg's rule (McMahan et al. 2017): {@code sum_k w_k u_k / sum_k w_k} with {@code w_k} the clients'
 * example counts. Not robust: one client can move it anywhere. Stateless, thread-safe.
 */
public final class WeightedMean implements Aggregator {
    private final boolean useWeights;

    /** @param useWeights true for the weighted mean; false for the plain mean (every client counts once) */
    public WeightedMean(boolean useWeights) {
        this.useWeights = useWeights;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        int d = Vectors.check(updates, useWeights ? weights : null);
        double[] acc = new double[d];
        double total = 0;
        for (int i = 0; i < updates.length; i++) {
            double w = useWeights ? weights[i] : 1;
            total += w;
            float[] u = updates[i];
            for (int j = 0; j < d; j++) {
                acc[j] += w * u[j];
            }
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) (acc[j] / total);
        }
        return out;
    }

    /** Whether client weights are used (false: every client counts once). */
    public boolean isWeighted() {
        return useWeights;
    }

    @Override
    public String name() {
        return useWeights ? "mean(weighted)" : "mean";
    }

    @Override
    public boolean isLinear() {
        return true;
    }
}

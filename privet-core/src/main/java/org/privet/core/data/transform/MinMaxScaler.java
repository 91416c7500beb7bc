package org.privet.core.data.transform;

import org.privet.core.data.Dataset;

/**
 * Min-max scaling {@code x' = (x - min) / (max - min)}, fitted on the training split only: training
 * values land in [0, 1], other splits may fall outside it (they are not clipped). A constant feature
 * maps to 0. Fitted features as for {@link Standardizer}. Immutable and thread safe.
 */
public final class MinMaxScaler extends AffineFeatureTransform {
    private MinMaxScaler(Dataset train, double[] min, double[] scale) {
        super(train.schema(), min, scale);
    }

    /** Fits per-feature minima and maxima on {@code train}. */
    public static MinMaxScaler fit(Dataset train) {
        requireNonEmpty("MinMaxScaler", train);
        boolean[] on = scaledFeatures(train.schema());
        int d = on.length;
        int n = train.size();
        float[] x = train.features().data();
        double[] min = new double[d];
        double[] max = new double[d];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0, off = i * d; j < d; j++) {
                float v = x[off + j];
                if (v < min[j]) {
                    min[j] = v;
                }
                if (v > max[j]) {
                    max[j] = v;
                }
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            if (!on[j]) {
                min[j] = 0;
                scale[j] = 1;
            } else {
                double w = max[j] - min[j];
                scale[j] = w > 0 ? 1 / w : 1;
            }
        }
        return new MinMaxScaler(train, min, scale);
    }

    /** Fitted minima per feature (0 for features left alone). */
    public double[] mins() {
        return shiftCopy();
    }

    @Override
    String name() {
        return "MinMaxScaler";
    }
}

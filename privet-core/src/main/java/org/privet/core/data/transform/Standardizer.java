package org.privet.core.data.transform;

import org.privet.core.data.Dataset;

/**
 * Standardisation to zero mean and unit variance, {@code x' = (x - mean) / std}, fitted on the
 * training split only and then applied unchanged to every split (fitting on test data would leak it
 * into preprocessing).
 *
 * <p>Fitted features: numeric columns of tabular data, every pixel of image data (categorical codes
 * and one-hot indicators are left alone). {@code std} is the population standard deviation
 * (divisor n) computed in double precision by two passes; a constant feature gets {@code std = 1}
 * so it maps to 0. Immutable and thread safe.
 */
public final class Standardizer extends AffineFeatureTransform {
    private Standardizer(Dataset train, double[] mean, double[] scale) {
        super(train.schema(), mean, scale);
    }

    /** Fits means and standard deviations on {@code train}. */
    public static Standardizer fit(Dataset train) {
        requireNonEmpty("Standardizer", train);
        boolean[] on = scaledFeatures(train.schema());
        int d = on.length;
        int n = train.size();
        float[] x = train.features().data();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0, off = i * d; j < d; j++) {
                mean[j] += x[off + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] = on[j] ? mean[j] / n : 0;
        }
        double[] var = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0, off = i * d; j < d; j++) {
                double t = x[off + j] - mean[j];
                var[j] += t * t;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(var[j] / n);
            scale[j] = !on[j] || sd == 0 || !Double.isFinite(sd) ? 1 : 1 / sd;
        }
        return new Standardizer(train, mean, scale);
    }

    /** Fitted means per feature (0 for features left alone). */
    public double[] means() {
        return shiftCopy();
    }

    /** Fitted standard deviations per feature (1 for constant features and features left alone). */
    public double[] stds() {
        double[] s = scaleCopy();
        for (int j = 0; j < s.length; j++) {
            s[j] = 1 / s[j];
        }
        return s;
    }

    @Override
    String name() {
        return "Standardizer";
    }
}

package org.privet.core.data.transform;

import java.util.Arrays;
import org.privet.core.data.ColumnKind;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.tensor.Tensor;

/**
 * A fitted per-feature affine map {@code x' = (x - shift[j]) * scale[j]}, the common core of
 * {@link Standardizer} and {@link MinMaxScaler}. Features outside the fitted set keep
 * {@code shift = 0, scale = 1}. Immutable and thread safe.
 */
abstract class AffineFeatureTransform implements FittedTransform {
    private final Schema schema;
    private final double[] shift;
    private final double[] scale;

    AffineFeatureTransform(Schema schema, double[] shift, double[] scale) {
        this.schema = schema;
        this.shift = shift;
        this.scale = scale;
    }

    /**
     * Which features a fit touches: in a tabular schema those of numeric columns (categorical codes
     * and one-hot indicators keep their values), in an image schema every pixel.
     */
    static boolean[] scaledFeatures(Schema s) {
        boolean[] on = new boolean[s.featureCount()];
        if (!s.isTabular()) {
            Arrays.fill(on, true);
            return on;
        }
        for (int f = 0; f < on.length; f++) {
            on[f] = s.columns().get(s.columnOfFeature(f)).kind() == ColumnKind.NUMERIC;
        }
        return on;
    }

    @Override
    public Dataset apply(Dataset data) {
        return data.withFeatures(transform(data.features()), data.schema());
    }

    /**
     * Transforms a feature tensor {@code [n, ...]} with the fitted parameters (new storage).
     *
     * @throws IllegalArgumentException when the per-example size differs from the fitted one
     */
    public Tensor transform(Tensor x) {
        int d = shift.length;
        if (x.rank() < 1 || x.size() != x.dim(0) * d) {
            throw new IllegalArgumentException(name() + ": features " + x.shapeString() + " do not have " + d
                    + " features per example as fitted on " + schema);
        }
        float[] in = x.data();
        float[] out = new float[in.length];
        float[] sh = new float[d];
        float[] sc = new float[d];
        for (int j = 0; j < d; j++) {
            sh[j] = (float) shift[j];
            sc[j] = (float) scale[j];
        }
        for (int off = 0; off < in.length; off += d) {
            for (int j = 0; j < d; j++) {
                out[off + j] = (in[off + j] - sh[j]) * sc[j];
            }
        }
        return Tensor.wrap(out, x.shape());
    }

    /** The inverse map {@code x = x' / scale[j] + shift[j]} (new storage). */
    public Tensor inverse(Tensor y) {
        int d = shift.length;
        float[] in = y.data();
        if (y.rank() < 1 || y.size() != y.dim(0) * d) {
            throw new IllegalArgumentException(name() + ": features " + y.shapeString() + " do not have " + d
                    + " features per example");
        }
        float[] out = new float[in.length];
        for (int off = 0; off < in.length; off += d) {
            for (int j = 0; j < d; j++) {
                out[off + j] = (float) (in[off + j] / scale[j] + shift[j]);
            }
        }
        return Tensor.wrap(out, y.shape());
    }

    abstract String name();

    double[] shiftCopy() {
        return shift.clone();
    }

    double[] scaleCopy() {
        return scale.clone();
    }

    static void requireNonEmpty(String what, Dataset train) {
        if (train.size() == 0) {
            throw new IllegalArgumentException(what + ": cannot fit on an empty data set '" + train.name() + "'");
        }
    }
}

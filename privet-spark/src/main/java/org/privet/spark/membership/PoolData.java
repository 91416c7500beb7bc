package org.privet.spark.membership;

import java.io.Serializable;
import java.util.List;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.tensor.Tensor;

/**
 * A reference pool as plain arrays, broadcast once to every executor: features (row-major, with their shape),
 * labels and class names. {@link #toDataset()} rebuilds a {@link Dataset} with the same features, labels and
 * class count, which is all a {@link org.privet.attacks.reference.ModelRecipe} may read. Immutable by contract
 * (the arrays are not copied on the executors: do not write into them).
 */
final class PoolData implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final int[] shape;
    private final int[] labels;
    private final List<String> classNames;

    private PoolData(float[] features, int[] shape, int[] labels, List<String> classNames) {
        this.features = features;
        this.shape = shape;
        this.labels = labels;
        this.classNames = classNames;
    }

    static PoolData of(Dataset d) {
        int[] s = d.features().shape();
        if (s.length != 2 && s.length != 4) {
            throw new IllegalArgumentException("Spark reference training needs tabular [n, d] or image [n, c, h, w] "
                    + "features. Provided shape: " + d.features().shapeString());
        }
        return new PoolData(d.features().data().clone(), s.clone(), d.labels().clone(),
                List.copyOf(d.classNames()));
    }

    Dataset toDataset() {
        Schema schema = shape.length == 2 ? Schema.numeric(shape[1], classNames)
                : Schema.image(shape[1], shape[2], shape[3], classNames);
        return new Dataset("reference pool", Tensor.wrap(features, shape), labels, schema);
    }
}

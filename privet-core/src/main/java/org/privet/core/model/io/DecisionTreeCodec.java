package org.privet.core.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import org.privet.core.model.DecisionTree;
import org.privet.core.tensor.Tensor;

/**
 * Codec for {@link DecisionTree}, kind {@value #KIND}: float32 tensor {@code threshold [nodes]}
 * and int32 arrays {@code feature}, {@code left}, {@code right} ({@code [nodes]}, -1 at leaves) and
 * {@code class_counts} ({@code [nodes * C]}); the header records {@code features},
 * {@code classes}, {@code nodes} and {@code laplace}. Decoding re-validates the tree structure.
 */
public final class DecisionTreeCodec implements ModelCodec<DecisionTree> {
    /** The kind string. */
    public static final String KIND = "decision-tree";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<DecisionTree> type() {
        return DecisionTree.class;
    }

    @Override
    public ModelFile.Contents encode(DecisionTree tree) {
        ObjectNode h = ModelFile.newHeader();
        h.put("features", tree.numFeatures());
        h.put("classes", tree.numClasses());
        h.put("nodes", tree.nodeCount());
        h.put("laplace", tree.laplace());
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        float[] thr = tree.thresholdArray();
        tensors.put("threshold", Tensor.wrap(thr, thr.length));
        LinkedHashMap<String, int[]> ints = new LinkedHashMap<>();
        ints.put("feature", tree.featureArray());
        ints.put("left", tree.leftArray());
        ints.put("right", tree.rightArray());
        ints.put("class_counts", tree.classCountArray());
        return new ModelFile.Contents(KIND, h, tensors, ints);
    }

    @Override
    public DecisionTree decode(ModelFile.Contents contents) {
        ObjectNode h = contents.header();
        int features = h.path("features").asInt(-1);
        int classes = h.path("classes").asInt(-1);
        int nodes = h.path("nodes").asInt(-1);
        if (!h.path("laplace").isNumber()) {
            throw new IllegalArgumentException(KIND + ": header field 'laplace' must be a number. Found: " + h.get("laplace"));
        }
        double laplace = h.path("laplace").asDouble();
        Tensor threshold = contents.tensor("threshold");
        int[] feature = contents.ints("feature");
        if (threshold.rank() != 1 || threshold.dim(0) != nodes || feature.length != nodes) {
            throw new IllegalArgumentException(KIND + ": header says " + nodes + " nodes but 'threshold' has shape "
                    + threshold.shapeString() + " and 'feature' has " + feature.length + " entries");
        }
        return DecisionTree.of(features, classes, feature, threshold.data(), contents.ints("left"),
                contents.ints("right"), contents.ints("class_counts"), laplace);
    }
}

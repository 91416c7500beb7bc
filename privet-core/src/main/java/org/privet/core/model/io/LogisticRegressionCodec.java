package org.privet.core.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import org.privet.core.model.LogisticRegression;
import org.privet.core.tensor.Tensor;

/**
 * Codec for {@link LogisticRegression}, kind {@value #KIND}: tensors {@code weights [d, C]} and
 * {@code bias [C]}; the header records {@code features}, {@code classes} and, for a trained model,
 * the training settings and outcome under {@code "training"} (informational).
 */
public final class LogisticRegressionCodec implements ModelCodec<LogisticRegression> {
    /** The kind string. */
    public static final String KIND = "logistic-regression";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<LogisticRegression> type() {
        return LogisticRegression.class;
    }

    @Override
    public ModelFile.Contents encode(LogisticRegression model) {
        ObjectNode h = ModelFile.newHeader();
        h.put("features", model.weights().dim(0));
        h.put("classes", model.numClasses());
        model.fitSummary().ifPresent(s -> {
            ObjectNode t = h.putObject("training");
            t.put("l2", s.options().l2());
            t.put("maxIterations", s.options().maxIterations());
            t.put("tolerance", s.options().tolerance());
            t.put("memory", s.options().memory());
            t.put("objective", s.objective());
            t.put("gradientNorm", s.gradientNorm());
            t.put("iterations", s.iterations());
            t.put("termination", s.termination().name());
        });
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weights", model.weights());
        tensors.put("bias", model.bias());
        return new ModelFile.Contents(KIND, h, tensors);
    }

    @Override
    public LogisticRegression decode(ModelFile.Contents contents) {
        Tensor w = contents.tensor("weights");
        Tensor b = contents.tensor("bias");
        int features = contents.header().path("features").asInt(-1);
        int classes = contents.header().path("classes").asInt(-1);
        if (w.rank() != 2 || w.dim(0) != features || w.dim(1) != classes) {
            throw new IllegalArgumentException(KIND + ": tensor 'weights' has shape " + w.shapeString()
                    + " but the header says features " + features + ", classes " + classes);
        }
        return new LogisticRegression(w, b);
    }
}

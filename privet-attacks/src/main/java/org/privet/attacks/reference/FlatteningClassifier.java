package org.privet.attacks.reference;

import java.util.Arrays;
import java.util.List;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.tensor.Tensor;

/**
 * A white-box classifier over flat {@code [n, d]} inputs seen through the original example shape
 * (e.g. an MLP on {@code [n, 1, 16, 16]} images): inputs are reshaped (no copy) before the call.
 */
public final class FlatteningClassifier implements WhiteBoxClassifier {
    private final WhiteBoxClassifier inner;
    private final int[] exampleShape;
    private final int flat;

    /** @param dataShape shape of the training features {@code [n, ...]}; its tail is the example shape */
    public FlatteningClassifier(WhiteBoxClassifier inner, int[] dataShape) {
        this.inner = inner;
        this.exampleShape = Arrays.copyOfRange(dataShape, 1, dataShape.length);
        int f = 1;
        for (int d : exampleShape) {
            f *= d;
        }
        this.flat = f;
    }

    private Tensor flat(Tensor x) {
        if (x.rank() == 2 && x.dim(1) == flat) {
            return x;
        }
        if (x.rank() != exampleShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(x.shape(), 1, x.rank()),
                exampleShape)) {
            throw new IllegalArgumentException("input must be [n, " + Arrays.toString(exampleShape).substring(1)
                    + ". Provided shape: " + x.shapeString());
        }
        return x.reshape(x.dim(0), flat);
    }

    @Override
    public int numClasses() {
        return inner.numClasses();
    }

    @Override
    public int[] inputShape() {
        return exampleShape.clone();
    }

    @Override
    public Tensor logits(Tensor x) {
        return inner.logits(flat(x));
    }

    @Override
    public Tensor inputGradient(Tensor x, int[] y) {
        return inner.inputGradient(flat(x), y).reshape(x.shape());
    }

    @Override
    public List<Tensor> parameterGradients(Tensor x, int[] y) {
        return inner.parameterGradients(flat(x), y);
    }

    @Override
    public List<Tensor> parameters() {
        return inner.parameters();
    }
}

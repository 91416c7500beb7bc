package org.privet.attacks.reconstruct;

import java.util.Arrays;
import java.util.List;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.Sequential;
import org.privet.core.tensor.Tensor;

/**
 * Closed-form attacks on the gradient of fully connected layers.
 *
 * <p><b>Input recovery</b> (Phong et al. 2018; Geiping et al. 2020, Sec. 3): for a layer {@code z = W x + b}
 * and one example, {@code dL/dW_i = (dL/dz_i) x} and {@code dL/db_i = dL/dz_i}, so
 * {@code x = (dL/dW_i) / (dL/db_i)} for every row {@code i} with a non-zero bias gradient. This class uses
 * the least-squares combination of all rows, {@code x = sum_i db_i dW_i / sum_i db_i^2}, which equals that
 * ratio exactly for one example and is numerically the best row mix. For a batch of N examples (a mean
 * gradient) the result is a mixture of the N inputs weighted by each example's bias gradients: this is why
 * larger batches defeat the analytic attack (and why the imprint module of
 * {@link ImprintModule} separates examples by binning first).
 *
 * <p><b>Label recovery</b> (iDLG, Zhao, Mopuri and Bilen 2020): with softmax cross-entropy and a
 * non-negative input to the last layer (after ReLU or sigmoid), row {@code j} of the last weight gradient is
 * {@code (p_j - y_j) h}: only the true class's row is non-positive. The label is the row with the smallest
 * sum. For a batch with distinct labels, the {@code N} rows with the most negative minimum entry
 * (Yin et al. 2021) are the labels.
 *
 * <p>Stateless and thread safe.
 */
public final class AnalyticLinear {
    private AnalyticLinear() {
    }

    /**
     * The input of a fully connected layer recovered from its gradients.
     *
     * @param weightGrad {@code dL/dW}, shape [out, in]
     * @param biasGrad   {@code dL/db}, shape [out]
     * @return the recovered input, {@code in} values
     * @throws IllegalArgumentException for mismatched shapes
     * @throws IllegalStateException    when every bias gradient is zero (nothing to divide by)
     */
    public static float[] recoverInput(Tensor weightGrad, Tensor biasGrad) {
        if (weightGrad.rank() != 2 || biasGrad.rank() != 1 || biasGrad.dim(0) != weightGrad.dim(0)) {
            throw new IllegalArgumentException("recoverInput: weight gradient " + weightGrad.shapeString()
                    + " and bias gradient " + biasGrad.shapeString() + " must be [out,in] and [out]");
        }
        int out = weightGrad.dim(0);
        int in = weightGrad.dim(1);
        float[] w = weightGrad.data();
        float[] b = biasGrad.data();
        double[] acc = new double[in];
        double norm = 0;
        for (int i = 0; i < out; i++) {
            double bi = b[i];
            if (bi == 0) {
                continue;
            }
            norm += bi * bi;
            int o = i * in;
            for (int j = 0; j < in; j++) {
                acc[j] += bi * w[o + j];
            }
        }
        if (!(norm > 0)) {
            throw new IllegalStateException("recoverInput: every bias gradient is zero (or not finite): the layer's"
                    + " input cannot be recovered. Sum of squares: " + norm);
        }
        float[] x = new float[in];
        for (int j = 0; j < in; j++) {
            x[j] = (float) (acc[j] / norm);
        }
        return x;
    }

    /**
     * Recovers the input of a network whose first parameterised layer is a {@link Dense}, preceded only by
     * {@link Flatten} or {@link Reshape}, from a client's gradient update.
     *
     * @param model      the network the update was computed on
     * @param update     one gradient tensor per parameter, in {@link Sequential#parameters()} order
     * @param inputShape the per-example input shape (e.g. {@code 1, 16, 16}); its size must equal the Dense
     *                   layer's input width
     * @return the recovered example, shape {@code [1, inputShape...]}
     */
    public static Tensor recoverFirstLayerInput(Sequential model, List<Tensor> update, int... inputShape) {
        Dense first = firstDense(model);
        checkUpdate(model, update);
        int size = 1;
        for (int d : inputShape) {
            size *= d;
        }
        if (size != first.inFeatures()) {
            throw new IllegalArgumentException("recoverFirstLayerInput: input shape " + Arrays.toString(inputShape)
                    + " holds " + size + " values but the first Dense layer takes " + first.inFeatures());
        }
        float[] x = recoverInput(update.get(0), update.get(1));
        int[] shape = new int[inputShape.length + 1];
        shape[0] = 1;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return Tensor.wrap(x, shape);
    }

    /**
     * iDLG: the label of a single example from the last layer's weight gradient (the row with the smallest
     * sum). Exact when the last layer's input is non-negative (ReLU, sigmoid) and the loss is softmax
     * cross-entropy.
     *
     * @param lastWeightGrad {@code dL/dW} of the last Dense layer, [classes, hidden]
     */
    public static int idlgLabel(Tensor lastWeightGrad) {
        double[] sums = rowStat(lastWeightGrad, false);
        int best = 0;
        for (int i = 1; i < sums.length; i++) {
            if (sums[i] < sums[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Labels of a batch with distinct labels: the {@code n} rows of the last weight gradient with the most
     * negative minimum entry, in increasing class order. With repeated labels this returns fewer distinct
     * classes than examples (a known limit of the rule).
     *
     * @param n batch size, in [1, classes]
     */
    public static int[] batchLabels(Tensor lastWeightGrad, int n) {
        double[] mins = rowStat(lastWeightGrad, true);
        if (n < 1 || n > mins.length) {
            throw new IllegalArgumentException("batchLabels: n must be in [1, " + mins.length + "]. Provided value: "
                    + n);
        }
        Integer[] order = new Integer[mins.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(mins[a], mins[b]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        Arrays.sort(out);
        return out;
    }

    /** The last parameterised layer of {@code model}, which must be Dense. */
    static Dense lastDense(Sequential model) {
        List<Layer> ls = model.flatLayers();
        for (int i = ls.size() - 1; i >= 0; i--) {
            Layer l = ls.get(i);
            if (!l.parameters().isEmpty()) {
                if (l instanceof Dense d) {
                    return d;
                }
                throw new IllegalArgumentException("the last parameterised layer must be Dense, got " + l.spec());
            }
        }
        throw new IllegalArgumentException("the model has no parameterised layer: " + model.spec());
    }

    /** The first parameterised layer, which must be Dense and preceded only by Flatten or Reshape. */
    static Dense firstDense(Sequential model) {
        for (Layer l : model.flatLayers()) {
            if (l instanceof Dense d) {
                return d;
            }
            if (!(l instanceof Flatten) && !(l instanceof Reshape)) {
                throw new IllegalArgumentException("analytic recovery needs a Dense first layer (after Flatten or"
                        + " Reshape only); found " + l.spec() + " first in " + model.spec());
            }
        }
        throw new IllegalArgumentException("the model has no Dense layer: " + model.spec());
    }

    static void checkUpdate(Sequential model, List<Tensor> update) {
        var ps = model.parameters();
        if (update.size() != ps.size()) {
            throw new IllegalArgumentException("update has " + update.size() + " tensors but the model has "
                    + ps.size() + " parameters");
        }
        for (int i = 0; i < ps.size(); i++) {
            if (!update.get(i).sameShape(ps.get(i).value())) {
                throw new IllegalArgumentException("update tensor " + i + " has shape " + update.get(i).shapeString()
                        + " but parameter " + i + " has shape " + ps.get(i).value().shapeString());
            }
        }
    }

    private static double[] rowStat(Tensor g, boolean min) {
        if (g.rank() != 2) {
            throw new IllegalArgumentException("last-layer weight gradient must be [classes, hidden], got "
                    + g.shapeString());
        }
        int rows = g.dim(0);
        int cols = g.dim(1);
        float[] d = g.data();
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = min ? Double.POSITIVE_INFINITY : 0;
            for (int j = 0; j < cols; j++) {
                float v = d[i * cols + j];
                s = min ? Math.min(s, v) : s + v;
            }
            out[i] = s;
        }
        return out;
    }
}

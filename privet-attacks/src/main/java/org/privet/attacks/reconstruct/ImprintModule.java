package org.privet.attacks.reconstruct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.tensor.Tensor;

/**
 * The malicious-server imprint module of "Robbing the Fed" (Fowl, Geiping, Czaja, Goldblum and Goldstein,
 * ICLR 2022): a block the server prepends to the model so that one aggregated update reveals many
 * individual examples exactly.
 *
 * <p>Block: {@code flatten -> z = W x + b (k bins) -> ReLU -> dense(k -> d) -> reshape -> body}. Every row
 * of {@code W} is the same measurement vector {@code a} (here mean brightness, {@code a = 1/d}), and the
 * bias is {@code b_i = -c_i} for increasing thresholds {@code c_1 < ... < c_k}: unit {@code i} is active for
 * the examples with measurement {@code a.x > c_i}. The thresholds are quantiles
 * {@code c_i = mu + sigma * Phi^-1(i / (k + 1))} of the server's prior on the measurement (a normal with
 * mean {@code mu} and standard deviation {@code sigma}, e.g. estimated on public data), so each bin holds
 * about the same share of examples. The second dense layer has all weights {@code 1/k} (zero bias), so an
 * example's {@code dL/dz_i} is the same for every active unit {@code i}.
 *
 * <p>Recovery: for bins {@code i} and {@code i+1}, {@code dW_i - dW_{i+1} = sum_{n in bin i} g_n x_n} and
 * {@code db_i - db_{i+1} = sum_{n in bin i} g_n}: when exactly one example of the aggregated batch (any
 * number of clients, summed or averaged) falls between {@code c_i} and {@code c_{i+1}}, their ratio is that
 * example, exactly. Bins with two or more examples give mixtures; examples below {@code c_1} are lost.
 * Bins whose bias difference is below {@code 1e-7} times the largest are skipped.
 *
 * <p>Immutable and thread safe; the layers it builds are ordinary privet-core layers.
 */
public final class ImprintModule {
    private final int[] inputShape;
    private final int inputSize;
    private final int bins;
    private final double[] thresholds;

    /**
     * @param inputShape per-example input shape of the body, e.g. {@code {1, 16, 16}}
     * @param bins       k >= 2
     * @param mean       prior mean of the measurement (mean pixel value), finite
     * @param std        prior standard deviation of the measurement, > 0 and finite
     */
    public ImprintModule(int[] inputShape, int bins, double mean, double std) {
        if (inputShape == null || inputShape.length == 0) {
            throw new IllegalArgumentException("inputShape must have at least one dimension");
        }
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be >= 2. Provided value: " + bins);
        }
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("need a finite mean and std > 0 and finite. Provided values: "
                    + mean + ", " + std);
        }
        int size = 1;
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("inputShape dimensions must be >= 1. Provided: "
                        + Arrays.toString(inputShape));
            }
            size *= d;
        }
        this.inputShape = inputShape.clone();
        this.inputSize = size;
        this.bins = bins;
        this.thresholds = new double[bins];
        for (int i = 0; i < bins; i++) {
            thresholds[i] = mean + std * inverseNormalCdf((i + 1) / (double) (bins + 1));
        }
    }

    /** The bin thresholds {@code c_1 < ... < c_k} (a copy). */
    public double[] thresholds() {
        return thresholds.clone();
    }

    public int bins() {
        return bins;
    }

    /**
     * The model the malicious server sends: the imprint block followed by {@code body}, which must accept
     * inputs of shape {@code [N, inputShape...]}. Its first two parameters are the imprint weight [k, d] and
     * bias [k]: pass their update to {@link #recover}.
     */
    public Sequential prepend(Sequential body) {
        float[] w = new float[bins * inputSize];
        Arrays.fill(w, 1f / inputSize);
        float[] b = new float[bins];
        for (int i = 0; i < bins; i++) {
            b[i] = (float) -thresholds[i];
        }
        float[] w2 = new float[inputSize * bins];
        Arrays.fill(w2, 1f / bins);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten());
        layers.add(new Dense(Tensor.wrap(w, bins, inputSize), Tensor.wrap(b, bins)));
        layers.add(new ReLU());
        layers.add(new Dense(Tensor.wrap(w2, inputSize, bins), Tensor.zeros(inputSize)));
        if (inputShape.length > 1) {
            layers.add(new Reshape(inputShape));
        }
        layers.add(body);
        return new Sequential(layers);
    }

    /**
     * Recovers examples from the (aggregated) update of the imprint layer.
     *
     * @param weightGrad update of the imprint weight, [k, d] (a gradient, a sum of gradients or a FedSGD
     *                   average; any positive scaling cancels)
     * @param biasGrad   update of the imprint bias, [k]
     * @return one reconstruction per usable bin, shape {@code [M, inputShape...]}, method "imprint"
     */
    public ReconstructionResult recover(Tensor weightGrad, Tensor biasGrad) {
        if (weightGrad.rank() != 2 || weightGrad.dim(0) != bins || weightGrad.dim(1) != inputSize
                || biasGrad.rank() != 1 || biasGrad.dim(0) != bins) {
            throw new IllegalArgumentException("recover: expected [" + bins + "," + inputSize + "] and [" + bins
                    + "], got " + weightGrad.shapeString() + " and " + biasGrad.shapeString());
        }
        float[] w = weightGrad.data();
        float[] b = biasGrad.data();
        double[] db = new double[bins];
        double max = 0;
        for (int i = 0; i < bins; i++) {
            db[i] = b[i] - (i + 1 < bins ? (double) b[i + 1] : 0);
            max = Math.max(max, Math.abs(db[i]));
        }
        List<float[]> found = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            if (!(Math.abs(db[i]) > 1e-7 * max)) {
                continue;
            }
            float[] x = new float[inputSize];
            int o = i * inputSize;
            int o2 = (i + 1) * inputSize;
            for (int j = 0; j < inputSize; j++) {
                double dw = w[o + j] - (i + 1 < bins ? (double) w[o2 + j] : 0);
                x[j] = (float) (dw / db[i]);
            }
            found.add(x);
        }
        int[] shape = new int[inputShape.length + 1];
        shape[0] = found.size();
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        float[] all = new float[found.size() * inputSize];
        for (int i = 0; i < found.size(); i++) {
            System.arraycopy(found.get(i), 0, all, i * inputSize, inputSize);
        }
        return new ReconstructionResult("imprint", Tensor.wrap(all, shape), null, 0, 0, 1,
                "bins=" + bins + ", thresholds=[" + thresholds[0] + ", " + thresholds[bins - 1] + "]", 0);
    }

    /** The standard normal quantile (privet-core's {@link org.privet.core.metrics.NormalQuantile}). */
    static double inverseNormalCdf(double p) {
        return org.privet.core.metrics.NormalQuantile.of(p);
    }
}

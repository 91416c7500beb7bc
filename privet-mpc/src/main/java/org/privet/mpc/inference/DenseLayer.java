package org.privet.mpc.inference;

/**
 * The plain weights of one fully connected layer {@code y = W x + b}: {@code weight[out][in]} (PyTorch and
 * privet {@code Dense} layout) and {@code bias[out]}. The arrays are copied on construction; values must
 * be finite.
 */
public record DenseLayer(double[][] weight, double[] bias) {
    public DenseLayer {
        if (weight == null || weight.length == 0 || weight[0] == null || weight[0].length == 0) {
            throw new IllegalArgumentException("weight must be a non-empty [out][in] array");
        }
        int in = weight[0].length;
        double[][] w = new double[weight.length][];
        for (int o = 0; o < weight.length; o++) {
            if (weight[o] == null || weight[o].length != in) {
                throw new IllegalArgumentException("weight row " + o + " must have " + in + " entries (rows of"
                        + " [out][in] must be equal). Provided: " + (weight[o] == null ? "null" : weight[o].length));
            }
            for (int i = 0; i < in; i++) {
                if (!Double.isFinite(weight[o][i])) {
                    throw new IllegalArgumentException("weight[" + o + "][" + i + "] must be finite. Provided value: "
                            + weight[o][i]);
                }
            }
            w[o] = weight[o].clone();
        }
        if (bias == null || bias.length != weight.length) {
            throw new IllegalArgumentException("bias must have " + weight.length + " entries (one per output)."
                    + " Provided: " + (bias == null ? "null" : bias.length));
        }
        for (int o = 0; o < bias.length; o++) {
            if (!Double.isFinite(bias[o])) {
                throw new IllegalArgumentException("bias[" + o + "] must be finite. Provided value: " + bias[o]);
            }
        }
        weight = w;
        bias = bias.clone();
    }

    public int inputs() {
        return weight[0].length;
    }

    public int outputs() {
        return weight.length;
    }
}

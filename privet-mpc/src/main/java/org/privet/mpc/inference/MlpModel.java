package org.privet.mpc.inference;

import java.util.List;

/**
 * A multi-layer perceptron in plain weights: dense layers with ReLU between them and none after the last
 * (its outputs are logits), as privet's {@code Networks.mlp}. A logistic regression is a one-layer model.
 * Immutable and thread-safe.
 */
public final class MlpModel {
    private final List<DenseLayer> layers;

    /**
     * @param layers at least one layer; layer {@code i + 1} takes as many inputs as layer {@code i} has
     *     outputs
     */
    public MlpModel(List<DenseLayer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one layer. Provided: none");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputs() != layers.get(i - 1).outputs()) {
                throw new IllegalArgumentException("layer " + i + " takes " + layers.get(i).inputs()
                        + " inputs but layer " + (i - 1) + " has " + layers.get(i - 1).outputs() + " outputs");
            }
        }
        this.layers = List.copyOf(layers);
    }

    /** A binary logistic regression {@code sigmoid(w . x + b)}: one layer with one output. */
    public static MlpModel logisticRegression(double[] weights, double bias) {
        return new MlpModel(List.of(new DenseLayer(new double[][] {weights}, new double[] {bias})));
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    /** Layer widths: {@code [inputs, hidden..., outputs]}. */
    public int[] widths() {
        int[] w = new int[layers.size() + 1];
        w[0] = layers.get(0).inputs();
        for (int i = 0; i < layers.size(); i++) {
            w[i + 1] = layers.get(i).outputs();
        }
        return w;
    }

    public int inputs() {
        return layers.get(0).inputs();
    }

    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** Plaintext logits of each row of {@code x} (the reference the private protocol is checked against). */
    public double[][] logits(double[][] x) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != inputs()) {
                throw new IllegalArgumentException("row " + r + " has " + x[r].length + " features; the model takes "
                        + inputs());
            }
            double[] h = x[r];
            for (int l = 0; l < layers.size(); l++) {
                DenseLayer d = layers.get(l);
                double[] y = new double[d.outputs()];
                for (int o = 0; o < y.length; o++) {
                    double acc = d.bias()[o];
                    double[] w = d.weight()[o];
                    for (int i = 0; i < w.length; i++) {
                        acc += w[i] * h[i];
                    }
                    y[o] = l < layers.size() - 1 ? Math.max(acc, 0) : acc;
                }
                h = y;
            }
            out[r] = h;
        }
        return out;
    }

    @Override
    public String toString() {
        return "MlpModel" + java.util.Arrays.toString(widths());
    }
}

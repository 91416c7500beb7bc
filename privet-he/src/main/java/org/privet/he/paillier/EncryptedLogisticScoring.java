package org.privet.he.paillier;

import java.util.Objects;

/**
 * Encrypted logistic-regression scoring: the server holds a plaintext (multinomial) logistic
 * regression, {@code logits = W x + b}; the client sends its features encrypted under its own key
 * ({@link EncryptedVector#encrypt}); the server returns the encrypted logits, rerandomised, without
 * learning the features; the client decrypts and applies softmax ({@link #probabilities}). With two
 * classes this equals the sigmoid of the logit difference.
 *
 * <p>Weights and bias are encoded at {@code weightExponent} (fixed point with step
 * {@code 16^weightExponent}); a logit's error is at most about
 * {@code sum_i |x_i| 16^weightExponent / 2 + |w_i| 16^featureExponent / 2 + 16^weightExponent / 2}.
 * The client learns its logits (hence, after enough queries, possibly the model: see model
 * extraction). Immutable and thread safe; the weights are copied.
 */
public final class EncryptedLogisticScoring {
    private final double[][] weights;
    private final double[] bias;
    private final int weightExponent;

    /**
     * @param weights {@code [classes][features]}, finite, at least one class and one feature, rows of equal length
     * @param bias {@code [classes]}, finite
     * @param weightExponent base-16 exponent for weights and bias, e.g. {@code -8} (step {@code 2^-32})
     */
    public EncryptedLogisticScoring(double[][] weights, double[] bias, int weightExponent) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(bias, "bias");
        if (weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("weights must be [classes >= 1][features >= 1]. Provided: [" + weights.length + "]["
                    + (weights.length == 0 ? 0 : weights[0].length) + "]");
        }
        if (bias.length != weights.length) {
            throw new IllegalArgumentException("bias must have one entry per class: " + weights.length + ". Provided: " + bias.length);
        }
        this.weights = new double[weights.length][];
        for (int c = 0; c < weights.length; c++) {
            if (weights[c].length != weights[0].length) {
                throw new IllegalArgumentException("weights rows must have equal length: row 0 has " + weights[0].length + ", row "
                        + c + " has " + weights[c].length);
            }
            for (int i = 0; i < weights[c].length; i++) {
                if (!Double.isFinite(weights[c][i])) {
                    throw new IllegalArgumentException("weights[" + c + "][" + i + "] must be finite. Provided value: " + weights[c][i]);
                }
            }
            this.weights[c] = weights[c].clone();
        }
        for (int c = 0; c < bias.length; c++) {
            if (!Double.isFinite(bias[c])) {
                throw new IllegalArgumentException("bias[" + c + "] must be finite. Provided value: " + bias[c]);
            }
        }
        this.bias = bias.clone();
        this.weightExponent = weightExponent;
    }

    /** A binary model: one logit {@code w . x + b}; probability of the positive class is its sigmoid. */
    public static EncryptedLogisticScoring binary(double[] weights, double bias, int weightExponent) {
        return new EncryptedLogisticScoring(new double[][] {weights}, new double[] {bias}, weightExponent);
    }

    /** Number of input features. */
    public int features() {
        return weights[0].length;
    }

    /** Number of logits returned. */
    public int outputs() {
        return weights.length;
    }

    /**
     * Server: the encrypted logits {@code W x + b}, each rerandomised with fresh full randomness so
     * that the client learns nothing about the weights beyond the logits.
     *
     * @throws IllegalArgumentException if the feature count differs
     */
    public EncryptedNumber[] score(EncryptedVector features) {
        if (features.size() != features()) {
            throw new IllegalArgumentException("model expects " + features() + " features. Provided: " + features.size());
        }
        EncryptedNumber[] out = new EncryptedNumber[weights.length];
        PaillierPublicKey key = features.key();
        for (int c = 0; c < weights.length; c++) {
            EncryptedNumber dot = features.dot(weights[c], weightExponent);
            EncodedNumber b = EncodedNumber.encodeWithExponent(key, bias[c], weightExponent);
            out[c] = dot.add(b).rerandomize();
        }
        return out;
    }

    /** Client: the decrypted logits. */
    public static double[] logits(PaillierPrivateKey privateKey, EncryptedNumber[] encryptedLogits) {
        double[] z = new double[encryptedLogits.length];
        for (int c = 0; c < z.length; c++) {
            z[c] = privateKey.decryptDouble(encryptedLogits[c]);
        }
        return z;
    }

    /**
     * Client: class probabilities; one logit gives {@code [1 - sigmoid(z), sigmoid(z)]}, several give
     * their softmax.
     */
    public static double[] probabilities(PaillierPrivateKey privateKey, EncryptedNumber[] encryptedLogits) {
        double[] z = logits(privateKey, encryptedLogits);
        if (z.length == 1) {
            double s = 1.0 / (1.0 + Math.exp(-z[0]));
            return new double[] {1 - s, s};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }
}

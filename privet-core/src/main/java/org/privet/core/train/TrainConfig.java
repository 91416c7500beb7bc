package org.privet.core.train;

import java.util.Locale;

/**
 * Hyperparameters of a training run. A config that exists is valid.
 *
 * @param optimizer    "sgd" or "adam" (case-insensitive; stored lower case)
 * @param learningRate &gt; 0 and finite
 * @param epochs       &gt;= 1
 * @param batchSize    &gt;= 1 (the last batch of an epoch may be smaller)
 * @param momentum     SGD momentum in [0, 1); for Adam it must be 0 (Adam uses its own betas)
 * @param weightDecay  L2 coefficient (decoupled for Adam), &gt;= 0 and finite
 * @param seed         seeds shuffling ({@code Rng.of(seed).child("shuffle")})
 */
public record TrainConfig(String optimizer, float learningRate, int epochs, int batchSize, float momentum,
        float weightDecay, long seed) {

    public TrainConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be \"sgd\" or \"adam\". Provided value: null");
        }
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
            throw new IllegalArgumentException("optimizer must be \"sgd\" or \"adam\". Provided value: " + optimizer);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite. Provided value: " + learningRate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1. Provided value: " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1. Provided value: " + batchSize);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1). Provided value: " + momentum);
        }
        if (optimizer.equals("adam") && momentum != 0f) {
            throw new IllegalArgumentException("momentum must be 0 with adam (it uses beta1 = 0.9). Provided value: "
                    + momentum);
        }
        if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite. Provided value: " + weightDecay);
        }
    }

    /** SGD with momentum 0.9, no weight decay. */
    public static TrainConfig sgd(float learningRate, int epochs, int batchSize, long seed) {
        return new TrainConfig("sgd", learningRate, epochs, batchSize, 0.9f, 0f, seed);
    }

    /** Adam, no weight decay. */
    public static TrainConfig adam(float learningRate, int epochs, int batchSize, long seed) {
        return new TrainConfig("adam", learningRate, epochs, batchSize, 0f, 0f, seed);
    }
}

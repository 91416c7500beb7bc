package org.privet.core.train;

/**
 * Per-epoch training curves. Arrays have one entry per epoch; validation arrays are empty when
 * no validation set was given. Losses are mean cross-entropy (nats); accuracies in [0, 1]. The
 * training figures are averaged over the epoch's mini-batches as they were trained (weights
 * change during the epoch).
 */
public record TrainHistory(float[] loss, float[] accuracy, float[] validationLoss, float[] validationAccuracy) {

    public TrainHistory {
        loss = loss.clone();
        accuracy = accuracy.clone();
        validationLoss = validationLoss.clone();
        validationAccuracy = validationAccuracy.clone();
    }

    @Override
    public float[] loss() {
        return loss.clone();
    }

    @Override
    public float[] accuracy() {
        return accuracy.clone();
    }

    @Override
    public float[] validationLoss() {
        return validationLoss.clone();
    }

    @Override
    public float[] validationAccuracy() {
        return validationAccuracy.clone();
    }

    public int epochs() {
        return loss.length;
    }

    public float finalLoss() {
        return loss[loss.length - 1];
    }

    public float finalAccuracy() {
        return accuracy[accuracy.length - 1];
    }
}

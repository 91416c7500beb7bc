package org.privet.dp.sgd;

/**
 * Per-epoch curves of a DP-SGD run; every array has one entry per epoch (validation arrays are empty
 * without a validation set). {@code loss} is the mean per-example cross-entropy (nats) over the
 * examples sampled during the epoch; {@code accuracy} is measured on the whole training set in
 * evaluation mode at the end of the epoch. These training-data statistics are <b>not</b> covered by the
 * privacy guarantee (they are for the operator; do not publish them). {@code epsilonRdp[e]} and
 * {@code epsilonPld[e]} are the epsilon spent after epoch e at the run's delta ({@code +Infinity} without
 * noise; {@code epsilonPld} is NaN for epochs where the PLD accountant was not run). {@code clipNorm[e]}
 * is the clip norm at the end of epoch e; {@code meanBatchSize[e]} the mean Poisson batch size.
 */
public record DpTrainHistory(float[] loss, float[] accuracy, float[] validationLoss, float[] validationAccuracy,
        double[] epsilonRdp, double[] epsilonPld, float[] clipNorm, double[] meanBatchSize) {

    public DpTrainHistory {
        loss = loss.clone();
        accuracy = accuracy.clone();
        validationLoss = validationLoss.clone();
        validationAccuracy = validationAccuracy.clone();
        epsilonRdp = epsilonRdp.clone();
        epsilonPld = epsilonPld.clone();
        clipNorm = clipNorm.clone();
        meanBatchSize = meanBatchSize.clone();
        int e = loss.length;
        if (accuracy.length != e || epsilonRdp.length != e || epsilonPld.length != e || clipNorm.length != e
                || meanBatchSize.length != e || (validationLoss.length != 0 && validationLoss.length != e)
                || validationAccuracy.length != validationLoss.length) {
            throw new IllegalArgumentException("DP train history: every array needs one entry per epoch (" + e + ")");
        }
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

    @Override
    public double[] epsilonRdp() {
        return epsilonRdp.clone();
    }

    @Override
    public double[] epsilonPld() {
        return epsilonPld.clone();
    }

    @Override
    public float[] clipNorm() {
        return clipNorm.clone();
    }

    @Override
    public double[] meanBatchSize() {
        return meanBatchSize.clone();
    }

    public int epochs() {
        return loss.length;
    }

    public float finalAccuracy() {
        return accuracy[accuracy.length - 1];
    }
}

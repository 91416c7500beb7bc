package org.privet.mpc.inference;

/** What the data owner learns from a private inference, chosen by the model owner. */
public enum InferenceOutput {
    /** The output layer's values (logits) of each row. */
    LOGITS,
    /**
     * Class probabilities of each row: {@code sigmoid(logit)} for a one-output model (binary logistic
     * regression), the softmax of the logits otherwise (both by the approximations of {@code
     * org.privet.mpc.approx.Approximations}).
     */
    PROBABILITY,
    /** Only the predicted class of each row (argmax of the logits; for one output, {@code logit >= 0}). */
    LABEL
}

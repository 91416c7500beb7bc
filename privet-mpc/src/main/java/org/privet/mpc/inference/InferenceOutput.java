package org.privet.mpc.inference;

/** What the data owner learns from a private inference, chosen by the model owner. */
public enum InferenceOutput {
    /** The output layer's values (logits) of each row. */
    LOGITS,
    /** {@code sigmoid(logit)} of each row; only for one-output models (binary logistic regression). */
    PROBABILITY,
    /** Only the predicted class of each row (argmax of the logits; for one output, {@code logit >= 0}). */
    LABEL
}

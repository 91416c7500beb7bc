package org.privet.mpc.inference;

/**
 * What the data owner receives: for {@link InferenceOutput#LABEL} the class of each row in {@code labels}
 * ({@code scores} is null); otherwise {@code scores[row][output]} ({@code labels} is null).
 */
public record Prediction(InferenceOutput output, double[][] scores, int[] labels) {
}

/**
 * Scores of models trained anywhere, read from files: {@link org.privet.onnx.scores.ImportedScores}
 * (per-record logits, probabilities, losses or confidences, labels, membership, and reference-model
 * scores with their keep matrix) and a numpy {@code .npy} reader, {@link org.privet.onnx.scores.Npy}.
 * The membership attacks run on these without the model itself ({@code privet audit --scores}).
 */
package org.privet.onnx.scores;

package org.privet.attacks.reconstruct;

import org.privet.core.tensor.Tensor;

/**
 * What a reconstruction attack produced, with how it was made.
 *
 * @param method     the attack, e.g. {@code "inverting-gradients"}, {@code "dlg"}, {@code "analytic"},
 *                   {@code "imprint"}
 * @param images     reconstructed examples, shape {@code [N, ...]} in the model's input layout (e.g. NCHW
 *                   images, pixels in the attack's box); order is arbitrary relative to the client's batch
 * @param labels     recovered labels, N entries, or null when the attack recovers none
 * @param objective  the attack's final objective (gradient-matching loss; 0 for closed-form attacks)
 * @param iterations optimiser iterations per restart (0 for closed-form attacks)
 * @param restarts   number of restarts run (the best is kept)
 * @param settings   the attack's settings, printable
 * @param seed       seed of the experiment generator used for initialisation (0 for closed-form attacks)
 */
public record ReconstructionResult(String method, Tensor images, int[] labels, double objective, int iterations,
                                   int restarts, String settings, long seed) {
    public ReconstructionResult {
        if (method == null || images == null || settings == null) {
            throw new IllegalArgumentException("method, images and settings must not be null");
        }
        if (images.rank() < 2) {
            throw new IllegalArgumentException("images must be [N, ...], got " + images.shapeString());
        }
        if (labels != null && labels.length != images.dim(0)) {
            throw new IllegalArgumentException(labels.length + " labels for " + images.dim(0) + " images");
        }
        labels = labels == null ? null : labels.clone();
    }

    /** Number of reconstructed examples. */
    public int count() {
        return images.dim(0);
    }

    /** Example {@code i} as a copy, shape {@code [1, ...]}. */
    public Tensor image(int i) {
        return images.sliceRows(i, i + 1);
    }

    /** The labels (a copy), or null. */
    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }
}

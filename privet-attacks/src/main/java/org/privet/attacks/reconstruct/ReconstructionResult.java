package org.privet.attacks.reconstruct;

import org.privet.core.tensor.Tensor;

/**
 * What a reconstruction attack produced, with how it was made.
 *
 * @param method     the attack, e.g. {@code "inverting-gradients"}, {@code "dlg"}, {@code "analytic"},
 *                   {@code "imprint"}
 * @param images     reconstructed examples, shape {@code [N, ...]} in the model's input layout (e.g. NCHW
 *                   images, pixels in the attack's box); order is arbitrary relative to the client's batch;
 *                   the live tensor (not copied): treat as read only
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

    /**
     * The images tiled into one picture for reports: {@code [C, rows*H + (rows-1), cols*W + (cols-1)]} with
     * a one-pixel separator of value {@code separator}, row-major in result order, clamped to {@code [lo, hi]}.
     * Needs images of shape {@code [N, C, H, W]}.
     *
     * @param columns images per row, >= 1
     */
    public Tensor grid(int columns, float lo, float hi, float separator) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("grid needs images [N, C, H, W], got " + images.shapeString());
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1. Provided value: " + columns);
        }
        int n = images.dim(0);
        int c = images.dim(1);
        int h = images.dim(2);
        int w = images.dim(3);
        int cols = Math.min(columns, Math.max(1, n));
        int rows = Math.max(1, (n + cols - 1) / cols);
        int gh = rows * h + rows - 1;
        int gw = cols * w + cols - 1;
        float[] out = new float[c * gh * gw];
        java.util.Arrays.fill(out, separator);
        float[] src = images.data();
        for (int i = 0; i < n; i++) {
            int r0 = (i / cols) * (h + 1);
            int c0 = (i % cols) * (w + 1);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = src[((i * c + ch) * h + y) * w + x];
                        out[(ch * gh + r0 + y) * gw + c0 + x] = v < lo ? lo : (v > hi ? hi : v);
                    }
                }
            }
        }
        return Tensor.wrap(out, c, gh, gw);
    }

    /** The labels (a copy), or null. */
    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }
}

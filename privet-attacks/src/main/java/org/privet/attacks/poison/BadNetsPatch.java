package org.privet.attacks.poison;

import java.util.Locale;

/**
 * The BadNets trigger (Gu, Dolan-Gavitt, Garg 2017): a {@code size x size} square of constant value in
 * the bottom-right corner of every channel of a {@code [C, H, W]} (or {@code [H, W]}) image. For a flat
 * example {@code [d]} (tabular data) the last {@code size} features are set. Immutable, thread-safe.
 */
public final class BadNetsPatch implements Trigger {
    private final int size;
    private final float value;

    /**
     * @param size  side of the square (features for flat examples), &gt;= 1
     * @param value the patch's pixel value, finite (1 = white for images in [0, 1])
     */
    public BadNetsPatch(int size, float value) {
        if (size < 1) {
            throw new IllegalArgumentException("patch size must be >= 1. Provided value: " + size);
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("patch value must be finite. Provided value: " + value);
        }
        this.size = size;
        this.value = value;
    }

    @Override
    public void stamp(float[] data, int offset, int[] shape) {
        if (shape.length == 1) {
            if (size > shape[0]) {
                throw new IllegalArgumentException("patch of " + size + " features does not fit examples of "
                        + shape[0] + " features");
            }
            for (int j = shape[0] - size; j < shape[0]; j++) {
                data[offset + j] = value;
            }
            return;
        }
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        if (size > h || size > w) {
            throw new IllegalArgumentException("patch " + size + "x" + size + " does not fit images " + h + "x" + w);
        }
        int planes = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            planes *= shape[i];
        }
        for (int c = 0; c < planes; c++) {
            int base = offset + c * h * w;
            for (int r = h - size; r < h; r++) {
                for (int col = w - size; col < w; col++) {
                    data[base + r * w + col] = value;
                }
            }
        }
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "badnets(%dx%d=%g)", size, size, value);
    }
}

package org.privet.report;

import org.privet.core.tensor.Tensor;

/**
 * A grayscale or RGB image from float values, for an {@link ImageGrid}.
 *
 * <p>Pixels are channel-major ({@code [C, H, W]}, C = 1 or 3) with values in {@code [0, range]};
 * values outside are clamped when drawn, NaN is drawn as 0 (black). The pixels are copied.
 *
 * @param pixels {@code channels * height * width} values
 * @param channels 1 (gray) or 3 (RGB)
 * @param height in [1, 4096]
 * @param width in [1, 4096]
 * @param range the value drawn as white, &gt; 0 and finite (1 for [0, 1] data, 255 for bytes)
 * @param caption text under the image (e.g. "PSNR 21.3 dB"); empty for none
 */
public record GridImage(float[] pixels, int channels, int height, int width, double range, String caption) {
    /** Validates and copies. */
    public GridImage {
        Checks.notNull("image pixels", pixels);
        Checks.notNull("image caption", caption);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image channels must be 1 or 3. Provided value: " + channels);
        }
        if (height < 1 || height > 4096 || width < 1 || width > 4096) {
            throw new IllegalArgumentException("image height and width must be in [1, 4096]. Provided: "
                    + height + " x " + width);
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("image needs channels*height*width = " + (channels * height * width)
                    + " values. Provided: " + pixels.length);
        }
        if (!(range > 0 && Double.isFinite(range))) {
            throw new IllegalArgumentException("image range must be > 0 and finite. Provided value: " + range);
        }
        pixels = pixels.clone();
    }

    /** A grayscale image from row-major {@code [H, W]} values in [0, range]. */
    public static GridImage gray(float[] pixels, int height, int width, double range) {
        return new GridImage(pixels, 1, height, width, range, "");
    }

    /** An RGB image from channel-major {@code [3, H, W]} values in [0, range]. */
    public static GridImage rgb(float[] pixels, int height, int width, double range) {
        return new GridImage(pixels, 3, height, width, range, "");
    }

    /** An image from a tensor of shape {@code [H, W]}, {@code [1, H, W]} or {@code [3, H, W]}. */
    public static GridImage of(Tensor image, double range) {
        Checks.notNull("image", image);
        int[] s = image.shape();
        if (s.length == 2) {
            return new GridImage(image.data(), 1, s[0], s[1], range, "");
        }
        if (s.length == 3 && (s[0] == 1 || s[0] == 3)) {
            return new GridImage(image.data(), s[0], s[1], s[2], range, "");
        }
        throw new IllegalArgumentException("image tensor must have shape [H, W], [1, H, W] or [3, H, W]. Provided: "
                + image.shapeString());
    }

    /** This image with a caption. */
    public GridImage withCaption(String newCaption) {
        return new GridImage(pixels, channels, height, width, range, newCaption);
    }

    /** A copy of the pixels. */
    @Override
    public float[] pixels() {
        return pixels.clone();
    }

    /** The pixel array itself, for the renderer (not exposed). */
    float[] pixelsNoCopy() {
        return pixels;
    }
}

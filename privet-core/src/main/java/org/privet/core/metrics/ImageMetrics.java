package org.privet.core.metrics;

import org.privet.core.tensor.Tensor;

/**
 * Image similarity for reconstructions: PSNR and SSIM.
 *
 * <p>Images are float arrays with values meant to lie in {@code [0, dataRange]} (e.g. 1 for pixels
 * scaled to [0, 1], 255 for bytes). Values outside that range are used as they are (clamp first if
 * the attack's output is unconstrained); NaN and infinite values are rejected. Layout is
 * channel-major {@code [C, H, W]} (a {@link Tensor} of shape {@code [H, W]}, {@code [C, H, W]} or
 * {@code [N, C, H, W]}). All arithmetic is in double precision.
 *
 * <p><b>SSIM</b> follows Wang, Bovik, Sheikh and Simoncelli (2004) and their reference MATLAB code:
 * an 11x11 Gaussian window with sigma 1.5 (weights normalised to sum 1), {@code K1 = 0.01},
 * {@code K2 = 0.03}, {@code C1 = (K1 L)^2}, {@code C2 = (K2 L)^2} with {@code L = dataRange},
 * local statistics with the window weights ({@code sigma^2 = E_w[x^2] - mu^2}), and the SSIM map
 * averaged over the valid positions (window fully inside the image, no padding) and over channels
 * (and images). Images must be at least 11x11. This matches scikit-image's
 * {@code structural_similarity(..., gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=L)}.
 *
 * <p>Stateless and thread safe.
 */
public final class ImageMetrics {
    /** SSIM window side. */
    public static final int SSIM_WINDOW = 11;
    /** SSIM Gaussian sigma, in pixels. */
    public static final double SSIM_SIGMA = 1.5;
    /** SSIM luminance constant factor. */
    public static final double SSIM_K1 = 0.01;
    /** SSIM contrast constant factor. */
    public static final double SSIM_K2 = 0.03;

    private static final double[] GAUSS = gaussianWindow();

    private ImageMetrics() {
    }

    /**
     * Peak signal-to-noise ratio {@code 10 log10(dataRange^2 / MSE)} in decibels; {@code +Infinity}
     * for identical images.
     *
     * @param a image values, not empty
     * @param b image values, same length
     * @param dataRange L, &gt; 0 and finite
     */
    public static double psnr(float[] a, float[] b, double dataRange) {
        checkRange(dataRange);
        MetricChecks.checkSameLength("ImageMetrics.psnr", "a", a.length, "b", b.length);
        if (a.length == 0) {
            throw new IllegalArgumentException("ImageMetrics.psnr: images must not be empty");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        if (!Double.isFinite(sum)) {
            throw new IllegalArgumentException("ImageMetrics.psnr: images must be finite (NaN or infinity found)");
        }
        double mse = sum / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10.0 * Math.log10(dataRange * dataRange / mse);
    }

    /** PSNR of two tensors of the same shape; see {@link #psnr(float[], float[], double)}. */
    public static double psnr(Tensor a, Tensor b, double dataRange) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("ImageMetrics.psnr: shapes differ: " + a.shapeString()
                    + " vs " + b.shapeString());
        }
        return psnr(a.data(), b.data(), dataRange);
    }

    /**
     * Mean SSIM of two tensors of the same shape {@code [H, W]}, {@code [C, H, W]} or
     * {@code [N, C, H, W]}, averaged over valid positions, channels and images.
     */
    public static double ssim(Tensor x, Tensor y, double dataRange) {
        if (!x.sameShape(y)) {
            throw new IllegalArgumentException("ImageMetrics.ssim: shapes differ: " + x.shapeString()
                    + " vs " + y.shapeString());
        }
        int r = x.rank();
        if (r < 2 || r > 4) {
            throw new IllegalArgumentException("ImageMetrics.ssim: shape must be [H, W], [C, H, W] or"
                    + " [N, C, H, W]. Provided: " + x.shapeString());
        }
        int h = x.dim(r - 2);
        int w = x.dim(r - 1);
        int planes = x.size() / (h * w);
        return ssim(x.data(), y.data(), planes, h, w, dataRange);
    }

    /**
     * Mean SSIM of two channel-major images (or stacks of planes).
     *
     * @param x {@code channels * height * width} values
     * @param y same layout
     * @param channels number of planes, at least 1
     * @param height at least 11
     * @param width at least 11
     * @param dataRange L, &gt; 0 and finite
     */
    public static double ssim(float[] x, float[] y, int channels, int height, int width, double dataRange) {
        checkRange(dataRange);
        if (channels < 1 || height < SSIM_WINDOW || width < SSIM_WINDOW) {
            throw new IllegalArgumentException("ImageMetrics.ssim: need channels >= 1 and height, width >= "
                    + SSIM_WINDOW + " (the window). Provided: channels=" + channels + ", height=" + height
                    + ", width=" + width);
        }
        long expected = (long) channels * height * width;
        if (x.length != expected || y.length != expected) {
            throw new IllegalArgumentException("ImageMetrics.ssim: images must have channels*height*width = "
                    + expected + " values. Provided lengths: " + x.length + ", " + y.length);
        }
        double c1 = SSIM_K1 * dataRange * (SSIM_K1 * dataRange);
        double c2 = SSIM_K2 * dataRange * (SSIM_K2 * dataRange);
        int ow = width - SSIM_WINDOW + 1;
        int oh = height - SSIM_WINDOW + 1;
        int hsize = height * ow;
        // horizontal pass results: E_w over a row segment of x, y, x^2, y^2, xy
        double[] hx = new double[hsize];
        double[] hy = new double[hsize];
        double[] hxx = new double[hsize];
        double[] hyy = new double[hsize];
        double[] hxy = new double[hsize];
        double total = 0;
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int i = 0; i < height; i++) {
                int row = plane + i * width;
                for (int j = 0; j < ow; j++) {
                    double sx = 0;
                    double sy = 0;
                    double sxx = 0;
                    double syy = 0;
                    double sxy = 0;
                    for (int t = 0; t < SSIM_WINDOW; t++) {
                        double g = GAUSS[t];
                        double a = x[row + j + t];
                        double b = y[row + j + t];
                        sx += g * a;
                        sy += g * b;
                        sxx += g * a * a;
                        syy += g * b * b;
                        sxy += g * a * b;
                    }
                    int o = i * ow + j;
                    hx[o] = sx;
                    hy[o] = sy;
                    hxx[o] = sxx;
                    hyy[o] = syy;
                    hxy[o] = sxy;
                }
            }
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double mx = 0;
                    double my = 0;
                    double exx = 0;
                    double eyy = 0;
                    double exy = 0;
                    for (int t = 0; t < SSIM_WINDOW; t++) {
                        double g = GAUSS[t];
                        int o = (i + t) * ow + j;
                        mx += g * hx[o];
                        my += g * hy[o];
                        exx += g * hxx[o];
                        eyy += g * hyy[o];
                        exy += g * hxy[o];
                    }
                    double vx = exx - mx * mx;
                    double vy = eyy - my * my;
                    double cxy = exy - mx * my;
                    total += ((2 * mx * my + c1) * (2 * cxy + c2))
                            / ((mx * mx + my * my + c1) * (vx + vy + c2));
                }
            }
        }
        double mean = total / ((double) channels * oh * ow);
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("ImageMetrics.ssim: images must be finite (NaN or infinity found)");
        }
        return mean;
    }

    /** The normalised 1-D Gaussian of side 11, sigma 1.5 (the 2-D window is its outer product). */
    static double[] gaussianWindow() {
        double[] g = new double[SSIM_WINDOW];
        int r = SSIM_WINDOW / 2;
        double sum = 0;
        for (int t = 0; t < SSIM_WINDOW; t++) {
            double d = t - r;
            g[t] = Math.exp(-d * d / (2 * SSIM_SIGMA * SSIM_SIGMA));
            sum += g[t];
        }
        for (int t = 0; t < SSIM_WINDOW; t++) {
            g[t] /= sum;
        }
        return g;
    }

    private static void checkRange(double dataRange) {
        if (!(dataRange > 0 && Double.isFinite(dataRange))) {
            throw new IllegalArgumentException("dataRange must be > 0 and finite. Provided value: " + dataRange);
        }
    }
}

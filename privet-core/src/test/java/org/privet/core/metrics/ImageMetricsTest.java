package org.privet.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class ImageMetricsTest {

    @Test
    void psnrKnownValues() {
        float[] a = new float[16];
        float[] b = new float[16];
        java.util.Arrays.fill(b, 0.25f); // MSE = 1/16 -> 10 log10(16) dB
        assertThat(ImageMetrics.psnr(a, b, 1.0)).isCloseTo(10 * Math.log10(16), within(1e-12));
        assertThat(ImageMetrics.psnr(a, b, 1.0)).isCloseTo(12.041199826559248, within(1e-12));
        // range 255, one pixel of four off by 255: MSE = 255^2 / 4 -> 10 log10(4)
        float[] c = {0, 0, 0, 0};
        float[] d = {255, 0, 0, 0};
        assertThat(ImageMetrics.psnr(c, d, 255)).isCloseTo(6.020599913279624, within(1e-12));
        assertThat(ImageMetrics.psnr(a, a, 1.0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        Tensor x = Tensor.uniform(Rng.of(1), 0, 1, 3, 16, 20);
        assertThat(ImageMetrics.ssim(x, x, 1.0)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void ssimOfConstantImagesIsTheLuminanceTerm() {
        // both images flat: sigma = 0, so SSIM = (2ab + C1) / (a^2 + b^2 + C1) at every position
        float[] x = new float[12 * 13];
        float[] y = new float[12 * 13];
        java.util.Arrays.fill(x, 0.2f);
        java.util.Arrays.fill(y, 0.6f);
        double a = 0.2f;
        double b = 0.6f;
        double c1 = 0.01 * 0.01;
        double expected = (2 * a * b + c1) / (a * a + b * b + c1);
        assertThat(ImageMetrics.ssim(x, y, 1, 12, 13, 1.0)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void ssimMatchesBruteForceTwoDimensionalWindow() {
        Rng rng = Rng.of(5);
        int c = 2;
        int h = 17;
        int w = 14;
        float[] x = new float[c * h * w];
        float[] y = new float[c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
            y[i] = Math.min(1f, Math.max(0f, x[i] + 0.2f * (float) rng.nextGaussian()));
        }
        double expected = bruteForceSsim(x, y, c, h, w, 1.0);
        double got = ImageMetrics.ssim(x, y, c, h, w, 1.0);
        assertThat(got).isCloseTo(expected, within(1e-12));
        assertThat(got).isBetween(0.1, 0.99); // a noisy copy: clearly similar, clearly not identical
        assertThat(ImageMetrics.ssim(y, x, c, h, w, 1.0)).isCloseTo(got, within(1e-12)); // symmetric
        // the same images scaled to [0, 255] with data range 255 give the same SSIM
        float[] x255 = new float[x.length];
        float[] y255 = new float[y.length];
        for (int i = 0; i < x.length; i++) {
            x255[i] = x[i] * 255;
            y255[i] = y[i] * 255;
        }
        assertThat(ImageMetrics.ssim(x255, y255, c, h, w, 255)).isCloseTo(got, within(1e-5));
    }

    /** Direct per-position 11x11 window (no separability), straight from Wang et al. 2004, eq. 13-16. */
    private static double bruteForceSsim(float[] x, float[] y, int c, int h, int w, double range) {
        double[][] win = new double[11][11];
        double sum = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                win[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
                sum += win[i][j];
            }
        }
        double c1 = Math.pow(0.01 * range, 2);
        double c2 = Math.pow(0.03 * range, 2);
        double total = 0;
        int count = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i + 11 <= h; i++) {
                for (int j = 0; j + 11 <= w; j++) {
                    double mx = 0;
                    double my = 0;
                    for (int u = 0; u < 11; u++) {
                        for (int v = 0; v < 11; v++) {
                            int o = ch * h * w + (i + u) * w + j + v;
                            mx += win[u][v] / sum * x[o];
                            my += win[u][v] / sum * y[o];
                        }
                    }
                    double vx = 0;
                    double vy = 0;
                    double cxy = 0;
                    for (int u = 0; u < 11; u++) {
                        for (int v = 0; v < 11; v++) {
                            int o = ch * h * w + (i + u) * w + j + v;
                            double g = win[u][v] / sum;
                            vx += g * (x[o] - mx) * (x[o] - mx);
                            vy += g * (y[o] - my) * (y[o] - my);
                            cxy += g * (x[o] - mx) * (y[o] - my);
                        }
                    }
                    total += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    count++;
                }
            }
        }
        return total / count;
    }

    @Test
    void tensorShapesAndErrors() {
        Tensor x = Tensor.uniform(Rng.of(2), 0, 1, 2, 1, 12, 12);
        Tensor y = Tensor.uniform(Rng.of(3), 0, 1, 2, 1, 12, 12);
        assertThat(ImageMetrics.ssim(x, y, 1.0))
                .isCloseTo(ImageMetrics.ssim(x.data(), y.data(), 2, 12, 12, 1.0), within(0.0));
        assertThatThrownBy(() -> ImageMetrics.ssim(new float[100], new float[100], 1, 10, 10, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("height=10");
        assertThatThrownBy(() -> ImageMetrics.psnr(new float[3], new float[4], 1.0)).hasMessageContaining("3 != 4");
        assertThatThrownBy(() -> ImageMetrics.psnr(new float[3], new float[3], 0))
                .hasMessageContaining("dataRange must be > 0 and finite. Provided value: 0.0");
        assertThatThrownBy(() -> ImageMetrics.ssim(x, Tensor.zeros(2, 1, 12, 13), 1.0)).hasMessageContaining("shapes differ");
    }
}

package org.privet.dp.sgd;

/**
 * Quantile-based adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy, "Differentially Private
 * Learning with Adaptive Clipping", NeurIPS 2021, Algorithm 1 with geometric updates).
 *
 * <p>Each step releases a noisy count of the sampled examples whose gradient norm is at most the
 * current clip norm C: {@code b = (sum_i (1[||g_i|| <= C] - 1/2) + N(0, sigma_b^2)) / m + 1/2} with
 * {@code m} the expected batch size (centring makes the count's sensitivity 1/2), and then updates
 * {@code C <- C exp(-eta (b - gamma))}, moving C toward the {@code gamma}-quantile of the norms. The
 * count and the gradient sum together are one Gaussian mechanism: with overall noise multiplier
 * {@code z} the gradient sum gets {@code z_grad = (z^-2 - (2 sigma_b)^-2)^-1/2} (paper, Theorem 1), so
 * the accountant records {@code z} and nothing else changes. A record that exists is valid.
 *
 * @param targetQuantile       gamma in (0, 1); the paper uses 0.5
 * @param learningRate         eta &gt; 0 and finite; the paper uses 0.2
 * @param countNoiseStdDev     sigma_b &gt; 0 and finite, in counts; the paper uses m / 20. Must exceed
 *                             z / 2 so that z_grad is finite (checked when training starts).
 * @param initialClipNorm      starting C &gt; 0 and finite
 */
public record AdaptiveClipping(double targetQuantile, double learningRate, double countNoiseStdDev,
        float initialClipNorm) {

    public AdaptiveClipping {
        if (!(targetQuantile > 0 && targetQuantile < 1)) {
            throw new IllegalArgumentException("adaptive clipping: target quantile must be in (0, 1). Provided value: "
                    + targetQuantile);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("adaptive clipping: learning rate must be > 0 and finite. Provided value: "
                    + learningRate);
        }
        if (!(countNoiseStdDev > 0) || Double.isInfinite(countNoiseStdDev)) {
            throw new IllegalArgumentException("adaptive clipping: count noise std dev must be > 0 and finite."
                    + " Provided value: " + countNoiseStdDev);
        }
        if (!(initialClipNorm > 0) || Float.isInfinite(initialClipNorm)) {
            throw new IllegalArgumentException("adaptive clipping: initial clip norm must be > 0 and finite."
                    + " Provided value: " + initialClipNorm);
        }
    }

    /** The paper's defaults: median, eta = 0.2, sigma_b = expectedBatchSize / 20. */
    public static AdaptiveClipping paperDefaults(double expectedBatchSize, float initialClipNorm) {
        return new AdaptiveClipping(0.5, 0.2, expectedBatchSize / 20.0, initialClipNorm);
    }

    /**
     * The gradient's noise multiplier for overall multiplier {@code z}.
     *
     * @throws IllegalArgumentException when {@code 2 sigma_b <= z} (the count would need all the noise)
     */
    public double gradientNoiseMultiplier(double z) {
        double countZ = 2 * countNoiseStdDev;
        if (!(countZ > z)) {
            throw new IllegalArgumentException("adaptive clipping: count noise std dev must be > noise multiplier / 2"
                    + " (paper, Theorem 1). Provided: sigma_b=" + countNoiseStdDev + ", noise multiplier=" + z);
        }
        return 1.0 / Math.sqrt(1.0 / (z * z) - 1.0 / (countZ * countZ));
    }
}

package org.privet.dp.sgd;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.PerExampleGradients;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Optimizer;
import org.privet.core.tensor.Tensor;

/**
 * One DP-SGD update on a given (Poisson-sampled) batch, the building block of {@link DpSgd}:
 *
 * <ol>
 *   <li>clip each example's gradient (all parameters together) to L2 norm C and sum
 *       ({@link ClippingMode#GHOST} or {@link ClippingMode#MATERIALISED});</li>
 *   <li>add N(0, z_grad^2 C^2) to every coordinate of the <i>sum</i> ({@link DiscreteGaussianNoise}:
 *       discrete Gaussian on a fine grid; z_grad = z, or the adaptive-clipping share of z);</li>
 *   <li>divide by the <i>expected</i> batch size {@code q n}, not the realised one: the sum of a Poisson
 *       sample divided by its expected size is an unbiased estimate of the mean clipped gradient, and the
 *       divisor does not depend on the data (dividing by the realised size would leak it);</li>
 *   <li>{@link Optimizer#step(List)} with that gradient;</li>
 *   <li>with adaptive clipping, update C from a noisy count of unclipped examples.</li>
 * </ol>
 *
 * <p>The caller samples the batch and records the step in an accountant. An empty batch still takes a
 * step (pure noise), as the analysis requires. Not thread-safe (it updates the network).
 */
public final class DpSgdStepper {
    private final Sequential net;
    private final Optimizer optimizer;
    private final double noiseMultiplier;
    private final double gradientNoiseMultiplier;
    private final double expectedBatchSize;
    private final ClippingMode mode;
    private final AdaptiveClipping adaptive;
    private final DiscreteGaussianNoise noise;
    private final List<Parameter> params;
    private final long dimension;
    private long noiseDraws;
    private float clipNorm;

    /** What one step did (the batch size and losses are not private: for the operator's logs only). */
    public record StepStats(int batchSize, int clippedCount, float clipNormUsed, double lossSum) {
    }

    /**
     * @param net               the network (validated by {@link ModelValidator})
     * @param optimizer         over {@code net.parameters()}, in that order
     * @param clipNorm          C &gt; 0 (initial C with adaptive clipping)
     * @param noiseMultiplier   overall z &gt;= 0 (0: no noise, no privacy)
     * @param expectedBatchSize q n &gt; 0
     * @param mode              clipping mode
     * @param adaptive          quantile clipping, or null
     * @param noiseKeySource    keys the noise: {@code NoiseRandom.secure()} in production
     */
    public DpSgdStepper(Sequential net, Optimizer optimizer, float clipNorm, double noiseMultiplier,
            double expectedBatchSize, ClippingMode mode, AdaptiveClipping adaptive, SecureRandom noiseKeySource) {
        ModelValidator.requireValid(net);
        if (!(clipNorm > 0) || Float.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("DP-SGD: clip norm must be > 0 and finite. Provided value: " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("DP-SGD: noise multiplier must be >= 0 and finite. Provided value: "
                    + noiseMultiplier);
        }
        if (!(expectedBatchSize > 0) || Double.isInfinite(expectedBatchSize)) {
            throw new IllegalArgumentException("DP-SGD: expected batch size must be > 0 and finite. Provided value: "
                    + expectedBatchSize);
        }
        if (mode == null || optimizer == null || noiseKeySource == null) {
            throw new IllegalArgumentException("DP-SGD: mode, optimizer and noise key source must not be null");
        }
        this.net = net;
        this.optimizer = optimizer;
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.adaptive = adaptive;
        this.gradientNoiseMultiplier = adaptive == null || noiseMultiplier == 0 ? noiseMultiplier
                : adaptive.gradientNoiseMultiplier(noiseMultiplier);
        this.expectedBatchSize = expectedBatchSize;
        this.mode = mode;
        this.noise = new DiscreteGaussianNoise(noiseKeySource);
        this.params = net.parameters();
        long d = 0;
        for (Parameter p : params) {
            d += p.value().size();
        }
        this.dimension = d;
        if (d > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("DP-SGD: at most 2^31 - 17 parameters. Provided: " + d);
        }
        if (gradientNoiseMultiplier > 0) {
            DiscreteGaussianNoise.grid(d, gradientNoiseMultiplier, clipNorm); // fails early when no grid fits
        }
    }

    /** The clip norm the next step will use. */
    public float clipNorm() {
        return clipNorm;
    }

    /** The noise multiplier of the gradient sum (z, or its adaptive-clipping share). */
    public double gradientNoiseMultiplier() {
        return gradientNoiseMultiplier;
    }

    /** Number of trainable scalars. */
    public long dimension() {
        return dimension;
    }

    /**
     * Noise draws made so far by this stepper (every coordinate of every noised gradient sum, and each noised
     * count of adaptive clipping): the {@code D} of {@link DiscreteGaussianNoise#samplerDelta}.
     */
    public long noiseDraws() {
        return noiseDraws;
    }

    /**
     * One update from a batch (rows of {@code xb}, labels {@code yb}; {@code yb.length == 0} for an empty
     * Poisson batch, then {@code xb} is ignored and may be null).
     */
    public StepStats step(Tensor xb, int[] yb) {
        float used = clipNorm;
        Privatised p = privatise(xb, yb);
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            optimizer.step(p.gradient);
        }
        if (adaptive != null) {
            updateClipNorm(p.unclipped, yb.length);
        }
        return new StepStats(yb.length, p.clipped, used, p.lossSum);
    }

    /**
     * The privatised gradient of a batch, without updating anything: clipped sum + noise, divided by
     * the expected batch size; one tensor per parameter, in {@code net.parameters()} order.
     */
    public List<Tensor> privatisedGradient(Tensor xb, int[] yb) {
        return privatise(xb, yb).gradient;
    }

    private record Privatised(List<Tensor> gradient, int clipped, int unclipped, double lossSum) {
    }

    private Privatised privatise(Tensor xb, int[] yb) {
        if (yb == null) {
            throw new IllegalArgumentException("DP-SGD: labels must not be null (use an empty array for an empty batch)");
        }
        List<Tensor> sums;
        float[] norms;
        double lossSum = 0;
        int clipped = 0;
        if (yb.length == 0) {
            sums = new ArrayList<>(params.size());
            for (Parameter p : params) {
                sums.add(Tensor.zeros(p.value().shape()));
            }
            norms = new float[0];
        } else if (mode == ClippingMode.GHOST) {
            PerExampleGradients.ClippedSum s = PerExampleGradients.clippedGradientSum(net, xb, yb, clipNorm);
            sums = s.gradientSum();
            norms = s.norms();
            clipped = s.clippedCount();
            for (float l : s.losses()) {
                lossSum += l;
            }
        } else {
            PerExampleGradients.Result r = PerExampleGradients.compute(net, xb, yb);
            norms = materialisedNorms(r.gradients(), yb.length);
            sums = new ArrayList<>(params.size());
            float[] w = new float[yb.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = norms[i] > clipNorm ? clipNorm / norms[i] : 1f;
                if (norms[i] > clipNorm) {
                    clipped++;
                }
            }
            for (Tensor g : r.gradients()) {
                sums.add(weightedRowSum(g, w));
            }
            for (float l : r.losses()) {
                lossSum += l;
            }
        }
        int unclipped = yb.length - clipped;
        // noise on the whole clipped sum at once (the grid's rounding term depends on the full dimension),
        // fused with the division by the expected batch size: one pass over the gradient, no copies
        double inv = 1.0 / expectedBatchSize;
        List<float[]> parts = new ArrayList<>(sums.size());
        for (Tensor t : sums) {
            parts.add(t.data());
        }
        if (gradientNoiseMultiplier > 0) {
            noise.addNoise(parts, gradientNoiseMultiplier, clipNorm, inv);
            noiseDraws += dimension;
        } else {
            float f = (float) inv;
            for (float[] d : parts) {
                for (int j = 0; j < d.length; j++) {
                    d[j] *= f;
                }
            }
        }
        return new Privatised(sums, clipped, unclipped, lossSum);
    }

    private void updateClipNorm(int unclipped, int batch) {
        // centred count: sum_i (1[||g_i|| <= C] - 1/2) has sensitivity 1/2
        double centred = unclipped - 0.5 * batch;
        double noisy = centred;
        if (noiseMultiplier != 0) {
            noisy = noise.addNoise(centred, adaptive.countNoiseStdDev() / 0.5, 0.5);
            noiseDraws++;
        }
        double fraction = noisy / expectedBatchSize + 0.5;
        double next = clipNorm * Math.exp(-adaptive.learningRate() * (fraction - adaptive.targetQuantile()));
        // keep C a positive finite float whatever the noise did
        clipNorm = (float) Math.min(Math.max(next, 1e-30), 1e30);
    }

    static float[] materialisedNorms(List<Tensor> perExample, int b) {
        double[] sq = new double[b];
        for (Tensor g : perExample) {
            float[] d = g.data();
            int row = d.length / b;
            for (int i = 0; i < b; i++) {
                double s = 0;
                for (int j = i * row, e = j + row; j < e; j++) {
                    s += (double) d[j] * d[j];
                }
                sq[i] += s;
            }
        }
        float[] n = new float[b];
        for (int i = 0; i < b; i++) {
            n[i] = (float) Math.sqrt(sq[i]);
        }
        return n;
    }

    private static Tensor weightedRowSum(Tensor g, float[] w) {
        int[] shape = g.shape();
        int[] out = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        float[] d = g.data();
        int row = d.length / w.length;
        float[] r = new float[row];
        for (int i = 0; i < w.length; i++) {
            float wi = w[i];
            for (int j = 0, k = i * row; j < row; j++, k++) {
                r[j] += wi * d[k];
            }
        }
        return Tensor.wrap(r, out);
    }
}

package org.privet.attacks.poison;

import java.util.Locale;
import org.privet.core.rng.Rng;

/**
 * The blended trigger (Chen, Liu, Li, Lu, Song 2017, "blended injection"): {@code x' = (1 - alpha) x +
 * alpha p} with a fixed key pattern {@code p} of uniform [0, 1) values drawn once from a seed. Works for
 * any example shape of the pattern's size. Immutable, thread-safe.
 */
public final class BlendedTrigger implements Trigger {
    private final float[] pattern;
    private final float alpha;
    private final long seed;

    /**
     * @param features size of one example (product of its shape), &gt;= 1
     * @param alpha    blend ratio in (0, 1]; the paper uses 0.2
     * @param seed     seeds the key pattern
     */
    public BlendedTrigger(int features, double alpha, long seed) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1. Provided value: " + features);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("blend alpha must be in (0, 1]. Provided value: " + alpha);
        }
        Rng rng = Rng.of(seed).child("blended-trigger");
        this.pattern = new float[features];
        for (int i = 0; i < features; i++) {
            pattern[i] = rng.nextFloat();
        }
        this.alpha = (float) alpha;
        this.seed = seed;
    }

    @Override
    public void stamp(float[] data, int offset, int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != pattern.length) {
            throw new IllegalArgumentException("blended trigger built for " + pattern.length
                    + " features; example has " + n);
        }
        float keep = 1 - alpha;
        for (int j = 0; j < n; j++) {
            data[offset + j] = keep * data[offset + j] + alpha * pattern[j];
        }
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "blended(alpha=%g, seed=%d)", alpha, seed);
    }
}

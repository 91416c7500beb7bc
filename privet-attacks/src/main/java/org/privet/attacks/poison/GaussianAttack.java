package org.privet.attacks.poison;

import java.util.Locale;
import org.privet.core.rng.Rng;

/**
 * Gaussian Byzantine updates: each attacker sends i.i.d. {@code N(0, sigma^2)} coordinates, ignoring its
 * honest update (Blanchard et al. 2017, the "Gaussian" adversary). Randomness from the context's seeded
 * {@link Rng} (an experiment, not a secret). Immutable, thread-safe.
 */
public final class GaussianAttack implements UpdateAttack {
    private final double sigma;

    /** @param sigma standard deviation of each coordinate, &gt; 0 and finite */
    public GaussianAttack(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("Gaussian attack sigma must be > 0 and finite. Provided value: " + sigma);
        }
        this.sigma = sigma;
    }

    @Override
    public float[][] craft(float[][] honest, PoisonContext ctx) {
        int d = UpdateAttack.checkRows(honest);
        Rng rng = ctx.rng().child("gaussian-attack");
        float[][] out = new float[honest.length][d];
        for (float[] o : out) {
            for (int j = 0; j < d; j++) {
                o[j] = (float) (sigma * rng.nextGaussian());
            }
        }
        return out;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "gaussian(sigma=%g)", sigma);
    }
}

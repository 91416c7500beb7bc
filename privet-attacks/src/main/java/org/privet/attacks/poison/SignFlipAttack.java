package org.privet.attacks.poison;

import java.util.Locale;

/**
 * Sign flipping: each attacker sends {@code -scale} times the update it computed honestly (a classic
 * Byzantine baseline, e.g. Damaskinos et al. 2018; Li et al. 2019 "RSA"). Immutable, thread-safe.
 */
public final class SignFlipAttack implements UpdateAttack {
    private final double scale;

    /** @param scale multiplier of the flipped update, &gt; 0 and finite (1 flips the sign only) */
    public SignFlipAttack(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("sign-flip scale must be > 0 and finite. Provided value: " + scale);
        }
        this.scale = scale;
    }

    @Override
    public float[][] craft(float[][] honest, PoisonContext ctx) {
        int d = UpdateAttack.checkRows(honest);
        float s = (float) -scale;
        float[][] out = new float[honest.length][d];
        for (int i = 0; i < honest.length; i++) {
            float[] h = honest[i];
            float[] o = out[i];
            for (int j = 0; j < d; j++) {
                o[j] = s * h[j];
            }
        }
        return out;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "sign-flip(scale=%g)", scale);
    }
}

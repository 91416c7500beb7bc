package org.privet.attacks.poison;

import java.util.Locale;

/**
 * Inner-product manipulation (Xie, Koyejo, Gupta, "Fall of Empires", UAI 2019): every attacker sends
 * {@code -epsilon} times the mean of the honest updates, so the aggregate's inner product with the true
 * descent direction turns negative while each malicious update stays small. The paper's adversary knows
 * the benign updates; here the mean of the attackers' own honest updates estimates it. Immutable, thread-safe.
 */
public final class IpmAttack implements UpdateAttack {
    private final double epsilon;

    /** @param epsilon scale &gt; 0 and finite; the paper uses 0.1 (evades Krum) and large values (breaks median) */
    public IpmAttack(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("IPM epsilon must be > 0 and finite. Provided value: " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public float[][] craft(float[][] honest, PoisonContext ctx) {
        int d = UpdateAttack.checkRows(honest);
        double[] mean = new double[d];
        for (float[] h : honest) {
            for (int j = 0; j < d; j++) {
                mean[j] += h[j];
            }
        }
        float[] bad = new float[d];
        double s = -epsilon / honest.length;
        for (int j = 0; j < d; j++) {
            bad[j] = (float) (s * mean[j]);
        }
        float[][] out = new float[honest.length][];
        for (int i = 0; i < honest.length; i++) {
            out[i] = bad.clone();
        }
        return out;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "ipm(epsilon=%g)", epsilon);
    }
}

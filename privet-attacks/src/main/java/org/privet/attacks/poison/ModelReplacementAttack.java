package org.privet.attacks.poison;

import java.util.Locale;

/**
 * Model replacement / constrain-and-scale (Bagdasaryan, Veit, Hua, Estrin, Shmatikov, "How To Backdoor
 * Federated Learning", AISTATS 2020, section 4). The attackers train on backdoored data (a {@link
 * Backdoor} data poison); their mean update {@code X - G} is then scaled by {@code gamma = n / (eta m)}
 * per attacker ({@code n} aggregated clients, server learning rate {@code eta}, {@code m} attackers) so
 * that, once the server averages, the global model becomes the backdoored model {@code X} (up to the
 * benign updates, which are small near convergence). With a norm bound {@code S > 0} ("constrain and
 * scale" against norm clipping) the scaled update is shrunk to norm at most {@code S}. The paper's
 * anomaly-loss term belongs to the attackers' training, not to this transform: in privet-fl, give the
 * adversary a local training with a proximal (L2 distance to the global model) term. Immutable, thread-safe.
 */
public final class ModelReplacementAttack implements UpdateAttack {
    private final double boost;
    private final double normBound;

    /** Scales by the paper's {@code gamma = n / (eta m)}, no norm bound. */
    public ModelReplacementAttack() {
        this(Double.NaN, 0);
    }

    /**
     * @param boost     a fixed total scale {@code gamma} (&gt; 0, finite), or NaN for {@code n / eta}; each
     *                  of the {@code m} attackers sends {@code gamma / m} times the attackers' mean update
     * @param normBound {@code S}: 0 for none, else &gt; 0 and finite
     */
    public ModelReplacementAttack(double boost, double normBound) {
        if (!Double.isNaN(boost) && (!(boost > 0) || Double.isInfinite(boost))) {
            throw new IllegalArgumentException("model replacement boost must be > 0 and finite (or NaN for n/eta)."
                    + " Provided value: " + boost);
        }
        if (!(normBound >= 0) || Double.isInfinite(normBound)) {
            throw new IllegalArgumentException("model replacement norm bound must be >= 0 and finite (0 = none)."
                    + " Provided value: " + normBound);
        }
        this.boost = boost;
        this.normBound = normBound;
    }

    @Override
    public float[][] craft(float[][] honest, PoisonContext ctx) {
        int d = UpdateAttack.checkRows(honest);
        int m = honest.length;
        double gamma = Double.isNaN(boost) ? ctx.roundClients() / ctx.serverLearningRate() : boost;
        double scale = gamma / m / m; // mean over attackers, then gamma / m each
        double[] v = new double[d];
        for (float[] h : honest) {
            for (int j = 0; j < d; j++) {
                v[j] += h[j];
            }
        }
        double norm = 0;
        for (int j = 0; j < d; j++) {
            v[j] *= scale;
            norm += v[j] * v[j];
        }
        norm = Math.sqrt(norm);
        double shrink = normBound > 0 && norm > normBound ? normBound / norm : 1;
        float[] bad = new float[d];
        for (int j = 0; j < d; j++) {
            bad[j] = (float) (v[j] * shrink);
        }
        float[][] out = new float[m][];
        for (int i = 0; i < m; i++) {
            out[i] = bad.clone();
        }
        return out;
    }

    @Override
    public String name() {
        String g = Double.isNaN(boost) ? "n/eta" : String.format(Locale.ROOT, "%g", boost);
        return normBound > 0 ? String.format(Locale.ROOT, "model-replacement(gamma=%s, S=%g)", g, normBound)
                : "model-replacement(gamma=" + g + ")";
    }
}

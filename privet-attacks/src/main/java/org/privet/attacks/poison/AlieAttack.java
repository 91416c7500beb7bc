package org.privet.attacks.poison;

import java.util.Locale;

/**
 * "A Little Is Enough" (Baruch, Baruch, Goldberg, NeurIPS 2019, Algorithm 3): every attacker sends
 * {@code mu_j - z sigma_j} per coordinate, where {@code mu} and {@code sigma} are the coordinate-wise mean
 * and (population) standard deviation of the attackers' own honest updates, the attackers' estimate of
 * the benign distribution. The default {@code z} is the paper's {@code z_max}: with {@code n} clients
 * and {@code m} attackers, {@code s = floor(n/2 + 1) - m} benign clients must look "further" than the
 * attackers, so {@code z_max = PhiInverse((n - s) / n)}; small shifts that stay inside the benign spread
 * pass median-, Krum- and trimmed-mean-style defences. Immutable, thread-safe.
 */
public final class AlieAttack implements UpdateAttack {
    private final double z;

    /** With the paper's {@code z_max}, computed each round from the number of clients and attackers. */
    public AlieAttack() {
        this.z = Double.NaN;
    }

    /** @param z a fixed shift in standard deviations, finite and &gt;= 0 */
    public AlieAttack(double z) {
        if (!(z >= 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("ALIE z must be >= 0 and finite. Provided value: " + z);
        }
        this.z = z;
    }

    /**
     * The paper's {@code z_max} for {@code n} clients of which {@code m} are attackers ({@code 1 <= m <= n});
     * 0 when the attackers are a majority (then {@code s <= 0} and no shift is needed to win the vote).
     */
    public static double zMax(int n, int m) {
        if (n < 1 || m < 1 || m > n) {
            throw new IllegalArgumentException("need 1 <= m <= n. Provided value: n=" + n + ", m=" + m);
        }
        int s = n / 2 + 1 - m;
        if (s <= 0) {
            return 0;
        }
        double p = (double) (n - s) / n;
        return p <= 0.5 ? 0 : inverseNormalCdf(p);
    }

    @Override
    public float[][] craft(float[][] honest, PoisonContext ctx) {
        int d = UpdateAttack.checkRows(honest);
        int m = honest.length;
        double zz = Double.isNaN(z) ? zMax(Math.max(ctx.roundClients(), m), m) : z;
        float[] bad = new float[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (float[] h : honest) {
                mean += h[j];
            }
            mean /= m;
            double var = 0;
            for (float[] h : honest) {
                double t = h[j] - mean;
                var += t * t;
            }
            bad[j] = (float) (mean - zz * Math.sqrt(var / m));
        }
        float[][] out = new float[m][];
        for (int i = 0; i < m; i++) {
            out[i] = bad.clone();
        }
        return out;
    }

    @Override
    public String name() {
        return Double.isNaN(z) ? "alie(z=z_max)" : String.format(Locale.ROOT, "alie(z=%g)", z);
    }

    /** The standard normal quantile (privet-core's {@link org.privet.core.metrics.NormalQuantile}). */
    static double inverseNormalCdf(double p) {
        return org.privet.core.metrics.NormalQuantile.of(p);
    }
}

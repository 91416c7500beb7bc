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

    /**
     * The standard normal quantile for {@code p} in (0, 1): Acklam's rational approximation (relative error
     * below 1.2e-9) refined by one Halley step on the complementary error function.
     */
    static double inverseNormalCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1). Provided value: " + p);
        }
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] dd = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
        } else if (p <= 1 - 0.02425) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
        }
        double e = 0.5 * erfc(-x / Math.sqrt(2)) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7). */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

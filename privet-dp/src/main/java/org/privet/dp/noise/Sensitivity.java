package org.privet.dp.noise;

/**
 * How much one record can change the value a mechanism protects, in the style of Google's DP
 * library: one record contributes to at most {@code l0} partitions (coordinates) and changes each
 * by at most {@code lInf} (in absolute value). The derived norms are {@link #l1()} {@code = l0 *
 * lInf} and {@link #l2()} {@code = sqrt(l0) * lInf}.
 *
 * <p>The caller must ensure the bound holds (clamp values, bound contributions); a mechanism's
 * guarantee is only as good as this record. Immutable and thread-safe.
 *
 * @param l0 the maximum number of partitions one record affects, {@code >= 1}
 * @param lInf the maximum change of one partition, {@code > 0} and finite
 */
public record Sensitivity(int l0, double lInf) {

    /** Validates both parameters. */
    public Sensitivity {
        if (l0 < 1) {
            throw new IllegalArgumentException("l0 sensitivity must be >= 1. Provided value: " + l0);
        }
        if (!(lInf > 0) || Double.isInfinite(lInf)) {
            throw new IllegalArgumentException(
                    "lInf sensitivity must be > 0 and finite. Provided value: " + lInf);
        }
    }

    /** A single scalar query whose value one record changes by at most {@code delta}. */
    public static Sensitivity ofScalar(double delta) {
        return new Sensitivity(1, delta);
    }

    /** The L1 sensitivity {@code l0 * lInf}, rounded up when the product is not exact, so it never under-states the bound. */
    public double l1() {
        return productRoundedUp(l0, lInf);
    }

    /** The L2 sensitivity {@code sqrt(l0) * lInf}, rounded up when not exact, so it never under-states the bound. */
    public double l2() {
        double r = Math.sqrt(l0);
        boolean exactRoot = Math.fma(r, r, -l0) == 0; // exact residual: r is sqrt(l0) exactly
        if (!exactRoot) {
            r = Math.nextUp(r);
        }
        return productRoundedUp(r, lInf);
    }

    private static double productRoundedUp(double a, double b) {
        double v = a * b;
        return Math.fma(a, b, -v) > 0 ? Math.nextUp(v) : v;
    }
}

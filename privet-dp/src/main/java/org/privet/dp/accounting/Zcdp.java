package org.privet.dp.accounting;

import org.privet.dp.noise.GaussianCalibration;
import org.privet.dp.noise.PrivacyBudget;

/**
 * Zero-concentrated DP (Bun and Steinke 2016) as pure functions: rho of common mechanisms, additive
 * composition, and conversion to (epsilon, delta). Thread-safe.
 */
public final class Zcdp {

    private Zcdp() {
    }

    /** The Gaussian (continuous or discrete, CKS 2020 Theorem 4) mechanism: {@code rho = l2^2 / (2 sigma^2)}. */
    public static double gaussianRho(double sigma, double l2) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be > 0 and finite. Provided value: " + sigma);
        }
        if (!(l2 > 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 sensitivity must be > 0 and finite. Provided value: " + l2);
        }
        return l2 * l2 / (2 * sigma * sigma);
    }

    /** An epsilon-DP mechanism is {@code epsilon^2 / 2}-zCDP (Bun-Steinke 2016, Proposition 1.4). */
    public static double fromPureDp(double epsilon) {
        PrivacyBudget.checkEpsilon(epsilon);
        return epsilon * epsilon / 2;
    }

    /** Composition: rhos add (Bun-Steinke 2016, Lemma 2.3). */
    public static double compose(double... rhos) {
        double sum = 0;
        for (double r : rhos) {
            checkRho(r);
            sum += r;
        }
        return sum;
    }

    /** The improved conversion of Canonne, Kamath and Steinke 2020 (Corollary 13). */
    public static PrivacyBudget toApproxDp(double rho, double delta) {
        checkRho(rho);
        if (rho == 0) {
            throw new IllegalArgumentException("rho must be > 0 to convert to a budget (epsilon would be 0)");
        }
        return new PrivacyBudget(GaussianCalibration.zcdpEpsilon(rho, delta), delta);
    }

    /** The simple conversion {@code rho + 2 sqrt(rho ln(1/delta))} (Bun-Steinke 2016, Proposition 1.3), for comparison. */
    public static double simpleEpsilon(double rho, double delta) {
        checkRho(rho);
        PrivacyBudget.checkPositiveDelta(delta);
        return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
    }

    private static void checkRho(double rho) {
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be >= 0 and finite. Provided value: " + rho);
        }
    }
}

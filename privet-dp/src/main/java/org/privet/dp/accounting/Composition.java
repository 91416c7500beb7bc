package org.privet.dp.accounting;

import java.util.List;
import org.privet.dp.noise.PrivacyBudget;

/**
 * Composition theorems for (epsilon, delta)-DP mechanisms run on the same data (pure functions,
 * thread-safe).
 */
public final class Composition {

    private Composition() {
    }

    /** Basic composition (Dwork-Roth Theorem 3.16): the sums of the epsilons and of the deltas. */
    public static PrivacyBudget basic(List<PrivacyBudget> budgets) {
        if (budgets == null || budgets.isEmpty()) {
            throw new IllegalArgumentException("basic composition needs at least one budget");
        }
        double eps = 0;
        double delta = 0;
        for (PrivacyBudget b : budgets) {
            eps += b.epsilon();
            delta += b.delta();
        }
        return new PrivacyBudget(eps, checkTotalDelta(delta));
    }

    /** Basic composition of {@code k} copies: {@code (k epsilon, k delta)}. */
    public static PrivacyBudget basic(PrivacyBudget each, int k) {
        checkK(k);
        return new PrivacyBudget(each.epsilon() * k, checkTotalDelta(each.delta() * k));
    }

    /**
     * Advanced composition (Dwork, Rothblum and Vadhan 2010; Dwork-Roth Theorem 3.20): {@code k}
     * adaptively chosen (epsilon, delta)-DP mechanisms are {@code (epsilon', k delta + deltaPrime)}-DP
     * with {@code epsilon' = sqrt(2 k ln(1/deltaPrime)) epsilon + k epsilon (e^epsilon - 1)}.
     *
     * @param deltaPrime the extra failure probability, in {@code (0, 1)}
     */
    public static PrivacyBudget advanced(PrivacyBudget each, int k, double deltaPrime) {
        checkK(k);
        PrivacyBudget.checkPositiveDelta(deltaPrime);
        double eps = each.epsilon();
        double epsPrime = Math.sqrt(2.0 * k * Math.log(1 / deltaPrime)) * eps + k * eps * Math.expm1(eps);
        double delta = k * each.delta() + deltaPrime;
        if (!(delta < 1)) {
            throw new IllegalArgumentException("advanced composition: total delta k*delta + deltaPrime must be < 1. Provided value: "
                    + delta);
        }
        return new PrivacyBudget(epsPrime, delta);
    }

    /** The better of {@link #basic(PrivacyBudget, int)} and {@link #advanced}, compared by epsilon at the larger delta. */
    public static PrivacyBudget best(PrivacyBudget each, int k, double deltaPrime) {
        PrivacyBudget a = advanced(each, k, deltaPrime);
        PrivacyBudget b = basic(each, k);
        return b.epsilon() <= a.epsilon() ? b : a;
    }

    private static double checkTotalDelta(double delta) {
        if (!(delta < 1)) {
            throw new IllegalArgumentException("composed delta must be < 1 (the composition would guarantee nothing). Provided value: "
                    + delta);
        }
        return delta;
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("number of compositions k must be >= 1. Provided value: " + k);
        }
    }
}

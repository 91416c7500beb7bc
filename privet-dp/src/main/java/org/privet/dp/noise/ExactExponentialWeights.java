package org.privet.dp.noise;

import java.math.BigDecimal;
import java.security.SecureRandom;

/**
 * Exact acceptance tests {@code Bernoulli(exp(-c (uMax - u)))} for double utilities: {@code c} and
 * {@code uMax - u} are exact rationals (doubles are dyadic), so the samplers built on this have no
 * floating-point error at all.
 */
final class ExactExponentialWeights {

    private final Rational c;
    private final BigDecimal max;

    ExactExponentialWeights(Rational c, double[] utilities) {
        this.c = c;
        double m = Double.NEGATIVE_INFINITY;
        for (double u : utilities) {
            m = Math.max(m, u);
        }
        this.max = new BigDecimal(m);
    }

    boolean accept(double utility, SecureRandom rnd) {
        Rational gamma = c.multiply(Rational.ofBigDecimal(max.subtract(new BigDecimal(utility))));
        return ExactSamplers.bernoulliExpMinus(gamma.num(), gamma.den(), rnd);
    }

    static void checkUtilities(double[] utilities) {
        if (utilities == null || utilities.length == 0) {
            throw new IllegalArgumentException("utilities must be non-empty");
        }
        for (int i = 0; i < utilities.length; i++) {
            if (!Double.isFinite(utilities[i])) {
                throw new IllegalArgumentException("utilities must be finite. Provided value at index " + i + ": " + utilities[i]);
            }
        }
    }
}

package org.privet.attacks.infer.membership;

/** Normal log-densities and log-tail probabilities, accurate far into the tails. Pure functions. */
final class Gaussian {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private Gaussian() {
    }

    /** log of the N(mu, sd^2) density at x. */
    static double logPdf(double x, double mu, double sd) {
        double z = (x - mu) / sd;
        return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
    }

    /**
     * log Pr[Z > z] for a standard normal Z. Uses the Chebyshev fit of erfc from Numerical Recipes
     * (fractional error below 1.2e-7 everywhere), evaluated in log space so that it stays finite for
     * large z (log Q(40) is about -804.6).
     */
    static double logUpperTail(double z) {
        double x = z / Math.sqrt(2);
        if (x >= 0) {
            return Math.log(0.5) + logErfc(x);
        }
        // Q(z) = 1 - Q(-z) = 1 - erfc(|x|) / 2
        return Math.log1p(-0.5 * Math.exp(logErfc(-x)));
    }

    /** log erfc(x) for x >= 0. */
    private static double logErfc(double x) {
        double t = 1.0 / (1.0 + 0.5 * x);
        double poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        return Math.log(t) + poly;
    }
}

package org.privet.dp.noise;

/**
 * The probability mass function of the discrete Gaussian {@code N_Z(0, sigma^2)} by direct
 * summation (for tests, variance and confidence computations; not for sampling).
 */
public final class DiscreteGaussianPmf {

    private DiscreteGaussianPmf() {
    }

    /** Terms beyond this many sigmas are below e^-800 of the mode and ignored. */
    private static final double TAIL_SIGMAS = 40;

    /** The normalising constant {@code sum_z exp(-z^2 / (2 sigma^2))}. */
    public static double normaliser(double sigma) {
        long m = (long) Math.ceil(TAIL_SIGMAS * sigma) + 1;
        double sum = 1;
        for (long z = 1; z <= m; z++) {
            sum += 2 * Math.exp(-(double) z * z / (2 * sigma * sigma));
        }
        return sum;
    }

    /** {@code P(Z = z)}. */
    public static double pmf(long z, double sigma, double normaliser) {
        return Math.exp(-(double) z * z / (2 * sigma * sigma)) / normaliser;
    }

    /** The exact variance {@code E[Z^2]} (summed; sigma up to about 2^20). */
    public static double variance(double sigma) {
        long m = (long) Math.ceil(TAIL_SIGMAS * sigma) + 1;
        double norm = 1;
        double second = 0;
        for (long z = 1; z <= m; z++) {
            double w = 2 * Math.exp(-(double) z * z / (2 * sigma * sigma));
            norm += w;
            second += w * z * z;
        }
        return second / norm;
    }
}

package org.privet.dp.accounting;

import org.privet.dp.noise.PrivacyBudget;

/**
 * The noise multiplier for DP-SGD that reaches a target epsilon (pure functions, thread-safe):
 * bisection on sigma of the accountant's epsilon for {@code steps} Poisson-subsampled Gaussian steps.
 * The returned sigma always has {@code epsilon(sigma) <= targetEpsilon} (the upper end of the
 * bracket is returned), within a relative 1e-4 of the smallest such sigma.
 */
public final class NoiseCalibration {

    /** Which accountant measures epsilon. */
    public enum AccountantKind {
        /** {@link Rdp} with the default orders. */
        RDP,
        /** {@link PldAccountant} with its default discretisation. */
        PLD
    }

    private NoiseCalibration() {
    }

    /** RDP-calibrated noise multiplier. */
    public static double noiseMultiplier(double targetEpsilon, double delta, double sampleRate, long steps) {
        return noiseMultiplier(targetEpsilon, delta, sampleRate, steps, AccountantKind.RDP);
    }

    /**
     * The noise multiplier for a target.
     *
     * @param targetEpsilon {@code > 0}
     * @param delta in {@code (0, 1)}
     * @param sampleRate in {@code (0, 1]}
     * @param steps {@code >= 1}
     */
    public static double noiseMultiplier(double targetEpsilon, double delta, double sampleRate, long steps,
            AccountantKind kind) {
        PrivacyBudget.checkEpsilon(targetEpsilon);
        PrivacyBudget.checkPositiveDelta(delta);
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample rate must be in (0, 1]. Provided value: " + sampleRate);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1. Provided value: " + steps);
        }
        double lo = 0;
        double hi = 1;
        while (epsilon(hi, delta, sampleRate, steps, kind) > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e6) {
                throw new IllegalArgumentException("no noise multiplier below 1e6 reaches epsilon=" + targetEpsilon
                        + " at delta=" + delta + ", q=" + sampleRate + ", steps=" + steps);
            }
        }
        while (hi - lo > 1e-4 * hi) {
            double mid = 0.5 * (lo + hi);
            if (epsilon(mid, delta, sampleRate, steps, kind) > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    static double epsilon(double sigma, double delta, double q, long steps, AccountantKind kind) {
        return switch (kind) {
            case RDP -> Rdp.epsilon(q, sigma, steps, delta).epsilon();
            case PLD -> PldAccountant.subsampledGaussianEpsilon(sigma, q, steps, delta);
        };
    }
}

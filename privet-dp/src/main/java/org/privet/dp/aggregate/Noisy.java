package org.privet.dp.aggregate;

import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.NoiseMechanism;

/**
 * Releases a value with one of the grid mechanisms without their output clamp.
 *
 * <p>{@link LaplaceMechanism} and {@link GaussianMechanism} clamp the rounded input to {@code +-2^50} granules,
 * which is only about {@code 2^10} noise scales: a count of a million with epsilon 1 would come back as about
 * 2,000. Aggregates can be far larger than their noise, so this releases {@code fl(k g + z g)} where {@code k =
 * rint(x/g)} and {@code z g = addNoise(0)} is the mechanism's noise on its grid {@code g}. Both terms are exact
 * doubles ({@code k g} is {@code x} rescaled by a power of two and rounded; {@code z g} is a grid value), so the
 * single correctly rounded addition is a deterministic function of the exact release {@code (k + z) g}: post-
 * processing, with the same guarantee as the mechanism and no dependence on floating-point noise (Mironov 2012).
 * Below {@code 2^53} granules it equals the exact release.
 */
final class Noisy {
    private Noisy() {
    }

    static double release(NoiseMechanism m, double x) {
        double g;
        if (m instanceof LaplaceMechanism l) {
            g = l.granularity();
        } else if (m instanceof GaussianMechanism gm) {
            g = gm.granularity();
        } else {
            throw new AssertionError("internal invariant: aggregates use grid mechanisms, got " + m.description());
        }
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("aggregate value must be finite. Provided value: " + x);
        }
        double k = Math.rint(x / g);
        if (!Double.isFinite(k)) {
            throw new IllegalArgumentException("aggregate value " + x + " overflows the noise grid " + g);
        }
        return k * g + m.addNoise(0.0);
    }

    static long release(NoiseMechanism m, long n) {
        return Math.round(release(m, (double) n));
    }
}

package org.privet.fl;

import org.privet.dp.sgd.AdaptiveClipping;

/**
 * DP-FedAvg (McMahan, Ramage, Talwar, Zhang, "Learning Differentially Private Recurrent Language
 * Models", ICLR 2018, Algorithm 1, fixed-denominator estimator): each round every client joins
 * independently with probability {@code q = K / N}; each update is clipped to L2 norm {@code S}; the
 * server adds Gaussian noise of standard deviation {@code z S} to the sum (privet-dp's discrete
 * Gaussian on a fine grid, keyed from SecureRandom) and divides by the expected weight {@code q N}.
 * This is user-level {@code (epsilon, delta)}-DP, epsilon from the RDP accountant of the subsampled
 * Gaussian ({@code z}, {@code q}, one step per round). With {@code adaptive} set, S follows Andrew et
 * al. 2021 (geometric update toward the target quantile of update norms, from a noisy count that
 * shares the privacy budget: the sum gets {@code z_grad} of Theorem 1). A config that exists is valid.
 *
 * @param noiseMultiplier z &gt; 0 and finite
 * @param clipNorm        S &gt; 0 and finite (the initial S when adaptive)
 * @param delta           target delta in (0, 1) for the reported epsilon
 * @param adaptive        adaptive clipping, or null for a fixed S
 */
public record DpFedAvg(double noiseMultiplier, double clipNorm, double delta, AdaptiveClipping adaptive) {
    public DpFedAvg {
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be > 0 and finite. Provided value: "
                    + noiseMultiplier);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm must be > 0 and finite. Provided value: " + clipNorm);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
        }
    }

    /** Fixed clipping. */
    public static DpFedAvg fixed(double noiseMultiplier, double clipNorm, double delta) {
        return new DpFedAvg(noiseMultiplier, clipNorm, delta, null);
    }
}

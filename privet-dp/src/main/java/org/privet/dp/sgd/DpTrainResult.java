package org.privet.dp.sgd;

import java.util.List;
import org.privet.dp.accounting.RdpAccountant;

/**
 * The outcome of {@link DpSgd#train}: what a report needs to state the guarantee and the curves.
 *
 * @param plan              the resolved run (q, steps, z, expected batch size)
 * @param history           per-epoch curves and epsilons
 * @param delta             the delta the run's guarantee is stated at: {@code accountantDelta + samplerDelta}
 *                          ({@code (epsilonRdp, delta)}- and {@code (epsilonPld, delta)}-DP)
 * @param epsilonRdp        RDP epsilon spent by the whole run ({@code +Infinity} without noise)
 * @param epsilonPld        PLD epsilon spent by the whole run (tighter than RDP)
 * @param accountantHistory the steps recorded, replayable with {@code RdpAccountant.replay}
 * @param clipNormPerStep   the clip norm each step used (constant without adaptive clipping)
 * @param noiseStdDev       real-unit standard deviation of the noise on the clipped sum at the final
 *                          clip norm (slightly above z_grad C: see {@link DiscreteGaussianNoise})
 * @param accountantDelta   the delta the accountants computed every epsilon at (the configured delta; the
 *                          per-epoch epsilons of the history are at this delta)
 * @param samplerDelta      what the sampler's distance from the exact discrete Gaussian adds:
 *                          {@link DiscreteGaussianNoise#samplerDelta}{@code (max finite epsilon, noiseDraws)}
 * @param noiseDraws        noise draws of the whole run (coordinates noised, over all steps)
 */
public record DpTrainResult(DpSgd.Plan plan, DpTrainHistory history, double delta, double epsilonRdp,
        double epsilonPld, List<RdpAccountant.Entry> accountantHistory, float[] clipNormPerStep, double noiseStdDev,
        double accountantDelta, double samplerDelta, long noiseDraws) {

    public DpTrainResult {
        accountantHistory = List.copyOf(accountantHistory);
        clipNormPerStep = clipNormPerStep.clone();
    }

    @Override
    public float[] clipNormPerStep() {
        return clipNormPerStep.clone();
    }

    /** The tighter of the two epsilons. */
    public double epsilon() {
        return Math.min(epsilonRdp, epsilonPld);
    }
}

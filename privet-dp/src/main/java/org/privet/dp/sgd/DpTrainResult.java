package org.privet.dp.sgd;

import java.util.List;
import org.privet.dp.accounting.RdpAccountant;

/**
 * The outcome of {@link DpSgd#train}: what a report needs to state the guarantee and the curves.
 *
 * @param plan              the resolved run (q, steps, z, expected batch size)
 * @param history           per-epoch curves and epsilons
 * @param delta             the delta of every epsilon here
 * @param epsilonRdp        RDP epsilon spent by the whole run ({@code +Infinity} without noise)
 * @param epsilonPld        PLD epsilon spent by the whole run (tighter than RDP)
 * @param accountantHistory the steps recorded, replayable with {@code RdpAccountant.replay}
 * @param clipNormPerStep   the clip norm each step used (constant without adaptive clipping)
 * @param noiseStdDev       real-unit standard deviation of the noise on the clipped sum at the final
 *                          clip norm (slightly above z_grad C: see {@link DiscreteGaussianNoise})
 */
public record DpTrainResult(DpSgd.Plan plan, DpTrainHistory history, double delta, double epsilonRdp,
        double epsilonPld, List<RdpAccountant.Entry> accountantHistory, float[] clipNormPerStep, double noiseStdDev) {

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

package org.privet.dp.accounting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A PLD accountant for Poisson-subsampled Gaussian steps: the state is a replayable history (as
 * {@link RdpAccountant}); epsilon is the larger of the add- and remove-adjacency PLD epsilons of the
 * composed history ({@link PrivacyLossDistribution}, pessimistic discretisation). Tighter than RDP;
 * costs FFTs. Thread-safe (methods synchronise on the accountant).
 */
public final class PldAccountant {

    private final List<RdpAccountant.Entry> history = new ArrayList<>();
    private final double valueDiscretization;

    /** An accountant with the default loss grid {@link PrivacyLossDistribution#DEFAULT_VALUE_DISCRETIZATION}. */
    public PldAccountant() {
        this(PrivacyLossDistribution.DEFAULT_VALUE_DISCRETIZATION);
    }

    /** An accountant with the given loss grid step (smaller: tighter and slower). */
    public PldAccountant(double valueDiscretization) {
        if (!(valueDiscretization > 0 && valueDiscretization <= 1)) {
            throw new IllegalArgumentException("value discretization must be in (0, 1]. Provided value: " + valueDiscretization);
        }
        this.valueDiscretization = valueDiscretization;
    }

    /** Records {@code steps} steps at noise multiplier {@code sigma} and sampling rate {@code q}. */
    public synchronized void steps(double sigma, double q, long steps) {
        RdpAccountant.Entry e = new RdpAccountant.Entry(sigma, q, steps);
        int last = history.size() - 1;
        if (last >= 0 && history.get(last).noiseMultiplier() == sigma && history.get(last).sampleRate() == q) {
            history.set(last, new RdpAccountant.Entry(sigma, q, Math.addExact(history.get(last).steps(), steps)));
        } else {
            history.add(e);
        }
    }

    /** The history, oldest first (an immutable snapshot). */
    public synchronized List<RdpAccountant.Entry> history() {
        return Collections.unmodifiableList(new ArrayList<>(history));
    }

    /** The epsilon spent at {@code delta} (0 before any step). */
    public synchronized double epsilon(double delta) {
        org.privet.dp.noise.PrivacyBudget.checkPositiveDelta(delta);
        if (history.isEmpty()) {
            return 0;
        }
        double worst = 0;
        for (PrivacyLossDistribution.Direction dir : PrivacyLossDistribution.Direction.values()) {
            PrivacyLossDistribution total = null;
            for (RdpAccountant.Entry e : history) {
                if (e.sampleRate() == 0) {
                    continue;
                }
                if (e.noiseMultiplier() == 0) {
                    return Double.POSITIVE_INFINITY;
                }
                PrivacyLossDistribution one = PrivacyLossDistribution.subsampledGaussian(e.noiseMultiplier(), e.sampleRate(),
                        dir, valueDiscretization, PrivacyLossDistribution.DEFAULT_TAIL_MASS).selfCompose(e.steps());
                total = total == null ? one : total.compose(one);
            }
            if (total != null) {
                worst = Math.max(worst, total.epsilon(delta));
            }
        }
        return worst;
    }

    /** One-shot: epsilon of {@code steps} steps at (sigma, q), default grid. */
    public static double subsampledGaussianEpsilon(double sigma, double q, long steps, double delta) {
        PldAccountant a = new PldAccountant();
        a.steps(sigma, q, steps);
        return a.epsilon(delta);
    }
}

package org.privet.dp.aggregate;

import java.security.SecureRandom;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * Private partition selection by Laplace thresholding (Korolova et al. 2009; Google DP's
 * {@code LaplacePartitionSelection}; Desfontaines et al. 2022, Section 3): a partition is kept when its count of
 * distinct privacy units plus Laplace noise exceeds a threshold calibrated to delta, so that a partition that
 * only one unit could have created appears with probability at most delta.
 *
 * <p>Calibration, for a budget {@code (epsilon, delta)} and units that touch at most {@code l0} partitions:
 * each partition gets {@code epsilon_p = epsilon / l0} and {@code delta_p = delta / l0} (basic composition over
 * the {@code l0} partitions one unit changes). The noise is this module's {@link LaplaceMechanism} for
 * sensitivity 1 at {@code epsilon_p}, whose effective scale {@code b} (slightly above {@code 1/epsilon_p}) is
 * that of an exact discrete Laplace on a power-of-two grid; the threshold is {@code tau = 1 + b ln(1/delta_p)}.
 * Why it holds: the noisy count is {@code epsilon_p}-DP between counts {@code n} and {@code n + 1}, and for a
 * partition with one unit on one side and absent on the other, the release probability is {@code P(1 + noise >
 * tau) <= P(noise >= b ln(1/delta_p)) <= delta_p} (the discrete Laplace tail {@code P(Z >= k) =
 * e^(-k/b)/(1 + e^(-1/b)) <= e^(-k/b)}). This is a factor 2 inside the logarithm more conservative than
 * Google's continuous-noise formula, the price of a bound that holds for the discrete noise exactly.
 * Thread-safe when its random source is.
 */
public final class PartitionSelection {
    private final PrivacyBudget budget;
    private final int l0;
    private final LaplaceMechanism mechanism;
    private final double threshold;

    private PartitionSelection(PrivacyBudget budget, int l0, SecureRandom random) {
        this.budget = budget;
        this.l0 = l0;
        this.mechanism = LaplaceMechanism.builder().epsilon(budget.epsilon() / l0).sensitivity(Sensitivity.ofScalar(1))
                .secureRandom(random).build();
        double deltaP = budget.delta() / l0;
        this.threshold = 1 + mechanism.scale() * Math.log(1 / deltaP);
    }

    /**
     * Laplace thresholding for this budget.
     *
     * @param budget epsilon and delta of the whole selection; delta must be {@code > 0}
     * @param maxPartitionsContributed the L0 bound the caller enforces, {@code >= 1}
     * @param random the noise source
     */
    public static PartitionSelection laplace(PrivacyBudget budget, int maxPartitionsContributed, SecureRandom random) {
        if (budget == null || random == null) {
            throw new IllegalArgumentException("budget and random must not be null");
        }
        if (!(budget.delta() > 0)) {
            throw new IllegalArgumentException(
                    "partition selection needs delta > 0 (a new partition can only appear with probability delta). "
                            + "Provided value: " + budget.delta());
        }
        AggregationBuilder.checkBounds(maxPartitionsContributed, 1);
        return new PartitionSelection(budget, maxPartitionsContributed, random);
    }

    /** The threshold {@code tau} a noisy count of units must exceed. */
    public double threshold() {
        return threshold;
    }

    /** The effective Laplace scale of the noisy unit count. */
    public double noiseScale() {
        return mechanism.scale();
    }

    /** The budget of the whole selection (over all partitions). */
    public PrivacyBudget budget() {
        return budget;
    }

    /** The L0 bound it is calibrated for. */
    public int maxPartitionsContributed() {
        return l0;
    }

    /**
     * Decides whether to keep a partition; draws fresh noise each call (call once per partition).
     *
     * @param privacyUnits the number of distinct privacy units in the partition after contribution bounding,
     *     {@code >= 0}
     */
    public boolean keep(long privacyUnits) {
        if (privacyUnits < 0) {
            throw new IllegalArgumentException("privacy unit count must be >= 0. Provided value: " + privacyUnits);
        }
        if (privacyUnits == 0) {
            return false; // an empty partition exists on neither side: never released
        }
        return mechanism.addNoise((double) privacyUnits) > threshold;
    }

    /**
     * An upper bound on the probability that a partition with {@code privacyUnits} units is dropped:
     * {@code exp(-(n - tau)/b)} when {@code n > tau} (the discrete Laplace lower tail), else 1.
     */
    public double dropProbabilityBound(long privacyUnits) {
        double gap = privacyUnits - threshold;
        return gap > 0 ? Math.min(1.0, Math.exp(-gap / mechanism.scale())) : 1.0;
    }
}

package org.privet.dp.aggregate;

import java.security.SecureRandom;
import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/** The additive noise an aggregate uses. */
public enum NoiseKind {
    /** {@link LaplaceMechanism}: pure epsilon-DP, calibrated to the L1 sensitivity {@code l0 * lInf}; takes no delta. */
    LAPLACE,
    /** {@link GaussianMechanism}: (epsilon, delta)-DP, calibrated to the L2 sensitivity {@code sqrt(l0) * lInf}; delta > 0. */
    GAUSSIAN;

    /** Builds the mechanism for one release with this budget and sensitivity. */
    NoiseMechanism mechanism(PrivacyBudget budget, Sensitivity sensitivity, SecureRandom random) {
        if (this == LAPLACE) {
            return LaplaceMechanism.builder().epsilon(budget.epsilon()).sensitivity(sensitivity).secureRandom(random).build();
        }
        return GaussianMechanism.builder().epsilon(budget.epsilon()).delta(budget.delta()).sensitivity(sensitivity)
                .secureRandom(random).build();
    }
}

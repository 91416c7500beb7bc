package org.privet.attacks.reconstruct;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.tensor.Tensor;

/**
 * A model update as the server (the attacker) sees it.
 *
 * <p>Either a FedSGD gradient ({@code localSteps == 0}: the gradient of the mean cross-entropy over the
 * client's batch) or a FedAvg parameter difference {@code theta_0 - theta_K} after {@code localSteps}
 * full-batch gradient steps of size {@code learningRate} on the client's data. Tensors are in the model's
 * {@code parameters()} order. The list is copied; the tensors are not (treat them as read only).
 *
 * @param tensors      one tensor per model parameter
 * @param examples     the client's batch size N (the attacker is assumed to know it), >= 1
 * @param localSteps   0 for a gradient, K >= 1 for a FedAvg update
 * @param learningRate the clients' local step size (> 0 for FedAvg; ignored for a gradient)
 */
public record ObservedUpdate(List<Tensor> tensors, int examples, int localSteps, float learningRate) {
    public ObservedUpdate {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one tensor");
        }
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be >= 1. Provided value: " + examples);
        }
        if (localSteps < 0) {
            throw new IllegalArgumentException("localSteps must be >= 0. Provided value: " + localSteps);
        }
        if (localSteps > 0) {
            FunctionalNetwork.checkLocal(localSteps, learningRate);
        }
        tensors = List.copyOf(new ArrayList<>(tensors));
    }

    /** A FedSGD gradient over a batch of {@code examples}. */
    public static ObservedUpdate gradient(List<Tensor> gradient, int examples) {
        return new ObservedUpdate(gradient, examples, 0, 0f);
    }

    /** A FedAvg update {@code theta_0 - theta_K} after {@code localSteps} full-batch steps. */
    public static ObservedUpdate fedAvg(List<Tensor> delta, int examples, int localSteps, float learningRate) {
        return new ObservedUpdate(delta, examples, localSteps, learningRate);
    }

    /** True for a FedAvg update (local steps > 0). */
    public boolean isFedAvg() {
        return localSteps > 0;
    }
}

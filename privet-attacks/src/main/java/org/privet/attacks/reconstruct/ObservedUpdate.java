package org.privet.attacks.reconstruct;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.tensor.Tensor;

/**
 * A model update as the server (the attacker) sees it.
 *
 * <p>Either a FedSGD gradient ({@code localSteps == 0}: the gradient of the mean cross-entropy over the
 * client's batch) or a FedAvg parameter difference {@code theta_0 - theta_K} after {@code localSteps}
 * gradient steps of size {@code learningRate} on the client's data: full-batch steps, or, with
 * {@code localBatchSize = B} (dividing N), step {@code k} on the rows {@code [(k B) mod N, (k B) mod N + B)}
 * in the client's order (the attacker is assumed to know the schedule). Tensors are in the model's
 * {@code parameters()} order. The list is copied; the tensors are not (treat them as read only).
 *
 * @param tensors      one tensor per model parameter
 * @param examples     the client's batch size N (the attacker is assumed to know it), >= 1
 * @param localSteps   0 for a gradient, K >= 1 for a FedAvg update
 * @param learningRate the clients' local step size (> 0 for FedAvg; ignored for a gradient)
 * @param localBatchSize 0 for full-batch local steps, else the local mini-batch size B (dividing N)
 */
public record ObservedUpdate(List<Tensor> tensors, int examples, int localSteps, float learningRate,
                             int localBatchSize) {
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
        if (localBatchSize != 0) {
            FunctionalNetwork.checkBatch(localBatchSize, examples);
        }
        tensors = List.copyOf(new ArrayList<>(tensors));
    }

    /** A FedSGD gradient over a batch of {@code examples}. */
    public static ObservedUpdate gradient(List<Tensor> gradient, int examples) {
        return new ObservedUpdate(gradient, examples, 0, 0f, 0);
    }

    /** A FedAvg update {@code theta_0 - theta_K} after {@code localSteps} full-batch steps. */
    public static ObservedUpdate fedAvg(List<Tensor> delta, int examples, int localSteps, float learningRate) {
        return new ObservedUpdate(delta, examples, localSteps, learningRate, 0);
    }

    /** A FedAvg update after {@code localSteps} steps on consecutive mini-batches of {@code localBatchSize}. */
    public static ObservedUpdate fedAvg(List<Tensor> delta, int examples, int localSteps, float learningRate,
            int localBatchSize) {
        return new ObservedUpdate(delta, examples, localSteps, learningRate, localBatchSize);
    }

    /** The batch size of each local step: {@code localBatchSize}, or N for full-batch steps. */
    public int stepBatch() {
        return localBatchSize == 0 ? examples : localBatchSize;
    }

    /** True for a FedAvg update (local steps > 0). */
    public boolean isFedAvg() {
        return localSteps > 0;
    }
}

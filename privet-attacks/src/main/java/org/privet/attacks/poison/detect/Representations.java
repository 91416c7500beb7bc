package org.privet.attacks.poison.detect;

import java.util.List;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Layer;
import org.privet.core.nn.Sequential;
import org.privet.core.tensor.Tensor;

/**
 * Learned representations that poisoning detectors work on: the input of the network's last
 * parameterised layer (for a classifier ending in a Dense layer, the penultimate activations), as in
 * Tran et al. (2018) and Chen et al. (2018). The model is switched to evaluation mode for the pass and
 * restored afterwards. Not thread safe with respect to the model's training mode.
 */
public final class Representations {
    private Representations() {
    }

    /**
     * @param model a network with at least one parameterised layer that is not its first layer
     * @param x     inputs, first dimension N
     * @return [N, d] representations
     */
    public static Tensor penultimate(Sequential model, Tensor x) {
        List<Layer> layers = model.flatLayers();
        int last = -1;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (!layers.get(i).parameters().isEmpty()) {
                last = i;
                break;
            }
        }
        if (last <= 0) {
            throw new IllegalArgumentException("penultimate: need a parameterised layer after the first; model: "
                    + model.spec());
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var g = Autodiff.noGrad()) {
            Variable h = Variable.constant(x);
            for (int i = 0; i < last; i++) {
                h = layers.get(i).forward(h);
            }
            Tensor v = h.value();
            return v.rank() == 2 ? v : v.reshape(v.dim(0), v.size() / Math.max(1, v.dim(0)));
        } finally {
            model.setTraining(wasTraining);
        }
    }
}

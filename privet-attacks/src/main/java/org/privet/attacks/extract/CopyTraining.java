package org.privet.attacks.extract;

import java.util.Arrays;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Adam;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** Training of a copy on soft labels (the target's probability vectors): mean cross-entropy against them. */
final class CopyTraining {
    private CopyTraining() {
    }

    /**
     * Trains {@code net} with Adam on rows of {@code x} against probability rows {@code targets} ({@code [n, C]}),
     * minimising {@code -mean_i sum_c t_ic log softmax(f(x_i))_c}. Deterministic for a seed.
     */
    static void fitSoft(Sequential net, Tensor x, Tensor targets, int epochs, int batchSize, float lr, Rng rng) {
        int n = x.dim(0);
        Adam opt = new Adam(net.parameters(), lr);
        net.train();
        try {
            for (int e = 0; e < epochs; e++) {
                int[] perm = rng.child("epoch", e).permutation(n);
                for (int from = 0; from < n; from += batchSize) {
                    int[] idx = Arrays.copyOfRange(perm, from, Math.min(n, from + batchSize));
                    try (Autodiff.GradMode g = Autodiff.enableGrad()) {
                        Variable logits = net.forward(Variable.constant(x.rows(idx)));
                        Variable loss = logits.logSoftmax().mul(Variable.constant(targets.rows(idx))).sum()
                                .mul(-1f / idx.length);
                        opt.zeroGrad();
                        loss.backward();
                    }
                    try (Autodiff.GradMode g = Autodiff.noGrad()) {
                        opt.step();
                    }
                }
            }
            opt.zeroGrad();
        } finally {
            net.eval();
        }
    }
}

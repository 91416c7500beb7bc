package org.privet.fl;

import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.Sequential;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * A client's local work per round: {@code epochs} passes of plain mini-batch SGD on mean cross-entropy,
 * starting from the global model. FedSGD is one full-batch gradient step ({@link #fedSgd}); FedAvg is
 * {@code E} epochs of batch {@code B} (McMahan et al. 2017). With {@code proximalMu > 0} the loss gets
 * {@code (mu / 2) ||w - w_global||^2}: FedProx's proximal term (Li et al. 2020) for honest clients, and the
 * distance ("anomaly") term of Bagdasaryan et al.'s constrain-and-scale for attackers, which keeps their
 * update close to the global model. A config that exists is valid; immutable.
 *
 * @param epochs       E &gt;= 1
 * @param batchSize    B &gt;= 1, or 0 for the full local dataset ("B = infinity")
 * @param learningRate client learning rate &gt; 0 and finite
 * @param proximalMu   mu &gt;= 0 with {@code mu * learningRate < 1} (0 = plain SGD)
 */
public record LocalTraining(int epochs, int batchSize, float learningRate, float proximalMu) {
    /** Plain SGD (no proximal term). */
    public LocalTraining(int epochs, int batchSize, float learningRate) {
        this(epochs, batchSize, learningRate, 0f);
    }

    public LocalTraining {
        if (epochs < 1) {
            throw new IllegalArgumentException("local epochs must be >= 1. Provided value: " + epochs);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("local batch size must be >= 1 (or 0 = full batch). Provided value: "
                    + batchSize);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("client learning rate must be > 0 and finite. Provided value: "
                    + learningRate);
        }
        if (!(proximalMu >= 0) || Float.isInfinite(proximalMu)) {
            throw new IllegalArgumentException("proximal mu must be >= 0 and finite. Provided value: " + proximalMu);
        }
        if ((double) proximalMu * learningRate >= 1) {
            // each step scales w - w_global by (1 - lr mu): at lr mu >= 1 it overshoots (diverges from 2 on)
            throw new IllegalArgumentException("proximal mu * learning rate must be < 1. Provided value: mu="
                    + proximalMu + ", learning rate=" + learningRate);
        }
    }

    /** A copy with proximal coefficient {@code mu}. */
    public LocalTraining withProximal(float mu) {
        return new LocalTraining(epochs, batchSize, learningRate, mu);
    }

    /** FedSGD: one full-batch gradient step, so the update is {@code -lr * gradient}. */
    public static LocalTraining fedSgd(float learningRate) {
        return new LocalTraining(1, 0, learningRate);
    }

    /** FedAvg with {@code E} epochs of batch {@code B}. */
    public static LocalTraining fedAvg(int epochs, int batchSize, float learningRate) {
        return new LocalTraining(epochs, batchSize, learningRate);
    }

    /**
     * Trains {@code net} (overwritten with {@code global}) on {@code (x, y)} and writes {@code local -
     * global} into {@code delta}. Shuffling is drawn from {@code rng}. Single-threaded; {@code net} must
     * not be shared.
     */
    public void run(Sequential net, float[] global, Tensor x, int[] y, Rng rng, float[] delta) {
        FlModel.load(net, global);
        int n = y.length;
        int b = batchSize == 0 ? n : Math.min(batchSize, n);
        net.train();
        var params = net.parameters();
        for (int e = 0; e < epochs; e++) {
            int[] perm = b == n && epochs == 1 ? null : rng.permutation(n);
            for (int from = 0; from < n; from += b) {
                int to = Math.min(n, from + b);
                Tensor xb;
                int[] yb;
                if (perm == null) {
                    xb = x;
                    yb = y;
                } else {
                    int[] idx = java.util.Arrays.copyOfRange(perm, from, to);
                    xb = x.rows(idx);
                    yb = new int[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        yb[i] = y[idx[i]];
                    }
                }
                for (Parameter p : params) {
                    p.zeroGrad();
                }
                try (Autodiff.GradMode g = Autodiff.enableGrad()) {
                    Variable loss = Ops.crossEntropyWithLogits(net.forward(Variable.constant(xb)), yb, Reduction.MEAN);
                    loss.backward();
                }
                int off = 0;
                for (Parameter p : params) {
                    Tensor grad = p.grad();
                    float[] w = p.value().data();
                    if (grad != null) {
                        float[] gd = grad.data();
                        if (proximalMu == 0f) {
                            for (int j = 0; j < w.length; j++) {
                                w[j] -= learningRate * gd[j];
                            }
                        } else {
                            for (int j = 0; j < w.length; j++) {
                                w[j] -= learningRate * (gd[j] + proximalMu * (w[j] - global[off + j]));
                            }
                        }
                    }
                    off += w.length;
                }
            }
        }
        for (Parameter p : params) {
            p.zeroGrad();
        }
        net.eval();
        FlModel.flatten(net, delta);
        for (int j = 0; j < delta.length; j++) {
            delta[j] -= global[j];
        }
    }
}

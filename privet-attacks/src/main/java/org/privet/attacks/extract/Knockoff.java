package org.privet.attacks.extract;

import java.util.Objects;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;

/**
 * Knockoff Nets (Orekondy, Schiele, Fritz, CVPR 2019), random strategy: the attacker owns natural data of a
 * different distribution (the transfer set), queries the API with a random sample of it within the budget,
 * and trains a copy on the returned probability vectors (soft labels; hard labels for a label-only API).
 * The paper's adaptive (bandit) sampling is not implemented.
 */
public final class Knockoff {
    private Knockoff() {
    }

    /** The copy and the queries used. */
    public record Result(NetworkClassifier copy, long queries) {
    }

    /**
     * @param transferSet attacker's data, shape {@code [n, ...]} matching the target's input shape
     * @param budget      queries to spend, {@code 1 <= budget}; at most {@code n} rows are used
     * @param copy        the copy's architecture; it gets the flattened input size
     */
    public static Result extract(QueryCounter target, Tensor transferSet, int budget, Retraining.CopyFactory copy,
                                 int epochs, Rng rng, Progress progress) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transferSet, "transferSet");
        int n = transferSet.dim(0);
        int[] shape = target.inputShape();
        int[] got = java.util.Arrays.copyOfRange(transferSet.shape(), 1, transferSet.rank());
        if (!java.util.Arrays.equals(shape, got)) {
            throw new IllegalArgumentException("transfer set rows have shape " + java.util.Arrays.toString(got)
                    + " but the target takes " + java.util.Arrays.toString(shape));
        }
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1. Provided value: " + budget);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1. Provided value: " + epochs);
        }
        int m = Math.min(budget, n);
        int[] pick = java.util.Arrays.copyOf(rng.child("pick").permutation(n), m);
        Tensor q = transferSet.rows(pick);
        Progress pr = progress == null ? Progress.NONE : progress;
        pr.start("extract (knockoff)", 2);
        int d = q.size() / m;
        int k = target.numClasses();
        Tensor flat = q.reshape(m, d);
        Sequential net = copy.create(rng.child("init"), d, k);
        if (target.hasProbabilities()) {
            Tensor soft = target.predictProba(q);
            pr.update(1, m + " queries");
            CopyTraining.fitSoft(net, flat, soft, epochs, Math.min(64, m), 1e-2f / 2, rng.child("train"));
        } else {
            int[] labels = target.predict(q);
            pr.update(1, m + " queries");
            Trainer.fit(net, flat, labels, TrainConfig.adam(5e-3f, epochs, Math.min(64, m), rng.child("train").seed()),
                    Progress.NONE);
        }
        pr.update(2, "trained");
        pr.finish();
        return new Result(new NetworkClassifier(net, new int[] {d}, k), m);
    }
}

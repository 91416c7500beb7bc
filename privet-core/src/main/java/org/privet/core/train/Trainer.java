package org.privet.core.train;

import java.util.Arrays;
import java.util.Locale;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Adam;
import org.privet.core.optim.Optimizer;
import org.privet.core.optim.Sgd;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Mini-batch training with mean cross-entropy loss.
 *
 * <p>Each epoch visits the examples in a fresh permutation drawn from
 * {@code Rng.of(cfg.seed()).child("shuffle")}; together with seeded initialisation this makes a
 * run deterministic bit for bit (single-threaded arithmetic). The network is in training mode
 * during {@link #fit} and left in evaluation mode afterwards.
 */
public final class Trainer {
    private static final int EVAL_BATCH = 1024;

    private Trainer() {
    }

    /** Trains {@code net} on (x, y); x is [N, ...], y holds N labels. */
    public static TrainHistory fit(Sequential net, Tensor x, int[] y, TrainConfig cfg, Progress progress) {
        return fit(net, x, y, null, null, cfg, progress);
    }

    /**
     * Trains {@code net} on (x, y), evaluating loss and accuracy on (xVal, yVal) after every epoch
     * when they are not null.
     */
    public static TrainHistory fit(Sequential net, Tensor x, int[] y, Tensor xVal, int[] yVal, TrainConfig cfg,
            Progress progress) {
        checkData(x, y, "training");
        if ((xVal == null) != (yVal == null)) {
            throw new IllegalArgumentException("validation inputs and labels must both be given or both be null");
        }
        if (xVal != null) {
            checkData(xVal, yVal, "validation");
        }
        Progress pr = progress == null ? Progress.NONE : progress;
        Optimizer opt = cfg.optimizer().equals("adam")
                ? new Adam(net.parameters(), cfg.learningRate(), 0.9f, 0.999f, 1e-8f, cfg.weightDecay(), true)
                : new Sgd(net.parameters(), cfg.learningRate(), cfg.momentum(), false, cfg.weightDecay());
        Rng shuffle = Rng.of(cfg.seed()).child("shuffle");
        int n = y.length;
        int e = cfg.epochs();
        float[] losses = new float[e];
        float[] accs = new float[e];
        float[] vLosses = new float[xVal == null ? 0 : e];
        float[] vAccs = new float[xVal == null ? 0 : e];
        int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
        long step = 0;
        String lastEpoch = "";
        // progress counts mini-batches so that long epochs show movement too
        pr.start("train " + net.spec(), (long) e * batches);
        try {
            for (int epoch = 0; epoch < e; epoch++) {
                net.train();
                int[] perm = shuffle.permutation(n);
                double lossSum = 0;
                long correct = 0;
                for (int from = 0; from < n; from += cfg.batchSize()) {
                    int to = Math.min(n, from + cfg.batchSize());
                    int[] idx = Arrays.copyOfRange(perm, from, to);
                    int[] yb = new int[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        yb[i] = y[idx[i]];
                    }
                    Variable logits;
                    Variable loss;
                    try (Autodiff.GradMode g = Autodiff.enableGrad()) {
                        logits = net.forward(Variable.constant(x.rows(idx)));
                        loss = Ops.crossEntropyWithLogits(logits, yb, Reduction.MEAN);
                        opt.zeroGrad();
                        loss.backward();
                    }
                    try (Autodiff.GradMode g = Autodiff.noGrad()) {
                        opt.step();
                    }
                    lossSum += (double) loss.value().item() * idx.length;
                    correct += countCorrect(logits.value(), yb);
                    step++;
                    pr.update(step, String.format(Locale.ROOT, "epoch %d/%d loss %.4f%s", epoch + 1, e,
                            lossSum / to, lastEpoch));
                }
                opt.zeroGrad();
                losses[epoch] = (float) (lossSum / n);
                accs[epoch] = (float) correct / n;
                String detail = String.format(Locale.ROOT, "epoch %d/%d loss %.4f acc %.4f", epoch + 1, e,
                        losses[epoch], accs[epoch]);
                if (xVal != null) {
                    float[] la = lossAndAccuracy(net, xVal, yVal);
                    vLosses[epoch] = la[0];
                    vAccs[epoch] = la[1];
                    detail += String.format(Locale.ROOT, " val_loss %.4f val_acc %.4f", la[0], la[1]);
                }
                lastEpoch = " | " + detail;
                pr.update(step, detail);
            }
        } finally {
            net.eval();
            pr.finish();
        }
        return new TrainHistory(losses, accs, vLosses, vAccs);
    }

    /** Accuracy in [0, 1] of {@code net} in evaluation mode; the network's mode is restored afterwards. */
    public static float evaluate(Sequential net, Tensor x, int[] y) {
        return lossAndAccuracy(net, x, y)[1];
    }

    /** {mean cross-entropy, accuracy} in evaluation mode; the network's mode is restored afterwards. */
    public static float[] lossAndAccuracy(Sequential net, Tensor x, int[] y) {
        checkData(x, y, "evaluation");
        boolean wasTraining = net.isTraining();
        net.eval();
        int n = y.length;
        double lossSum = 0;
        long correct = 0;
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            for (int from = 0; from < n; from += EVAL_BATCH) {
                int to = Math.min(n, from + EVAL_BATCH);
                Tensor xb = from == 0 && to == n ? x : x.sliceRows(from, to);
                int[] yb = Arrays.copyOfRange(y, from, to);
                Variable logits = net.forward(Variable.constant(xb));
                lossSum += Ops.crossEntropyWithLogits(logits, yb, Reduction.SUM).value().item();
                correct += countCorrect(logits.value(), yb);
            }
        } finally {
            net.setTraining(wasTraining);
        }
        return new float[] {(float) (lossSum / n), (float) correct / n};
    }

    private static long countCorrect(Tensor logits, int[] y) {
        int[] pred = logits.argmaxRows();
        long c = 0;
        for (int i = 0; i < y.length; i++) {
            if (pred[i] == y[i]) {
                c++;
            }
        }
        return c;
    }

    private static void checkData(Tensor x, int[] y, String what) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(what + " inputs and labels must not be null");
        }
        if (x.rank() == 0 || x.dim(0) != y.length) {
            throw new IllegalArgumentException(what + " data: " + y.length + " labels for inputs of shape "
                    + x.shapeString());
        }
        if (y.length == 0) {
            throw new IllegalArgumentException(what + " data is empty");
        }
    }
}

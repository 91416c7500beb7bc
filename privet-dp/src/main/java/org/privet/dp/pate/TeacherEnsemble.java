package org.privet.dp.pate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;

/**
 * The teachers of PATE: the private data is cut into {@code k} disjoint partitions of (almost) equal size by a
 * seeded shuffle of the record positions, and one network per partition is trained with privet-core's
 * {@link Trainer}. The partition is fixed before training and each record lies in exactly one partition, so changing
 * one record changes at most one teacher, and so one vote per query (the neighbouring relation of Papernot et al.:
 * one record replaced, or added to / removed from one partition). The shuffle is not secret: privacy comes from
 * GNMax's noise, not from the partition. Teachers are read-only after training; {@link #votes} is not thread-safe.
 */
public final class TeacherEnsemble {
    private final List<Sequential> teachers;
    private final int classes;
    private final int[] partitionSizes;

    private TeacherEnsemble(List<Sequential> teachers, int classes, int[] partitionSizes) {
        this.teachers = teachers;
        this.classes = classes;
        this.partitionSizes = partitionSizes;
    }

    /**
     * Partitions the data and trains every teacher.
     *
     * @param x private inputs, {@code [n, ...]}
     * @param y private labels in {@code [0, classes)}
     * @param numTeachers {@code k} in {@code [2, n]}
     * @param classes number of classes, {@code >= 2}
     * @param network a fresh untrained network for teacher {@code i} (its output has {@code classes} logits)
     * @param config training hyperparameters (each teacher's seed is {@code config.seed() + i})
     * @param partitionSeed seeds the shuffle that forms the partitions
     * @param progress reports one unit per teacher
     */
    public static TeacherEnsemble train(Tensor x, int[] y, int numTeachers, int classes, IntFunction<Sequential> network,
            TrainConfig config, long partitionSeed, Progress progress) {
        if (x == null || y == null || network == null || config == null || progress == null) {
            throw new IllegalArgumentException("x, y, network, config and progress must not be null");
        }
        int n = y.length;
        if (x.rank() < 1 || x.dim(0) != n) {
            throw new IllegalArgumentException("PATE: inputs have " + (x.rank() < 1 ? 0 : x.dim(0)) + " rows but there are "
                    + n + " labels");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("PATE: classes must be >= 2. Provided value: " + classes);
        }
        if (numTeachers < 2 || numTeachers > n) {
            throw new IllegalArgumentException("PATE: number of teachers must be in [2, records = " + n + "]. Provided value: "
                    + numTeachers);
        }
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("PATE: label of record " + i + " must be in [0, " + classes
                        + "). Provided value: " + y[i]);
            }
        }
        int[] perm = Rng.of(partitionSeed).permutation(n);
        List<Sequential> teachers = new ArrayList<>(numTeachers);
        int[] sizes = new int[numTeachers];
        progress.start("training PATE teachers", numTeachers);
        try {
            for (int t = 0; t < numTeachers; t++) {
                int size = n / numTeachers + (t < n % numTeachers ? 1 : 0);
                int[] idx = new int[size];
                int[] yt = new int[size];
                for (int j = 0; j < size; j++) {
                    idx[j] = perm[t + j * numTeachers]; // round-robin over the shuffled positions: disjoint
                    yt[j] = y[idx[j]];
                }
                Sequential net = network.apply(t);
                if (net == null) {
                    throw new IllegalArgumentException("PATE: the network factory returned null for teacher " + t);
                }
                TrainConfig c = new TrainConfig(config.optimizer(), config.learningRate(), config.epochs(),
                        Math.min(config.batchSize(), size), config.momentum(), config.weightDecay(), config.seed() + t);
                Trainer.fit(net, x.rows(idx), yt, c, Progress.NONE);
                net.eval();
                teachers.add(net);
                sizes[t] = size;
                progress.update(t + 1, "teacher " + (t + 1) + "/" + numTeachers);
            }
        } finally {
            progress.finish();
        }
        return new TeacherEnsemble(List.copyOf(teachers), classes, sizes);
    }

    /**
     * Each teacher's predicted class for each query, counted per class.
     *
     * @param queries inputs {@code [q, ...]} shaped as the training inputs
     * @return {@code [q][classes]} vote counts (each row sums to the number of teachers)
     */
    public int[][] votes(Tensor queries) {
        int q = queries.dim(0);
        int[][] v = new int[q][classes];
        for (Sequential t : teachers) {
            int[] pred = predict(t, queries);
            for (int i = 0; i < q; i++) {
                v[i][pred[i]]++;
            }
        }
        return v;
    }

    static int[] predict(Sequential net, Tensor x) {
        Tensor logits;
        try (org.privet.core.autodiff.Autodiff.GradMode g = org.privet.core.autodiff.Autodiff.noGrad()) {
            logits = net.forward(org.privet.core.autodiff.Variable.constant(x)).value();
        }
        int q = logits.dim(0);
        int k = logits.dim(1);
        float[] d = logits.data();
        int[] p = new int[q];
        for (int i = 0; i < q; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (d[i * k + j] > d[i * k + best]) {
                    best = j;
                }
            }
            p[i] = best;
        }
        return p;
    }

    /** The trained teachers (read-only use). */
    public List<Sequential> teachers() {
        return teachers;
    }

    /** The number of classes. */
    public int classes() {
        return classes;
    }

    /** Records per teacher. */
    public int[] partitionSizes() {
        return partitionSizes.clone();
    }
}

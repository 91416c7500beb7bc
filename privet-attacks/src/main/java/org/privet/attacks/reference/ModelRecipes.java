package org.privet.attacks.reference;

import java.util.Arrays;
import java.util.Locale;
import org.privet.core.data.Dataset;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;

/**
 * Built-in {@link ModelRecipe}s on privet-core's engine. Networks take their initial weights from
 * {@code rng.child("init")} and their shuffling seed from {@code rng.child("shuffle").nextLong()}
 * (the seed inside the given {@link TrainConfig} is ignored), so each reference model is
 * reproducible from its own generator.
 */
public final class ModelRecipes {
    private ModelRecipes() {
    }

    /**
     * A ReLU MLP {@code d -> hidden... -> classes} trained with {@code config} by {@link Trainer#fit}.
     * Needs tabular features {@code [n, d]}; image features {@code [n, c, h, w]} are flattened.
     */
    public static ModelRecipe mlp(int[] hidden, TrainConfig config) {
        int[] h = hidden.clone();
        for (int w : h) {
            if (w < 1) {
                throw new IllegalArgumentException("mlp hidden widths must be >= 1. Provided value: "
                        + Arrays.toString(hidden));
            }
        }
        checkConfig(config);
        return new ModelRecipe() {
            @Override
            public ProbabilisticClassifier train(Dataset train, Rng rng) {
                Tensor x = flatten(train.features());
                int d = x.dim(1);
                Sequential net = Networks.mlp(rng.child("init"), d, h, train.numClasses());
                Trainer.fit(net, x, train.labels(), reseeded(config, rng), Progress.NONE);
                return new FlatteningClassifier(new NetworkClassifier(net, new int[] {d}, train.numClasses()),
                        train.features().shape());
            }

            @Override
            public String describe() {
                return "mlp" + Arrays.toString(h) + " " + describeConfig(config);
            }
        };
    }

    /**
     * The {@link Networks#cnn} shape (two 5x5 conv + max-pool blocks, one dense layer) with the given
     * widths, for image features {@code [n, channels, height, width]}.
     */
    public static ModelRecipe cnn(int conv1, int conv2, int dense, TrainConfig config) {
        if (conv1 < 1 || conv2 < 1 || dense < 1) {
            throw new IllegalArgumentException("cnn widths must be >= 1. Provided values: " + conv1 + ", " + conv2
                    + ", " + dense);
        }
        checkConfig(config);
        return new ModelRecipe() {
            @Override
            public ProbabilisticClassifier train(Dataset train, Rng rng) {
                Tensor x = train.features();
                if (x.rank() != 4) {
                    throw new IllegalArgumentException("cnn recipe needs image features [n, c, h, w]. Provided shape: "
                            + x.shapeString());
                }
                Sequential net = Networks.cnn(rng.child("init"), x.dim(1), x.dim(2), x.dim(3), train.numClasses(),
                        conv1, conv2, dense);
                Trainer.fit(net, x, train.labels(), reseeded(config, rng), Progress.NONE);
                return new NetworkClassifier(net, new int[] {x.dim(1), x.dim(2), x.dim(3)}, train.numClasses(), 256);
            }

            @Override
            public String describe() {
                return "cnn[" + conv1 + "," + conv2 + "," + dense + "] " + describeConfig(config);
            }
        };
    }

    /** Multinomial logistic regression (L-BFGS, L2 penalty from {@code options}); deterministic, ignores the rng. */
    public static ModelRecipe logisticRegression(LogisticRegression.Options options) {
        return new ModelRecipe() {
            @Override
            public ProbabilisticClassifier train(Dataset train, Rng rng) {
                Tensor x = flatten(train.features());
                return new FlatteningClassifier(LogisticRegression.fit(x, train.labels(), train.numClasses(), options),
                        train.features().shape());
            }

            @Override
            public String describe() {
                return "logistic-regression l2=" + options.l2() + " maxIterations=" + options.maxIterations();
            }
        };
    }

    static Tensor flatten(Tensor x) {
        if (x.rank() == 2) {
            return x;
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException("features must be [n, ...] with at least one feature. Provided shape: "
                    + x.shapeString());
        }
        return x.reshape(x.dim(0), x.size() / Math.max(1, x.dim(0)));
    }

    private static TrainConfig reseeded(TrainConfig c, Rng rng) {
        return new TrainConfig(c.optimizer(), c.learningRate(), c.epochs(), c.batchSize(), c.momentum(),
                c.weightDecay(), rng.child("shuffle").nextLong());
    }

    private static void checkConfig(TrainConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("train config must not be null");
        }
    }

    static String describeConfig(TrainConfig c) {
        return String.format(Locale.ROOT, "%s lr=%s epochs=%d batch=%d momentum=%s weightDecay=%s", c.optimizer(),
                c.learningRate(), c.epochs(), c.batchSize(), c.momentum(), c.weightDecay());
    }
}

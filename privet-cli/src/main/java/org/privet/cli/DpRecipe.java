package org.privet.cli;

import java.util.Arrays;
import org.privet.attacks.reference.FlatteningClassifier;
import org.privet.attacks.reference.ModelRecipe;
import org.privet.core.data.Dataset;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.dp.sgd.DpSgd;
import org.privet.dp.sgd.DpSgdConfig;

/**
 * Trains an MLP or small CNN with DP-SGD: the audit's target and reference models when
 * {@code --dp} is given. Sampling and noise come from secure randomness (that is the point of
 * DP), so two runs with the same seed differ in the models' weights; initial weights follow the seed.
 * Thread safe: every call builds its own network.
 */
final class DpRecipe implements ModelRecipe {
    private final String kind;
    private final int[] hidden;
    private final DpSgdConfig config;
    private final String description;

    DpRecipe(String kind, int[] hidden, DpSgdConfig config, String description) {
        this.kind = kind;
        this.hidden = hidden.clone();
        this.config = config;
        this.description = description;
    }

    @Override
    public ProbabilisticClassifier train(Dataset train, Rng rng) {
        Tensor x = train.features();
        int[] shape = x.shape();
        int classes = train.numClasses();
        if (kind.equals("cnn")) {
            Sequential net = Networks.smallCnn(rng.child("init"), shape[1], shape[2], shape[3], classes);
            DpSgd.train(net, x, train.labels(), config, Progress.NONE);
            return new NetworkClassifier(net, Arrays.copyOfRange(shape, 1, 4), classes);
        }
        Tensor flat = x.rank() == 2 ? x : x.reshape(x.dim(0), -1);
        Sequential net = Networks.mlp(rng.child("init"), flat.dim(1), hidden, classes);
        DpSgd.train(net, flat, train.labels(), config, Progress.NONE);
        NetworkClassifier c = new NetworkClassifier(net, new int[] {flat.dim(1)}, classes);
        return x.rank() == 2 ? c : new FlatteningClassifier(c, shape);
    }

    @Override
    public String describe() {
        return (kind.equals("cnn") ? "cnn" : "mlp" + Arrays.toString(hidden).replace(" ", "")) + " " + description;
    }
}

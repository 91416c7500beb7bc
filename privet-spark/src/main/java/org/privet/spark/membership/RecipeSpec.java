package org.privet.spark.membership;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.privet.attacks.reference.ModelRecipe;
import org.privet.attacks.reference.ModelRecipes;
import org.privet.core.model.LogisticRegression;
import org.privet.core.train.TrainConfig;

/**
 * A training recipe as plain data, so that it can travel to Spark executors (a {@link ModelRecipe} is code and
 * does not serialise): {@link #toRecipe()} rebuilds the same {@link ModelRecipes} recipe on any JVM.
 *
 * <p>Kinds: {@code mlp} ({@link ModelRecipes#mlp} with {@code hidden} widths), {@code cnn} ({@link
 * ModelRecipes#cnn} 32, 64, 128 as {@code privet audit}) and {@code logreg} ({@link
 * ModelRecipes#logisticRegression} with default options; the training fields are then unused). Immutable;
 * validated at construction.
 */
public record RecipeSpec(String kind, int[] hidden, String optimizer, float learningRate, int epochs, int batchSize,
        float momentum, float weightDecay, long seed) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> KINDS = List.of("mlp", "cnn", "logreg");

    /**
     * @throws IllegalArgumentException when the kind is unknown or a training field is out of its range
     */
    public RecipeSpec {
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("recipe kind must be one of " + KINDS + ". Provided value: " + kind);
        }
        hidden = hidden == null ? new int[0] : hidden.clone();
        if (kind.equals("mlp") && hidden.length == 0) {
            throw new IllegalArgumentException("an mlp recipe needs at least one hidden width");
        }
        if (!kind.equals("logreg")) {
            new TrainConfig(optimizer, learningRate, epochs, batchSize, momentum, weightDecay, seed); // validates
        }
    }

    /** An MLP trained with {@code config}. */
    public static RecipeSpec mlp(int[] hidden, TrainConfig config) {
        return of("mlp", hidden, config);
    }

    /** The {@code privet audit} CNN trained with {@code config}. */
    public static RecipeSpec cnn(TrainConfig config) {
        return of("cnn", new int[0], config);
    }

    /** Logistic regression with default options. */
    public static RecipeSpec logisticRegression() {
        return new RecipeSpec("logreg", new int[0], "adam", 1f, 1, 1, 0f, 0f, 0);
    }

    private static RecipeSpec of(String kind, int[] hidden, TrainConfig c) {
        return new RecipeSpec(kind, hidden, c.optimizer(), c.learningRate(), c.epochs(), c.batchSize(), c.momentum(),
                c.weightDecay(), c.seed());
    }

    /**
     * Parses the text form the CLI hands over: keys {@code model}, {@code hidden} (comma-separated), {@code
     * optimizer}, {@code lr}, {@code epochs}, {@code batch-size}, {@code momentum}, {@code weight-decay}, {@code
     * seed}; missing training keys take {@code privet audit}'s defaults.
     *
     * @throws IllegalArgumentException naming the key when a value is malformed or a key is unknown
     */
    public static RecipeSpec parse(Map<String, String> text) {
        Map<String, String> t = new LinkedHashMap<>(text);
        String key = "";
        try {
            String kind = t.getOrDefault("model", "mlp").trim().toLowerCase(Locale.ROOT);
            key = "hidden";
            String h = t.getOrDefault("hidden", "256").trim();
            int[] hidden = h.isEmpty() ? new int[0] : Arrays.stream(h.split(",")).map(String::trim)
                    .mapToInt(Integer::parseInt).toArray();
            key = "lr";
            float lr = Float.parseFloat(t.getOrDefault("lr", "0.001"));
            key = "epochs";
            int epochs = Integer.parseInt(t.getOrDefault("epochs", "30"));
            key = "batch-size";
            int batch = Integer.parseInt(t.getOrDefault("batch-size", "64"));
            key = "momentum";
            float momentum = Float.parseFloat(t.getOrDefault("momentum", "0"));
            key = "weight-decay";
            float wd = Float.parseFloat(t.getOrDefault("weight-decay", "0"));
            key = "seed";
            long seed = Long.parseLong(t.getOrDefault("seed", "0"));
            for (String k : t.keySet()) {
                if (!List.of("model", "hidden", "optimizer", "lr", "epochs", "batch-size", "momentum", "weight-decay",
                        "seed").contains(k)) {
                    throw new IllegalArgumentException("unknown recipe key '" + k + "'. Known: model, hidden, optimizer, "
                            + "lr, epochs, batch-size, momentum, weight-decay, seed");
                }
            }
            if (kind.equals("logreg")) {
                return logisticRegression();
            }
            return new RecipeSpec(kind, hidden, t.getOrDefault("optimizer", "adam"), lr, epochs, batch, momentum, wd,
                    seed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("recipe key '" + key + "' needs a number. Provided value: "
                    + t.get(key), e);
        }
    }

    /** The training configuration (unused by {@code logreg}). */
    public TrainConfig config() {
        return new TrainConfig(optimizer, learningRate, epochs, batchSize, momentum, weightDecay, seed);
    }

    /** The recipe this spec describes; the same on every JVM. */
    public ModelRecipe toRecipe() {
        return switch (kind) {
            case "mlp" -> ModelRecipes.mlp(hidden, config());
            case "cnn" -> ModelRecipes.cnn(32, 64, 128, config());
            case "logreg" -> ModelRecipes.logisticRegression(LogisticRegression.Options.defaults());
            default -> throw new AssertionError("internal invariant: unchecked recipe kind " + kind);
        };
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipeSpec r && kind.equals(r.kind) && Arrays.equals(hidden, r.hidden)
                && optimizer.equals(r.optimizer) && Float.compare(learningRate, r.learningRate) == 0
                && epochs == r.epochs && batchSize == r.batchSize && Float.compare(momentum, r.momentum) == 0
                && Float.compare(weightDecay, r.weightDecay) == 0 && seed == r.seed;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(hidden);
    }

    @Override
    public String toString() {
        return toRecipe().describe();
    }
}

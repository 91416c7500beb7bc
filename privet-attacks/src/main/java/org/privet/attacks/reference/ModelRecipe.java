package org.privet.attacks.reference;

import org.privet.core.data.Dataset;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.rng.Rng;

/**
 * How to train a model "like the target": a function from a training set and a seeded generator to a
 * trained classifier. Reference and shadow models are trained with the target's recipe on other data.
 *
 * <p>Contract: the result depends only on {@code train} and {@code rng}'s seed (same inputs, same
 * model bit for bit); {@link #train} must be safe to call from several threads at once on different
 * arguments (it must not mutate shared state) and must not write into {@code train}. The returned
 * classifier reports {@code train.numClasses()} classes. Returning a
 * {@link org.privet.core.model.WhiteBoxClassifier} lets attacks read logits instead of clipped
 * probabilities.
 */
public interface ModelRecipe {
    /** Trains a fresh model on {@code train} (features {@code [n, ...]}, labels in {@code [0, numClasses)}). */
    ProbabilisticClassifier train(Dataset train, Rng rng);

    /** A one-line description with every hyperparameter, for reports (e.g. {@code mlp[64] adam lr=0.001 ...}). */
    String describe();
}

package org.privet.attacks.reference;

import org.privet.core.model.ProbabilisticClassifier;

/**
 * Extra per-record measurements taken from each reference model while it is still alive (the trainer
 * keeps only outputs, never models): e.g. label-only robustness scores of every pool record, so that
 * a label-only attack can choose its threshold on reference models.
 *
 * <p>Called once per model, from the worker thread that trained it, possibly concurrently for
 * different models: implementations must be thread safe and must not keep the model.
 */
@FunctionalInterface
public interface ModelProbe {
    /**
     * @param model the freshly trained reference model {@code index}
     * @param index the model's index in the masks
     * @return one value per pool record
     */
    double[] probe(ProbabilisticClassifier model, int index);
}

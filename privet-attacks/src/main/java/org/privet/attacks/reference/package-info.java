/**
 * Reference (shadow) models: models trained like the target on data the attacker controls, whose
 * outputs tell an attack how a model behaves on records it did or did not train on.
 *
 * <p>{@link org.privet.attacks.reference.ReferenceMasks} says which pool record each reference model
 * trains on (online: every record, candidates included, is IN for half of the models; offline: the
 * candidates are never IN). {@link org.privet.attacks.reference.ModelRecipe} trains one model from a
 * data set and a seeded {@link org.privet.core.rng.Rng};
 * {@link org.privet.attacks.reference.ReferenceTrainer} trains many in parallel and keeps only their
 * outputs ({@link org.privet.attacks.reference.ReferenceOutputs}) on every pool record under every
 * {@link org.privet.attacks.reference.QueryAugmentation}, never the models, to bound memory.
 *
 * <p>This package depends only on privet-core; attack packages build on it.
 */
package org.privet.attacks.reference;

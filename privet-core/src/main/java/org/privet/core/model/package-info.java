/**
 * What attacks see of a model, by capability: {@link org.privet.core.model.LabelClassifier}
 * (labels), {@link org.privet.core.model.ProbabilisticClassifier} (probabilities),
 * {@link org.privet.core.model.WhiteBoxClassifier} (logits, losses, gradients); models beyond
 * networks, and model files.
 */
package org.privet.core.model;

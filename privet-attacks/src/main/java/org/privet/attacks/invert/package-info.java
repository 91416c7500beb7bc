/**
 * Model inversion and attribute inference (Fredrikson et al., USENIX Security 2014 and CCS 2015).
 *
 * <ul>
 *   <li>{@link org.privet.attacks.invert.MiFace}: reconstructs a class's representative input (a person's
 *       face for a face recogniser) by gradient descent on the input, with the paper's stopping rule;
 *       white-box (input gradients) or black-box (gradients estimated from queries);</li>
 *   <li>{@link org.privet.attacks.invert.AttributeInference}: infers a sensitive attribute of a known record
 *       from the model's answers: Fredrikson's MAP estimator from confidences and the marginal prior, the
 *       label-only variant weighted by the model's confusion matrix, the white-box decision-tree estimator
 *       from leaf counts, and a trained attack-model baseline; always beside the prior-only guess.</li>
 * </ul>
 */
package org.privet.attacks.invert;

/**
 * Model extraction (Tramer et al., USENIX Security 2016; Orekondy et al., CVPR 2019): an attacker with query
 * access to a prediction API builds a local copy of the model.
 *
 * <ul>
 *   <li>{@link org.privet.attacks.extract.EquationSolving}: logistic regression (binary and multinomial)
 *       recovered exactly from confidences with {@code d + 1} queries, least squares when outputs are
 *       rounded;</li>
 *   <li>{@link org.privet.attacks.extract.PathFinding}: decision trees recovered leaf by leaf from leaf
 *       identities (distinct confidence vectors), by line searches along each feature;</li>
 *   <li>{@link org.privet.attacks.extract.Retraining}: any model copied by training a network on queried
 *       labels (label-only APIs) or probabilities, with uniform or adaptive (boundary line-search) queries;</li>
 *   <li>{@link org.privet.attacks.extract.Knockoff}: transfer-set extraction from natural data of another
 *       distribution, trained on the API's soft labels.</li>
 * </ul>
 * Every attack queries the target through a {@link org.privet.attacks.extract.QueryCounter} and reports the
 * queries it used; {@link org.privet.attacks.extract.Fidelity} measures the copy.
 */
package org.privet.attacks.extract;

/**
 * Membership inference: given a model and a record, was the record in the model's training set?
 *
 * <p>Layers, from the bottom: {@link org.privet.attacks.infer.membership.ModelOutputs} holds what a
 * model said about each record (logits or log-probabilities) and derives the per-record signals
 * (loss, confidence, entropy, modified entropy, LiRA's logit-scaled confidence). The attacks are pure
 * functions of such outputs, so models trained elsewhere can be audited from arrays:
 * {@link org.privet.attacks.infer.membership.Baselines} (Yeom et al. 2018; Song and Mittal 2021) with
 * {@link org.privet.attacks.infer.membership.Thresholds} chosen on shadow data,
 * {@link org.privet.attacks.infer.membership.Lira} (Carlini et al. 2022),
 * {@link org.privet.attacks.infer.membership.Rmia} (Zarifzadeh et al. 2024),
 * {@link org.privet.attacks.infer.membership.ShokriAttack} (Shokri et al. 2017) with
 * {@link org.privet.attacks.infer.membership.HillClimbSynthesis}, and
 * {@link org.privet.attacks.infer.membership.LabelOnly} (Choquette-Choo et al. 2021), which queries a
 * {@link org.privet.core.model.LabelClassifier} directly. Reference (shadow) models come from
 * {@link org.privet.attacks.reference}. {@link org.privet.attacks.infer.membership.MembershipAudit}
 * drives everything from one request.
 *
 * <p>Convention: every attack returns one score per candidate, higher meaning "more likely a member",
 * ready for {@link org.privet.core.metrics.RocCurve}.
 */
package org.privet.attacks.infer.membership;

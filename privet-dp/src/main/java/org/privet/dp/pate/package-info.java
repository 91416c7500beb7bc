/**
 * PATE, Private Aggregation of Teacher Ensembles (Papernot et al. 2017, "Semi-supervised knowledge transfer for deep
 * learning from private training data"; Papernot et al. 2018, "Scalable private learning with PATE"): teachers
 * trained on disjoint partitions of the private data vote on public unlabelled inputs; the GNMax aggregator releases
 * the noisy plurality label; a student trained on those labels is released. Only the noisy labels touch the private
 * data, so the student inherits their guarantee (post-processing).
 *
 * <p>{@link org.privet.dp.pate.TeacherEnsemble} (disjoint partitions, training with privet-core's {@code Trainer}),
 * {@link org.privet.dp.pate.GnMax} (noisy argmax with exact discrete Gaussian noise; RDP bounds),
 * {@link org.privet.dp.pate.ConfidentGnMax} (answers only when the noisy top count reaches a threshold),
 * {@link org.privet.dp.pate.PateAccountant} (data-independent and data-dependent RDP of the answered queries and
 * threshold checks; a one-shot private release of the data-dependent cost),
 * {@link org.privet.dp.pate.SmoothSensitivity} (monotone data-dependent cost, its local sensitivity at distance d as in
 * Papernot et al. 2018's Algorithms 3-5 for the erfc form of q, beta-smooth sensitivity, the RDP of the Gaussian
 * smooth-sensitivity release); the erfc tail bound for the discrete noise is proved in {@code GaussianTail},
 * {@link org.privet.dp.pate.Pate} (labels the public data, trains the student).
 */
package org.privet.dp.pate;

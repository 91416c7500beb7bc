/**
 * Reconstruction of clients' training data from federated-learning updates, and the defences that stop
 * it (issue #9).
 *
 * <ul>
 *   <li>{@link org.privet.attacks.reconstruct.AnalyticLinear}: closed-form recovery of the input of a
 *       fully connected first layer (exact for one example) and iDLG label recovery;</li>
 *   <li>{@link org.privet.attacks.reconstruct.GradientMatching}: DLG, iDLG and Inverting Gradients on
 *       FedSGD gradients and FedAvg multi-step updates, through second derivatives of privet-core's
 *       autodiff;</li>
 *   <li>{@link org.privet.attacks.reconstruct.ImprintModule}: the malicious-server imprint block of
 *       "Robbing the Fed", which recovers many examples from one aggregated update;</li>
 *   <li>{@link org.privet.attacks.reconstruct.UpdateDefences}: pruning, clipping plus Gaussian noise and
 *       secure-aggregation sums, to measure the attacks against;</li>
 *   <li>{@link org.privet.attacks.reconstruct.ReconstructionResult} and
 *       {@link org.privet.attacks.reconstruct.ReconstructionMetrics}: images, labels, PSNR, SSIM, label
 *       accuracy.</li>
 * </ul>
 *
 * <p>Layering: depends on privet-core only (tensors, autodiff, nn, metrics).
 */
package org.privet.attacks.reconstruct;

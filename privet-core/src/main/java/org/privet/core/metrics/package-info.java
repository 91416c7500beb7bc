/**
 * Evaluation metrics: ROC analysis for membership inference ({@link org.privet.core.metrics.RocCurve}:
 * exact ties, AUC, TPR at a fixed low FPR, membership advantage), stratified percentile bootstrap
 * confidence intervals ({@link org.privet.core.metrics.Bootstrap}), classification metrics
 * ({@link org.privet.core.metrics.ConfusionMatrix}, {@link org.privet.core.metrics.Accuracy}) and image
 * similarity for reconstructions ({@link org.privet.core.metrics.ImageMetrics}: PSNR, SSIM).
 *
 * <p>Conventions: a higher attack score means "more likely a member"; members are the positive
 * class. All results are computed in double precision. The classes are pure functions or immutable
 * values and are safe to share between threads unless a class says otherwise.
 */
package org.privet.core.metrics;

/**
 * Privacy accounting: composition theorems ({@link org.privet.dp.accounting.Composition}), zCDP
 * ({@link org.privet.dp.accounting.Zcdp}), Renyi DP of the Poisson-subsampled Gaussian
 * ({@link org.privet.dp.accounting.Rdp}, {@link org.privet.dp.accounting.RdpAccountant}), privacy
 * loss distributions ({@link org.privet.dp.accounting.PrivacyLossDistribution},
 * {@link org.privet.dp.accounting.PldAccountant}), a budget that refuses to overspend
 * ({@link org.privet.dp.accounting.BudgetAccountant}) and noise calibration for a target epsilon
 * ({@link org.privet.dp.accounting.NoiseCalibration}).
 *
 * <p>The maths are pure static functions; accountants hold only a replayable history of what was
 * spent (Opacus style), so a report can print the history that produced each epsilon.
 */
package org.privet.dp.accounting;

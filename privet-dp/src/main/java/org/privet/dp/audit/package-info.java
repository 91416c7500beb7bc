/**
 * Differential-privacy auditing: empirical lower bounds on epsilon from membership experiments on canaries
 * (Jagielski et al. 2020, "Auditing differentially private machine learning: how private is private SGD?"; Nasr et
 * al. 2021, "Adversary instantiation: lower bounds for differentially private machine learning"). A mechanism is
 * run many times with and without a canary record, a distinguisher thresholds a score, and Clopper-Pearson upper
 * bounds on its false-positive and false-negative rates turn into a bound {@code epsilon_lb} that holds with the
 * stated confidence whenever the mechanism really is (epsilon, delta)-DP: a lower bound above the claimed epsilon
 * proves the claim (or the implementation) wrong; one below it is consistent with the claim but proves nothing.
 *
 * <p>{@link org.privet.dp.audit.ClopperPearson} (exact binomial bounds), {@link org.privet.dp.audit.EpsilonLowerBound}
 * (from two score samples), {@link org.privet.dp.audit.CanaryAudit} (runs the experiment). Needs nothing from the ML
 * engine: a trial is any function from (canary in or out, seed) to a score.
 */
package org.privet.dp.audit;

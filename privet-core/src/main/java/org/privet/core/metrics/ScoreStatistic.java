package org.privet.core.metrics;

/**
 * A statistic of attack scores and membership labels, e.g. the AUC; what {@link Bootstrap}
 * resamples.
 *
 * <p>Implementations must not keep references to the arrays they are given ({@link Bootstrap}
 * reuses them between resamples) and must not modify them. The labels always contain both classes.
 */
@FunctionalInterface
public interface ScoreStatistic {
    /** The statistic on one (re)sample. */
    double compute(double[] scores, boolean[] isMember);

    /** Area under the ROC curve ({@link RocCurve#auc()}). */
    static ScoreStatistic auc() {
        return (s, m) -> RocCurve.of(s, m).auc();
    }

    /** TPR at FPR {@code alpha} by exact interpolation ({@link RocCurve#tprAtFpr(double)}). */
    static ScoreStatistic tprAtFpr(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1]. Provided value: " + alpha);
        }
        return (s, m) -> RocCurve.of(s, m).tprAtFpr(alpha);
    }

    /** Membership advantage max(TPR - FPR) ({@link RocCurve#membershipAdvantage()}). */
    static ScoreStatistic membershipAdvantage() {
        return (s, m) -> RocCurve.of(s, m).membershipAdvantage();
    }
}

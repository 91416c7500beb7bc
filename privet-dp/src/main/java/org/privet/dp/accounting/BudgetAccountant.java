package org.privet.dp.accounting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.privet.dp.noise.PrivacyBudget;

/**
 * A total (epsilon, delta) budget spent by basic composition, with a replayable history of spends;
 * it refuses to overspend. Sums are kept exactly (as {@link BigDecimal}s of the doubles), and a spend
 * is accepted when the exact sum is at most the total times {@code 1 + 2^-40}: the slack lets ten
 * spends of 0.1 use up a total of 1.0 (the double 0.1 is slightly above one tenth), and changes the
 * guarantee by a relative 1e-12 at most. Thread-safe.
 *
 * <p>Use it to share one budget among several releases (e.g. a count and a sum over the same data);
 * for DP-SGD use {@link RdpAccountant} or {@link PldAccountant}, which compose far more tightly.
 */
public final class BudgetAccountant {

    /** One recorded spend. */
    public record Spend(String label, PrivacyBudget budget) {
        /** Validates the label. */
        public Spend {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("spend label must be non-blank");
            }
            if (budget == null) {
                throw new IllegalArgumentException("spend budget must not be null");
            }
        }
    }

    private static final BigDecimal SLACK = BigDecimal.ONE.add(new BigDecimal(0x1p-40));

    private final PrivacyBudget total;
    private final BigDecimal epsilonLimit;
    private final BigDecimal deltaLimit;
    private final List<Spend> history = new ArrayList<>();
    private BigDecimal spentEpsilon = BigDecimal.ZERO;
    private BigDecimal spentDelta = BigDecimal.ZERO;

    /** An accountant with nothing spent. */
    public BudgetAccountant(PrivacyBudget total) {
        if (total == null) {
            throw new IllegalArgumentException("total budget must not be null");
        }
        this.total = total;
        this.epsilonLimit = new BigDecimal(total.epsilon()).multiply(SLACK);
        this.deltaLimit = new BigDecimal(total.delta()).multiply(SLACK);
    }

    /** The total budget. */
    public PrivacyBudget total() {
        return total;
    }

    /**
     * Records a spend.
     *
     * @throws IllegalStateException if the spend would exceed the total; nothing is recorded then,
     *     and the message says what remains
     */
    public synchronized void spend(String label, PrivacyBudget budget) {
        Spend s = new Spend(label, budget);
        BigDecimal e = spentEpsilon.add(new BigDecimal(budget.epsilon()));
        BigDecimal d = spentDelta.add(new BigDecimal(budget.delta()));
        if (e.compareTo(epsilonLimit) > 0 || d.compareTo(deltaLimit) > 0) {
            throw new IllegalStateException("cannot spend epsilon=" + budget.epsilon() + ", delta=" + budget.delta() + " on '"
                    + label + "': remaining epsilon=" + remainingEpsilon() + ", delta=" + remainingDelta() + " of total epsilon="
                    + total.epsilon() + ", delta=" + total.delta());
        }
        spentEpsilon = e;
        spentDelta = d;
        history.add(s);
    }

    /** True when {@link #spend} would accept this budget now. */
    public synchronized boolean canSpend(PrivacyBudget budget) {
        return spentEpsilon.add(new BigDecimal(budget.epsilon())).compareTo(epsilonLimit) <= 0
                && spentDelta.add(new BigDecimal(budget.delta())).compareTo(deltaLimit) <= 0;
    }

    /** The epsilon not yet spent (rounded down to a double). */
    public synchronized double remainingEpsilon() {
        return roundDown(new BigDecimal(total.epsilon()).subtract(spentEpsilon));
    }

    /** The delta not yet spent (rounded down to a double). */
    public synchronized double remainingDelta() {
        return roundDown(new BigDecimal(total.delta()).subtract(spentDelta));
    }

    /** The spends so far, oldest first (an immutable snapshot). */
    public synchronized List<Spend> history() {
        return Collections.unmodifiableList(new ArrayList<>(history));
    }

    /**
     * Replays a history against a total.
     *
     * @throws IllegalStateException if the history overspends the total
     */
    public static BudgetAccountant replay(PrivacyBudget total, List<Spend> history) {
        BudgetAccountant a = new BudgetAccountant(total);
        for (Spend s : history) {
            a.spend(s.label(), s.budget());
        }
        return a;
    }

    private static double roundDown(BigDecimal x) {
        double d = x.doubleValue();
        if (new BigDecimal(d).compareTo(x) > 0) {
            d = Math.nextDown(d);
        }
        return Math.max(0.0, d);
    }
}

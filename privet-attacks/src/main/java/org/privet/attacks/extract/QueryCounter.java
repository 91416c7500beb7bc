package org.privet.attacks.extract;

import java.util.Objects;
import org.privet.core.model.LabelClassifier;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.tensor.Tensor;

/**
 * Counts the examples (rows) sent to a target and refuses to go over a budget, as a paying or rate-limited
 * API would. Thread-safe counting; the wrapped classifier decides its own thread safety.
 */
public final class QueryCounter implements ProbabilisticClassifier {
    private final LabelClassifier target;
    private final long budget;
    private long used;

    /**
     * @param target the model under attack (probabilities are available only if it is a {@link
     *     ProbabilisticClassifier})
     * @param budget the most rows that may be queried, {@code >= 1}; {@link Long#MAX_VALUE} for none
     */
    public QueryCounter(LabelClassifier target, long budget) {
        this.target = Objects.requireNonNull(target, "target");
        if (budget < 1) {
            throw new IllegalArgumentException("query budget must be >= 1. Provided value: " + budget);
        }
        this.budget = budget;
    }

    /** Thrown when a query would exceed the budget; nothing is queried then. */
    public static final class BudgetExhaustedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        BudgetExhaustedException(String message) {
            super(message);
        }
    }

    /** Whether the target answers with probabilities. */
    public boolean hasProbabilities() {
        return target instanceof ProbabilisticClassifier;
    }

    /** Rows queried so far. */
    public synchronized long used() {
        return used;
    }

    public long budget() {
        return budget;
    }

    /** Rows still allowed. */
    public synchronized long remaining() {
        return budget - used;
    }

    private synchronized void charge(Tensor x) {
        int rows = x.dim(0);
        if (used + rows > budget) {
            throw new BudgetExhaustedException("query budget exhausted: " + used + " of " + budget
                    + " rows used, this query needs " + rows);
        }
        used += rows;
    }

    @Override
    public int numClasses() {
        return target.numClasses();
    }

    @Override
    public int[] inputShape() {
        return target.inputShape();
    }

    @Override
    public Tensor predictProba(Tensor x) {
        if (!(target instanceof ProbabilisticClassifier p)) {
            throw new UnsupportedOperationException("the target answers with labels only; this attack needs "
                    + "probabilities");
        }
        charge(x);
        return p.predictProba(x);
    }

    @Override
    public int[] predict(Tensor x) {
        charge(x);
        return target.predict(x);
    }
}

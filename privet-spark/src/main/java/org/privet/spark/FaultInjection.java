package org.privet.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * Deliberate task failures, to prove that Spark's retries do not change a result: with {@link
 * #failFirstAttempt()} every task of a job throws on its first attempt and succeeds on the next (the master
 * must allow retries, e.g. {@code local[2,3]}). For tests only; {@link #NONE} everywhere else. Immutable;
 * serialised into the tasks.
 */
public final class FaultInjection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No injected failure. */
    public static final FaultInjection NONE = new FaultInjection(false);

    private final boolean failFirst;

    private FaultInjection(boolean failFirst) {
        this.failFirst = failFirst;
    }

    /** Every task fails on attempt 0 (test only). */
    public static FaultInjection failFirstAttempt() {
        return new FaultInjection(true);
    }

    /**
     * Called at the start of a task's work.
     *
     * @throws IllegalStateException on an attempt chosen to fail
     */
    public void maybeFail(String what) {
        if (!failFirst) {
            return;
        }
        TaskContext tc = TaskContext.get();
        if (tc != null && tc.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of " + what + " (task " + tc.taskAttemptId()
                    + ", attempt 0)");
        }
    }
}

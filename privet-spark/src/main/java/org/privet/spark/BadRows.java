package org.privet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Input rows a Spark job could not use: how many, and the first {@value #EXAMPLES} of them as {@code
 * file:line: field: reason} messages. Counted inside the data that the tasks return (not in a Spark
 * accumulator updated by a transformation, which a re-run stage could count twice), so the count is exact
 * whatever Spark retries. Mutable while a task fills it; immutable by contract once returned.
 */
public final class BadRows implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Messages kept per job. */
    public static final int EXAMPLES = 5;

    private long count;
    private final List<String> examples = new ArrayList<>();

    /** Records one bad row. */
    public void add(String message) {
        count++;
        if (examples.size() < EXAMPLES) {
            examples.add(message);
        }
    }

    /** Adds {@code other}'s count and examples (examples kept in call order, up to the limit). */
    public BadRows merge(BadRows other) {
        count += other.count;
        for (String e : other.examples) {
            if (examples.size() < EXAMPLES) {
                examples.add(e);
            }
        }
        return this;
    }

    /** Number of bad rows. */
    public long count() {
        return count;
    }

    /** The first bad rows' messages. */
    public List<String> examples() {
        return List.copyOf(examples);
    }

    /** One line for a report: {@code "3 bad row(s); first: ..."}, or {@code "no bad rows"}. */
    public String summary() {
        return count == 0 ? "no bad rows" : count + " bad row(s); first: " + String.join(" | ", examples);
    }

    @Override
    public String toString() {
        return "BadRows[" + summary() + "]";
    }
}

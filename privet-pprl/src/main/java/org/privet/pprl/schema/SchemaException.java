package org.privet.pprl.schema;

import java.util.List;

/**
 * A linkage schema that is not valid: every problem found, each naming the field (e.g. {@code fields[1]
 * (first_name).tokenizer.q}), the rule and the value given. Thrown by {@link LinkageSchema#parse}.
 */
public final class SchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public SchemaException(String source, List<String> problems) {
        super(source + ": invalid linkage schema (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence naming its place in the schema. */
    public List<String> problems() {
        return problems;
    }
}

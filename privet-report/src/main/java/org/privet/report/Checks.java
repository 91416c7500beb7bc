package org.privet.report;

import java.util.List;

/** Argument checks; messages name the rule and the value. */
final class Checks {
    private Checks() {
    }

    static <T> T notNull(String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    static String notBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank. Provided value: "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }

    static <T> List<T> nonEmptyList(String what, List<T> values) {
        notNull(what, values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(what + " must not contain null. null at index " + i);
            }
        }
        return List.copyOf(values);
    }

    static void finite(String what, double[] values) {
        notNull(what, values);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " must be finite. Provided value " + values[i]
                        + " at index " + i);
            }
        }
    }
}

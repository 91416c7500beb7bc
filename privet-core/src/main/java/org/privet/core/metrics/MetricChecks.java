package org.privet.core.metrics;

/** Argument checks shared by the metrics; messages name the rule and the value. */
final class MetricChecks {
    private MetricChecks() {
    }

    static void checkScoresLabels(String where, double[] scores, boolean[] isMember) {
        if (scores == null || isMember == null) {
            throw new IllegalArgumentException(where + ": scores and labels must not be null");
        }
        if (scores.length != isMember.length) {
            throw new IllegalArgumentException(where + ": scores and labels must have the same length: "
                    + scores.length + " != " + isMember.length);
        }
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException(where + ": scores must not be NaN. NaN at index " + i);
            }
            if (isMember[i]) {
                p++;
            }
        }
        if (p == 0 || p == scores.length) {
            throw new IllegalArgumentException(where + ": labels must contain both members and non-members."
                    + " Provided: " + p + " members, " + (scores.length - p) + " non-members");
        }
    }

    static boolean[] toMembership(String where, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException(where + ": labels must not be null");
        }
        boolean[] m = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l != 0 && l != 1) {
                throw new IllegalArgumentException(where + ": labels must be 0 (non-member) or 1 (member)."
                        + " Provided value " + l + " at index " + i);
            }
            m[i] = l == 1;
        }
        return m;
    }

    static void checkSameLength(String where, String a, int na, String b, int nb) {
        if (na != nb) {
            throw new IllegalArgumentException(where + ": " + a + " and " + b
                    + " must have the same length: " + na + " != " + nb);
        }
    }
}

package org.privet.core.data;

/** What a loader does with a missing value (a cell equal to one of the missing-value tokens). */
public enum MissingPolicy {
    /** Fail with an error naming file, line and column (the default). */
    ERROR,
    /** Drop every record that has a missing value in a used column (ignored columns do not count). */
    DROP_ROW,
    /**
     * Replace a missing numeric value by the column mean and a missing categorical value by the
     * column mode (ties: the first category), both computed over the file's non-missing values.
     * A missing label is still an error: labels are never imputed.
     */
    IMPUTE
}

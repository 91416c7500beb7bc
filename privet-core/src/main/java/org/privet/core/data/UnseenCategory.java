package org.privet.core.data;

/**
 * What to do with a categorical value that is not among a column's known categories (a category
 * that occurs in the test file but not in the training file).
 */
public enum UnseenCategory {
    /** Fail with an error that names the column and the value (the default). */
    ERROR,
    /**
     * Encode it as "no known category": ordinal code {@code -1}, an all-zero block under one-hot
     * encoding.
     */
    ZEROS
}

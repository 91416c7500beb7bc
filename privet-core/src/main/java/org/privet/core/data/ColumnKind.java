package org.privet.core.data;

/** What a source column holds. */
public enum ColumnKind {
    /** A real number; encoded as one feature. */
    NUMERIC,
    /** One of a fixed list of categories; encoded as one ordinal feature (the category index) or a one-hot block. */
    CATEGORICAL,
    /** The class label; encoded in {@link Dataset#labels()}, never as a feature. */
    LABEL
}

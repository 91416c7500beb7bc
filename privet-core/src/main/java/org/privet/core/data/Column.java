package org.privet.core.data;

import java.util.List;

/**
 * One source column of a tabular data set.
 *
 * <p>{@code categories} lists the category names of a {@link ColumnKind#CATEGORICAL} column (index =
 * code) or the class names of the {@link ColumnKind#LABEL} column; it is empty for numeric columns.
 * {@code oneHot} says how a categorical column is encoded in the feature matrix: as one ordinal
 * feature holding the category index (code {@code -1} = unknown category) when {@code false}, or as
 * a block of {@code categories.size()} indicator features when {@code true}.
 *
 * @param name       column name, unique within a schema, not blank
 * @param kind       what the column holds
 * @param categories category (or class) names, distinct; empty for numeric columns
 * @param oneHot     whether a categorical column is one-hot encoded; {@code false} for other kinds
 */
public record Column(String name, ColumnKind kind, List<String> categories, boolean oneHot) {

    public Column {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("column name must not be blank. Provided value: '" + name + "'");
        }
        if (kind == null) {
            throw new IllegalArgumentException("column '" + name + "': kind must not be null");
        }
        categories = List.copyOf(categories == null ? List.of() : categories);
        if (kind == ColumnKind.NUMERIC && !categories.isEmpty()) {
            throw new IllegalArgumentException("numeric column '" + name + "' cannot have categories " + categories);
        }
        if (kind != ColumnKind.NUMERIC && categories.isEmpty()) {
            throw new IllegalArgumentException(kind.name().toLowerCase(java.util.Locale.ROOT) + " column '" + name
                    + "' needs at least one category");
        }
        if (oneHot && kind != ColumnKind.CATEGORICAL) {
            throw new IllegalArgumentException("column '" + name + "': only categorical columns can be one-hot");
        }
        if (new java.util.HashSet<>(categories).size() != categories.size()) {
            throw new IllegalArgumentException("column '" + name + "': categories must be distinct: " + categories);
        }
    }

    /** A numeric column. */
    public static Column numeric(String name) {
        return new Column(name, ColumnKind.NUMERIC, List.of(), false);
    }

    /** A categorical column with ordinal encoding (one feature holding the category index). */
    public static Column categorical(String name, List<String> categories) {
        return new Column(name, ColumnKind.CATEGORICAL, categories, false);
    }

    /** The label column with its class names (index = label). */
    public static Column label(String name, List<String> classes) {
        return new Column(name, ColumnKind.LABEL, classes, false);
    }

    /** This column with one-hot encoding switched on or off (categorical columns only). */
    public Column withOneHot(boolean on) {
        return new Column(name, kind, categories, on);
    }

    /** How many features this column occupies: 1 (numeric, ordinal), k (one-hot), 0 (label). */
    public int width() {
        return switch (kind) {
            case NUMERIC -> 1;
            case CATEGORICAL -> oneHot ? categories.size() : 1;
            case LABEL -> 0;
        };
    }

    /** The index of {@code category}, or -1 when it is not one of this column's categories. */
    public int categoryIndex(String category) {
        return categories.indexOf(category);
    }
}

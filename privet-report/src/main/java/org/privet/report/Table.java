package org.privet.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of cells under named columns. A cell is a {@link String}, a {@link Number}, a
 * {@link Boolean} or {@code null} (empty); numbers stay numbers in {@code report.json}.
 *
 * @param title caption; not null (may be empty)
 * @param columns column headers, at least one
 * @param rows each with exactly one cell per column
 */
public record Table(String title, List<String> columns, List<List<Object>> rows) implements Block {
    /** Validates the shape and cell types; copies the lists. */
    public Table {
        Checks.notNull("table title", title);
        columns = Checks.nonEmptyList("table '" + title + "' columns", columns);
        Checks.notNull("table rows", rows);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            if (row == null || row.size() != columns.size()) {
                throw new IllegalArgumentException("table '" + title + "': row " + r + " must have "
                        + columns.size() + " cells. Provided: " + (row == null ? "null" : row.size()));
            }
            for (int c = 0; c < row.size(); c++) {
                Object cell = row.get(c);
                if (cell != null && !(cell instanceof String) && !(cell instanceof Number)
                        && !(cell instanceof Boolean)) {
                    throw new IllegalArgumentException("table '" + title + "': cell (" + r + ", " + c
                            + ") must be a String, Number, Boolean or null. Provided: " + cell.getClass().getName());
                }
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = java.util.Collections.unmodifiableList(copy);
    }

    /** Starts a table with a caption and column headers. */
    public static Builder builder(String title, String... columns) {
        return new Builder(title, Arrays.asList(columns));
    }

    /** Collects rows; not thread safe. */
    public static final class Builder {
        private final String title;
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        private Builder(String title, List<String> columns) {
            this.title = title;
            this.columns = columns;
        }

        /** Adds a row; one cell per column. */
        public Builder row(Object... cells) {
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException("table '" + title + "': row " + rows.size() + " must have "
                        + columns.size() + " cells. Provided: " + cells.length);
            }
            rows.add(Arrays.asList(cells));
            return this;
        }

        /** The table. */
        public Table build() {
            return new Table(title, columns, rows);
        }
    }
}

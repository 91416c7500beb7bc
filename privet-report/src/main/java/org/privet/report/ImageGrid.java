package org.privet.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of labelled images, e.g. for each target image the original and what each attack
 * reconstructed. Drawn as one PNG with nearest-neighbour upscaling, so small images (28x28) stay
 * crisp. {@code report.json} records the labels, captions and shapes, not the pixels.
 *
 * @param title heading, not blank
 * @param columnLabels one header per column, or empty for none
 * @param rows at least one row; every row has the same number of images (and as many as there are
 *     column labels, if any)
 * @param caption text under the grid
 */
public record ImageGrid(String title, List<String> columnLabels, List<Row> rows, String caption) implements Chart {
    /**
     * One row.
     *
     * @param label row header (may be empty)
     * @param images at least one image
     */
    public record Row(String label, List<GridImage> images) {
        /** Validates and copies. */
        public Row {
            Checks.notNull("row label", label);
            images = Checks.nonEmptyList("row '" + label + "' images", images);
        }
    }

    /** Validates and copies. */
    public ImageGrid {
        Checks.notBlank("chart title", title);
        columnLabels = List.copyOf(Checks.notNull("column labels", columnLabels));
        rows = Checks.nonEmptyList("image grid '" + title + "' rows", rows);
        Checks.notNull("caption", caption);
        int cols = rows.get(0).images().size();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).images().size() != cols) {
                throw new IllegalArgumentException("image grid '" + title + "': every row must have " + cols
                        + " images. Row " + r + " has " + rows.get(r).images().size());
            }
        }
        if (!columnLabels.isEmpty() && columnLabels.size() != cols) {
            throw new IllegalArgumentException("image grid '" + title + "': " + columnLabels.size()
                    + " column labels for " + cols + " columns");
        }
    }

    /** Starts a grid. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Number of columns. */
    public int columnCount() {
        return rows.get(0).images().size();
    }

    /** Collects rows; not thread safe. */
    public static final class Builder {
        private final String title;
        private List<String> columns = List.of();
        private final List<Row> rows = new ArrayList<>();
        private String caption = "";

        private Builder(String title) {
            this.title = title;
        }

        /** Column headers. */
        public Builder columns(String... labels) {
            columns = Arrays.asList(labels);
            return this;
        }

        /** Adds a row. */
        public Builder row(String label, GridImage... images) {
            rows.add(new Row(label, Arrays.asList(images)));
            return this;
        }

        /** Adds a row. */
        public Builder row(String label, List<GridImage> images) {
            rows.add(new Row(label, images));
            return this;
        }

        /** Text under the grid. */
        public Builder caption(String text) {
            caption = text;
            return this;
        }

        /** The grid. */
        public ImageGrid build() {
            return new ImageGrid(title, columns, rows, caption);
        }
    }
}

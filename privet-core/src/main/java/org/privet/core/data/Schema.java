package org.privet.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a data set and how they map onto the feature vector.
 *
 * <p>A schema holds the source columns in order (numeric, categorical and exactly one
 * {@link ColumnKind#LABEL} column) and the shape of one example's features.
 *
 * <ul>
 *   <li><b>Tabular</b> schemas ({@link #tabular}) lay the non-label columns out left to right: a
 *       numeric or ordinal categorical column takes one feature, a one-hot column a block of
 *       {@code k} features. {@link #block(String)}, {@link #columnOfFeature(int)} and
 *       {@link #categoryOfFeature(int)} map between features and columns, which is what
 *       attribute-inference attacks need to rewrite the block of a sensitive column.</li>
 *   <li><b>Image</b> schemas ({@link #image}) have only the label column; features are pixels of
 *       shape {@code [c, h, w]} scaled to [0, 1].</li>
 * </ul>
 *
 * <p>Immutable and thread safe.
 */
public final class Schema {
    private final List<Column> columns;
    private final int[] featureShape;
    private final boolean tabular;
    private final int labelIndex;
    private final Map<String, Integer> byName;
    // tabular only: per column its first feature (label: -1); per feature its column and category
    private final int[] columnStart;
    private final int[] featureColumn;
    private final int[] featureCategory;

    private Schema(List<Column> columns, int[] featureShape, boolean tabular) {
        this.columns = List.copyOf(columns);
        this.featureShape = featureShape;
        this.tabular = tabular;
        this.byName = new HashMap<>();
        int label = -1;
        for (int i = 0; i < this.columns.size(); i++) {
            Column c = this.columns.get(i);
            if (byName.put(c.name(), i) != null) {
                throw new IllegalArgumentException("duplicate column name '" + c.name() + "'");
            }
            if (c.kind() == ColumnKind.LABEL) {
                if (label >= 0) {
                    throw new IllegalArgumentException("a schema has exactly one label column; found '"
                            + this.columns.get(label).name() + "' and '" + c.name() + "'");
                }
                label = i;
            }
        }
        if (label < 0) {
            throw new IllegalArgumentException("a schema needs a label column; columns: " + names(this.columns));
        }
        this.labelIndex = label;
        if (tabular) {
            int width = 0;
            for (Column c : this.columns) {
                width += c.width();
            }
            this.columnStart = new int[this.columns.size()];
            this.featureColumn = new int[width];
            this.featureCategory = new int[width];
            int f = 0;
            for (int i = 0; i < this.columns.size(); i++) {
                Column c = this.columns.get(i);
                columnStart[i] = c.width() == 0 ? -1 : f;
                for (int k = 0; k < c.width(); k++) {
                    featureColumn[f] = i;
                    featureCategory[f] = c.oneHot() ? k : -1;
                    f++;
                }
            }
        } else {
            this.columnStart = null;
            this.featureColumn = null;
            this.featureCategory = null;
        }
    }

    /** A tabular schema over the given columns (exactly one of them of kind LABEL). */
    public static Schema tabular(List<Column> columns) {
        int width = 0;
        for (Column c : columns) {
            width += c.width();
        }
        return new Schema(columns, new int[] {width}, true);
    }

    /** A tabular schema of {@code d} numeric columns {@code x0..x(d-1)} and a label column {@code label}. */
    public static Schema numeric(int d, List<String> classNames) {
        if (d < 0) {
            throw new IllegalArgumentException("number of features must be >= 0. Provided value: " + d);
        }
        List<Column> cols = new ArrayList<>(d + 1);
        for (int i = 0; i < d; i++) {
            cols.add(Column.numeric("x" + i));
        }
        cols.add(Column.label("label", classNames));
        return tabular(cols);
    }

    /** An image schema: features of shape {@code [channels, height, width]} and a label column. */
    public static Schema image(int channels, int height, int width, List<String> classNames) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive. Provided value: [" + channels + ", "
                    + height + ", " + width + "]");
        }
        return new Schema(List.of(Column.label("label", classNames)), new int[] {channels, height, width}, false);
    }

    /** All columns in source order, the label column included. */
    public List<Column> columns() {
        return columns;
    }

    /** Whether features are laid out column by column (as opposed to an image). */
    public boolean isTabular() {
        return tabular;
    }

    /** Shape of one example's features ({@code [d]} tabular, {@code [c, h, w]} images). Copy. */
    public int[] featureShape() {
        return featureShape.clone();
    }

    /** Number of features per example (product of {@link #featureShape()}). */
    public int featureCount() {
        int n = 1;
        for (int s : featureShape) {
            n *= s;
        }
        return n;
    }

    /** The label column. */
    public Column labelColumn() {
        return columns.get(labelIndex);
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return labelColumn().categories();
    }

    /** Index of the column called {@code name}, or -1. */
    public int indexOf(String name) {
        Integer i = byName.get(name);
        return i == null ? -1 : i;
    }

    /** The column called {@code name}; throws IllegalArgumentException naming the known columns. */
    public Column column(String name) {
        return columns.get(require(name));
    }

    /**
     * The features {@code [from, to)} of the column called {@code name} (tabular schemas only).
     * A one-hot column's block has one feature per category, in category order.
     */
    public FeatureBlock block(String name) {
        requireTabular("block");
        int i = require(name);
        Column c = columns.get(i);
        if (c.kind() == ColumnKind.LABEL) {
            throw new IllegalArgumentException("column '" + name + "' is the label; it has no features");
        }
        return new FeatureBlock(i, columnStart[i], columnStart[i] + c.width());
    }

    /** Index of the source column that feature {@code feature} encodes (tabular schemas only). */
    public int columnOfFeature(int feature) {
        requireTabular("columnOfFeature");
        checkFeature(feature);
        return featureColumn[feature];
    }

    /**
     * The category index that feature {@code feature} indicates when it belongs to a one-hot block,
     * otherwise -1 (numeric and ordinal features). Tabular schemas only.
     */
    public int categoryOfFeature(int feature) {
        requireTabular("categoryOfFeature");
        checkFeature(feature);
        return featureCategory[feature];
    }

    /** A readable name of a feature: {@code age}, {@code workclass=Private}, or {@code pixel[c,y,x]}. */
    public String featureName(int feature) {
        checkFeature(feature);
        if (!tabular) {
            int hw = featureShape[1] * featureShape[2];
            int c = feature / hw;
            int y = (feature % hw) / featureShape[2];
            int x = feature % featureShape[2];
            return "pixel[" + c + "," + y + "," + x + "]";
        }
        Column c = columns.get(featureColumn[feature]);
        int k = featureCategory[feature];
        return k < 0 ? c.name() : c.name() + "=" + c.categories().get(k);
    }

    /** A schema with the same columns but the given label column classes. */
    public Schema withClassNames(List<String> classNames) {
        List<Column> cols = new ArrayList<>(columns);
        Column l = labelColumn();
        cols.set(labelIndex, Column.label(l.name(), classNames));
        return new Schema(cols, featureShape.clone(), tabular);
    }

    /** A tabular schema whose categorical columns are all one-hot ({@code true}) or all ordinal. */
    public Schema withOneHot(boolean on) {
        requireTabular("withOneHot");
        List<Column> cols = new ArrayList<>(columns.size());
        for (Column c : columns) {
            cols.add(c.kind() == ColumnKind.CATEGORICAL ? c.withOneHot(on) : c);
        }
        return tabular(cols);
    }

    private int require(String name) {
        Integer i = byName.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no column named '" + name + "'; columns: " + names(columns));
        }
        return i;
    }

    private void requireTabular(String what) {
        if (!tabular) {
            throw new IllegalStateException(what + ": an image schema " + Arrays.toString(featureShape)
                    + " has no per-column feature layout");
        }
    }

    private void checkFeature(int feature) {
        int n = featureCount();
        if (feature < 0 || feature >= n) {
            throw new IndexOutOfBoundsException("feature " + feature + " is outside [0, " + n + ")");
        }
    }

    private static List<String> names(List<Column> cols) {
        List<String> out = new ArrayList<>(cols.size());
        for (Column c : cols) {
            out.add(c.name());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && tabular == s.tabular && columns.equals(s.columns)
                && Arrays.equals(featureShape, s.featureShape);
    }

    @Override
    public int hashCode() {
        return columns.hashCode() * 31 + Arrays.hashCode(featureShape);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(tabular ? "Schema[tabular " : "Schema[image ");
        sb.append(Arrays.toString(featureShape)).append(": ");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(c.name()).append(' ').append(c.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (c.kind() != ColumnKind.NUMERIC) {
                sb.append('(').append(c.categories().size()).append(c.oneHot() ? ", one-hot)" : ")");
            }
        }
        return sb.append(']').toString();
    }

    /**
     * The features {@code [from, to)} that encode source column {@code column}.
     *
     * @param column index of the column in {@link Schema#columns()}
     * @param from   first feature, inclusive
     * @param to     last feature, exclusive
     */
    public record FeatureBlock(int column, int from, int to) {
        /** Number of features in the block. */
        public int width() {
            return to - from;
        }
    }
}

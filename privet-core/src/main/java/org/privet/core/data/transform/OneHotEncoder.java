package org.privet.core.data.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.privet.core.data.Column;
import org.privet.core.data.ColumnKind;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.data.UnseenCategory;
import org.privet.core.tensor.Tensor;

/**
 * One-hot encoding of the categorical columns of a tabular data set.
 *
 * <p>{@link #fit} fixes the categories of every categorical column from the training data's schema
 * (the categories the loader declared, in their order). {@link #apply} turns each ordinal
 * categorical feature into a block of indicator features in that order and copies numeric features;
 * the output schema marks the columns one-hot, so {@link Schema#block(String)} finds each block.
 *
 * <p>Data loaded separately (a test file with its own category numbering) is mapped by category
 * <em>name</em>. A category the encoder has not seen is an error naming the column and the value,
 * or, with {@link UnseenCategory#ZEROS}, an all-zero block; an ordinal code of -1 (unknown, see
 * {@link UnseenCategory}) is always an all-zero block. Immutable and thread safe.
 */
public final class OneHotEncoder implements FittedTransform {
    private final Schema ordinal;
    private final Schema encoded;
    private final UnseenCategory unseen;

    private OneHotEncoder(Schema ordinal, UnseenCategory unseen) {
        this.ordinal = ordinal;
        this.encoded = ordinal.withOneHot(true);
        this.unseen = unseen;
    }

    /** Fits on the training data's schema; unseen categories are errors. */
    public static OneHotEncoder fit(Dataset train) {
        return fit(train, UnseenCategory.ERROR);
    }

    /** Fits on the training data's schema with the given unseen-category policy. */
    public static OneHotEncoder fit(Dataset train, UnseenCategory unseen) {
        Schema s = train.schema();
        if (!s.isTabular()) {
            throw new IllegalArgumentException("one-hot encoding needs a tabular data set; got " + s);
        }
        for (Column c : s.columns()) {
            if (c.oneHot()) {
                throw new IllegalArgumentException("column '" + c.name() + "' is already one-hot encoded");
            }
        }
        return new OneHotEncoder(s, java.util.Objects.requireNonNull(unseen, "unseen"));
    }

    /** The schema of encoded data sets. */
    public Schema encodedSchema() {
        return encoded;
    }

    @Override
    public Dataset apply(Dataset data) {
        Schema in = data.schema();
        if (!in.isTabular()) {
            throw new IllegalArgumentException("one-hot encoding needs a tabular data set; got " + in);
        }
        List<Column> fitted = ordinal.columns();
        int nIn = in.featureCount();
        // for each fitted non-label column: source feature index and category remapping
        int[] src = new int[fitted.size()];
        int[][] remap = new int[fitted.size()][];
        for (int j = 0; j < fitted.size(); j++) {
            Column fc = fitted.get(j);
            if (fc.kind() == ColumnKind.LABEL) {
                continue;
            }
            int ci = in.indexOf(fc.name());
            if (ci < 0 || in.columns().get(ci).kind() != fc.kind()) {
                throw new IllegalArgumentException("data set '" + data.name() + "' has no " + fc.kind().name().toLowerCase(
                        java.util.Locale.ROOT) + " column '" + fc.name() + "' as the encoder was fitted on; schema " + in);
            }
            Column dc = in.columns().get(ci);
            if (dc.oneHot()) {
                throw new IllegalArgumentException("column '" + dc.name() + "' is already one-hot encoded");
            }
            src[j] = in.block(dc.name()).from();
            if (fc.kind() == ColumnKind.CATEGORICAL) {
                Map<String, Integer> pos = new HashMap<>();
                for (int k = 0; k < fc.categories().size(); k++) {
                    pos.put(fc.categories().get(k), k);
                }
                int[] m = new int[dc.categories().size()];
                for (int k = 0; k < m.length; k++) {
                    Integer p = pos.get(dc.categories().get(k));
                    m[k] = p == null ? -1 : p;
                }
                remap[j] = m;
            }
        }
        if (in.columns().size() != fitted.size()) {
            List<String> extra = new ArrayList<>();
            for (Column c : in.columns()) {
                if (ordinal.indexOf(c.name()) < 0) {
                    extra.add(c.name());
                }
            }
            throw new IllegalArgumentException("data set '" + data.name() + "' has columns the encoder was not fitted on: "
                    + extra);
        }
        int n = data.size();
        int dOut = encoded.featureCount();
        float[] x = data.features().data();
        float[] y = new float[n * dOut];
        for (int i = 0; i < n; i++) {
            int inRow = i * nIn;
            int out = i * dOut;
            for (int j = 0; j < fitted.size(); j++) {
                Column fc = fitted.get(j);
                if (fc.kind() == ColumnKind.LABEL) {
                    continue;
                }
                float v = x[inRow + src[j]];
                if (fc.kind() == ColumnKind.NUMERIC) {
                    y[out++] = v;
                    continue;
                }
                int code = (int) v;
                if (code != v || code < -1 || code >= remap[j].length) {
                    throw new DataFormatException(null, 0, fc.name(), "example " + i + " has category code " + v
                            + ", which is not an index into its " + remap[j].length + " categories");
                }
                int k = code < 0 ? -1 : remap[j][code];
                if (k < 0 && code >= 0 && unseen == UnseenCategory.ERROR) {
                    String value = in.column(fc.name()).categories().get(code);
                    throw new DataFormatException(null, 0, fc.name(), "unseen category '" + value + "' (example " + i
                            + " of '" + data.name() + "'); the encoder knows " + fc.categories()
                            + "; fit with UnseenCategory.ZEROS to encode it as all zeros");
                }
                if (k >= 0) {
                    y[out + k] = 1f;
                }
                out += fc.categories().size();
            }
        }
        Schema outSchema = encoded.withClassNames(in.classNames());
        return new Dataset(data.name(), Tensor.wrap(y, n, dOut), data.labels(), outSchema);
    }
}

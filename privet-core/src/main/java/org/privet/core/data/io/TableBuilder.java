package org.privet.core.data.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.privet.core.data.Column;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.MissingPolicy;
import org.privet.core.data.Schema;
import org.privet.core.data.UnseenCategory;
import org.privet.core.tensor.Tensor;

/**
 * Turns parsed text records into a {@link Dataset}: column typing, missing values, category and
 * label coding. Shared by the CSV and ARFF loaders. Not thread safe; one instance per load.
 */
final class TableBuilder {
    enum Want { AUTO, NUMERIC, CATEGORICAL, LABEL, IGNORE }

    /** What a column should become; {@code categories} fixed (declared or from a reference) or null. */
    record Spec(String name, Want want, List<String> categories) {
    }

    private final Path file;
    private final List<Spec> specs;
    private final List<String[]> rows;
    private final long[] lines;
    private final Set<String> missingTokens;
    private final MissingPolicy missingPolicy;
    private final UnseenCategory unseen;
    private final boolean normaliseLabels;
    private String unseenHint = " (UnseenCategory.ZEROS encodes it as none)";

    TableBuilder(Path file, List<Spec> specs, List<String[]> rows, long[] lines, Set<String> missingTokens,
            MissingPolicy missingPolicy, UnseenCategory unseen, boolean normaliseLabels) {
        this.file = file;
        this.specs = specs;
        this.rows = rows;
        this.lines = lines;
        this.missingTokens = missingTokens;
        this.missingPolicy = missingPolicy;
        this.unseen = unseen;
        this.normaliseLabels = normaliseLabels;
    }

    /** Replaces the advice appended to unseen-category errors. */
    TableBuilder unseenHint(String hint) {
        this.unseenHint = hint;
        return this;
    }

    Dataset build(String name) {
        int ncol = specs.size();
        int labelCol = -1;
        for (int c = 0; c < ncol; c++) {
            if (specs.get(c).want() == Want.LABEL) {
                labelCol = c;
            }
        }
        if (labelCol < 0) {
            throw new AssertionError("internal invariant: table without a label column");
        }
        int n = rows.size();
        if (normaliseLabels) {
            for (String[] r : rows) {
                r[labelCol] = normaliseLabel(r[labelCol]);
            }
        }
        // 1. missing cells per used column
        BitSet[] missing = new BitSet[ncol];
        for (int c = 0; c < ncol; c++) {
            if (specs.get(c).want() == Want.IGNORE) {
                continue;
            }
            missing[c] = new BitSet(n);
            for (int r = 0; r < n; r++) {
                if (missingTokens.contains(rows.get(r)[c])) {
                    missing[c].set(r);
                }
            }
        }
        // 2. the missing-value policy decides which rows survive
        BitSet dropped = new BitSet(n);
        if (missingPolicy == MissingPolicy.ERROR) {
            int firstRow = Integer.MAX_VALUE;
            int firstCol = -1;
            for (int c = 0; c < ncol; c++) {
                if (missing[c] != null && !missing[c].isEmpty() && missing[c].nextSetBit(0) < firstRow) {
                    firstRow = missing[c].nextSetBit(0);
                    firstCol = c;
                }
            }
            if (firstCol >= 0) {
                throw new DataFormatException(file, lines[firstRow], specs.get(firstCol).name(), "missing value '"
                        + rows.get(firstRow)[firstCol] + "' (missing-value policy is ERROR; choose DROP_ROW or IMPUTE)");
            }
        } else {
            if (missingPolicy == MissingPolicy.IMPUTE && !missing[labelCol].isEmpty()) {
                int r = missing[labelCol].nextSetBit(0);
                throw new DataFormatException(file, lines[r], specs.get(labelCol).name(), "missing label '"
                        + rows.get(r)[labelCol] + "' (labels are never imputed; use DROP_ROW)");
            }
            for (int c = 0; c < ncol; c++) {
                if (missing[c] != null && (missingPolicy == MissingPolicy.DROP_ROW || c == labelCol)) {
                    dropped.or(missing[c]);
                }
            }
        }
        int[] keep = new int[n - dropped.cardinality()];
        for (int r = 0, k = 0; r < n; r++) {
            if (!dropped.get(r)) {
                keep[k++] = r;
            }
        }
        if (keep.length == 0) {
            throw new DataFormatException(file, n == 0 ? "no data records" : "all " + n
                    + " records were dropped for missing values");
        }
        // 3. encode each used column over the kept rows
        List<Column> columns = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        int[] labels = null;
        for (int c = 0; c < ncol; c++) {
            Spec s = specs.get(c);
            switch (s.want()) {
                case IGNORE -> {
                }
                case LABEL -> {
                    List<String> classes = s.categories() != null ? s.categories() : sortedLabels(keep, c);
                    labels = labels(keep, c, classes);
                    columns.add(Column.label(s.name(), classes));
                }
                default -> {
                    float[] v = s.want() == Want.CATEGORICAL ? null : numeric(keep, c, missing[c], s.want() == Want.NUMERIC);
                    if (v != null) {
                        columns.add(Column.numeric(s.name()));
                    } else {
                        List<String> cats = s.categories() != null ? s.categories() : distinctSorted(keep, c, missing[c]);
                        v = categorical(keep, c, missing[c], cats);
                        columns.add(Column.categorical(s.name(), cats));
                    }
                    values.add(v);
                }
            }
        }
        int d = values.size();
        float[] x = new float[keep.length * d];
        for (int j = 0; j < d; j++) {
            float[] v = values.get(j);
            for (int i = 0; i < keep.length; i++) {
                x[i * d + j] = v[i];
            }
        }
        return new Dataset(name, Tensor.wrap(x, keep.length, d), labels, Schema.tabular(columns));
    }

    /** Parsed numbers of column c, imputed; null when AUTO and some value is not a number. */
    private float[] numeric(int[] keep, int c, BitSet miss, boolean required) {
        float[] v = new float[keep.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < keep.length; i++) {
            int r = keep[i];
            if (miss.get(r)) {
                v[i] = Float.NaN;
                continue;
            }
            String cell = rows.get(r)[c];
            double x = parseNumber(cell);
            if (Double.isNaN(x)) {
                if (!required) {
                    return null;
                }
                throw new DataFormatException(file, lines[r], specs.get(c).name(), "'" + cell + "' is not a number");
            }
            if (Double.isInfinite(x) || Math.abs(x) > Float.MAX_VALUE) {
                throw new DataFormatException(file, lines[r], specs.get(c).name(), "'" + cell
                        + "' is not a finite float32 number");
            }
            v[i] = (float) x;
            sum += x;
            count++;
        }
        if (count < keep.length) {
            if (count == 0) {
                throw new DataFormatException(file, 0, specs.get(c).name(),
                        "every value is missing; there is nothing to impute from");
            }
            float mean = (float) (sum / count);
            for (int i = 0; i < keep.length; i++) {
                if (Float.isNaN(v[i])) {
                    v[i] = mean;
                }
            }
        }
        return v;
    }

    private float[] categorical(int[] keep, int c, BitSet miss, List<String> cats) {
        Map<String, Integer> code = new HashMap<>();
        for (int k = 0; k < cats.size(); k++) {
            code.put(cats.get(k), k);
        }
        float[] v = new float[keep.length];
        int[] counts = new int[cats.size()];
        boolean anyMissing = false;
        for (int i = 0; i < keep.length; i++) {
            int r = keep[i];
            if (miss.get(r)) {
                anyMissing = true;
                v[i] = Float.NaN;
                continue;
            }
            String cell = rows.get(r)[c];
            Integer k = code.get(cell);
            if (k == null) {
                if (unseen == UnseenCategory.ERROR) {
                    throw new DataFormatException(file, lines[r], specs.get(c).name(), "unseen category '" + cell
                            + "'; known categories: " + abbreviate(cats) + unseenHint);
                }
                v[i] = -1f;
            } else {
                v[i] = k;
                counts[k]++;
            }
        }
        if (anyMissing) {
            int mode = 0;
            for (int k = 1; k < counts.length; k++) {
                if (counts[k] > counts[mode]) {
                    mode = k;
                }
            }
            if (counts[mode] == 0) {
                throw new DataFormatException(file, 0, specs.get(c).name(),
                        "every value is missing; there is nothing to impute from");
            }
            for (int i = 0; i < keep.length; i++) {
                if (Float.isNaN(v[i])) {
                    v[i] = mode;
                }
            }
        }
        return v;
    }

    private int[] labels(int[] keep, int c, List<String> classes) {
        Map<String, Integer> code = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            code.put(classes.get(k), k);
        }
        int[] out = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            int r = keep[i];
            String cell = rows.get(r)[c];
            Integer k = code.get(cell);
            if (k == null) {
                throw new DataFormatException(file, lines[r], specs.get(c).name(), "unknown class label '" + cell
                        + "'; known classes: " + abbreviate(classes)
                        + (normaliseLabels ? "" : " (normaliseLabels strips trailing '.' as in UCI Adult's test file)"));
            }
            out[i] = k;
        }
        return out;
    }

    private List<String> distinctSorted(int[] keep, int c, BitSet miss) {
        TreeSet<String> set = new TreeSet<>();
        for (int r : keep) {
            if (!miss.get(r)) {
                set.add(rows.get(r)[c]);
            }
        }
        if (set.isEmpty()) {
            throw new DataFormatException(file, 0, specs.get(c).name(), "every value is missing");
        }
        return List.copyOf(set);
    }

    /** Distinct labels, sorted numerically when all are numbers, else lexicographically. */
    private List<String> sortedLabels(int[] keep, int c) {
        TreeSet<String> set = new TreeSet<>();
        for (int r : keep) {
            set.add(rows.get(r)[c]);
        }
        List<String> out = new ArrayList<>(set);
        boolean allNumbers = true;
        for (String s : out) {
            if (Double.isNaN(parseNumber(s))) {
                allNumbers = false;
                break;
            }
        }
        if (allNumbers) {
            out.sort(Comparator.comparingDouble(TableBuilder::parseNumber).thenComparing(Comparator.naturalOrder()));
        }
        return List.copyOf(out);
    }

    static String normaliseLabel(String s) {
        String t = s.strip();
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '.') {
            end--;
        }
        return t.substring(0, end).strip();
    }

    /** The number in {@code s}, or NaN when {@code s} is not a plain decimal number (NaN/Infinity words rejected). */
    static double parseNumber(String s) {
        if (s.isEmpty()) {
            return Double.NaN;
        }
        char last = s.charAt(s.length() - 1);
        // Double.parseDouble accepts "NaN", "Infinity", hex floats and a trailing 'd'/'f': reject those
        if (!(last >= '0' && last <= '9') && last != '.') {
            return Double.NaN;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String abbreviate(List<String> values) {
        if (values.size() <= 20) {
            return values.toString();
        }
        return values.subList(0, 20).toString().replace("]", ", ... (" + values.size() + " in all)]");
    }
}

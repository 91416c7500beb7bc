package org.privet.core.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.privet.core.data.Column;
import org.privet.core.data.ColumnKind;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.MissingPolicy;
import org.privet.core.data.Schema;
import org.privet.core.data.UnseenCategory;

/**
 * Loads a delimited text file (RFC 4180 CSV; gzipped files are read transparently) into a tabular
 * {@link Dataset}.
 *
 * <p>Every non-ignored, non-label column becomes one feature: numeric columns their value,
 * categorical columns the index of their category (ordinal coding; use
 * {@link org.privet.core.data.transform.OneHotEncoder} for one-hot). Categories and string class
 * labels are numbered in sorted order (labels that are all numbers in numeric order), unless a
 * {@linkplain Options.Builder#referenceSchema reference schema} fixes them, which is how a test
 * file is loaded with the training file's coding.
 *
 * <p>Errors in the data raise {@link DataFormatException} with file, line and column, e.g.
 * {@code adult.csv:12: column 'age': 'abc' is not a number}. Stateless and thread safe.
 *
 * <p>UCI Adult, for example (no header, {@code ", "} separators, {@code ?} for missing values, a
 * comment line and labels ending in {@code '.'} in the test file):
 * <pre>{@code
 * CsvLoader.Options opts = CsvLoader.options().header(false).columnNames(ADULT_COLUMNS)
 *         .label("income").commentPrefix("|").missingPolicy(MissingPolicy.DROP_ROW)
 *         .normaliseLabels(true).build();
 * Dataset train = CsvLoader.load(Path.of("adult.data.gz"), opts);
 * Dataset test = CsvLoader.load(Path.of("adult.test.gz"), opts.withReferenceSchema(train.schema()));
 * }</pre>
 */
public final class CsvLoader {
    private CsvLoader() {
    }

    /** A builder of loader options with the defaults documented on each setter. */
    public static Options.Builder options() {
        return new Options.Builder();
    }

    /** Loads {@code file} with {@code options}. */
    public static Dataset load(Path file, Options options) {
        try (InputStream in = DataFiles.open(file);
                Reader r = new InputStreamReader(in, options.charset)) {
            return load(r, file, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads CSV text from {@code reader}; {@code file} is only used in error messages and for the
     * default data set name (may be null).
     */
    public static Dataset load(Reader reader, Path file, Options o) throws IOException {
        CsvReader csv = new CsvReader(reader, file, o.delimiter, o.quote, o.trim, o.commentPrefix);
        List<String> names;
        String[] first = csv.next();
        if (first == null) {
            throw new DataFormatException(file, "file is empty");
        }
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[1024];
        long headerLine = csv.recordLine();
        if (o.header) {
            names = o.columnNames != null ? o.columnNames : Arrays.asList(first);
            if (o.columnNames != null && o.columnNames.size() != first.length) {
                throw new DataFormatException(file, csv.recordLine(), null, "header has " + first.length
                        + " fields but " + o.columnNames.size() + " column names were given");
            }
        } else {
            names = o.columnNames != null ? o.columnNames : defaultNames(first.length);
            rows.add(first);
            lines[0] = csv.recordLine();
        }
        checkNames(file, o.header ? headerLine : 0, names);
        String[] rec;
        while ((rec = csv.next()) != null) {
            if (rec.length != names.size()) {
                throw new DataFormatException(file, csv.recordLine(), null, "record has " + rec.length
                        + " fields, expected " + names.size() + " (one per column: " + TableBuilder.abbreviate(names) + ")");
            }
            if (rows.size() == lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
            }
            lines[rows.size()] = csv.recordLine();
            rows.add(rec);
        }
        if (!rows.isEmpty() && rows.get(0).length != names.size()) {
            throw new DataFormatException(file, lines[0], null, "record has " + rows.get(0).length
                    + " fields, expected " + names.size());
        }
        List<TableBuilder.Spec> specs = specs(names, o);
        String name = o.name != null ? o.name : file == null ? "csv" : DataFiles.baseName(file);
        return new TableBuilder(file, specs, rows, lines, o.missingTokens, o.missingPolicy, o.unseenCategory,
                o.normaliseLabels).build(name);
    }

    private static List<TableBuilder.Spec> specs(List<String> names, Options o) {
        Set<String> known = new HashSet<>(names);
        for (Set<String> s : List.of(o.categorical, o.numeric, o.ignore)) {
            for (String n : s) {
                if (!known.contains(n)) {
                    throw new IllegalArgumentException("no column named '" + n + "'; columns: " + names);
                }
            }
        }
        String label = o.label != null ? o.label : names.get(names.size() - 1);
        if (!known.contains(label)) {
            throw new IllegalArgumentException("label column '" + label + "' not found; columns: " + names);
        }
        if (o.ignore.contains(label)) {
            throw new IllegalArgumentException("label column '" + label + "' cannot be ignored");
        }
        Schema ref = o.referenceSchema;
        List<TableBuilder.Spec> specs = new ArrayList<>(names.size());
        for (String n : names) {
            if (n.equals(label)) {
                List<String> classes = ref == null ? null : ref.classNames();
                if (ref != null && !ref.labelColumn().name().equals(label)) {
                    throw new IllegalArgumentException("label column '" + label + "' differs from the reference schema's '"
                            + ref.labelColumn().name() + "'");
                }
                specs.add(new TableBuilder.Spec(n, TableBuilder.Want.LABEL, classes));
            } else if (o.ignore.contains(n)) {
                specs.add(new TableBuilder.Spec(n, TableBuilder.Want.IGNORE, null));
            } else if (ref != null) {
                if (ref.indexOf(n) < 0) {
                    throw new IllegalArgumentException("column '" + n + "' is not in the reference schema " + ref
                            + "; ignore it or load with the same columns");
                }
                Column c = ref.column(n);
                specs.add(c.kind() == ColumnKind.NUMERIC ? new TableBuilder.Spec(n, TableBuilder.Want.NUMERIC, null)
                        : new TableBuilder.Spec(n, TableBuilder.Want.CATEGORICAL, c.categories()));
            } else if (o.categorical.contains(n)) {
                specs.add(new TableBuilder.Spec(n, TableBuilder.Want.CATEGORICAL, null));
            } else if (o.numeric.contains(n) || !o.autoDetect) {
                specs.add(new TableBuilder.Spec(n, TableBuilder.Want.NUMERIC, null));
            } else {
                specs.add(new TableBuilder.Spec(n, TableBuilder.Want.AUTO, null));
            }
        }
        if (ref != null) {
            for (Column c : ref.columns()) {
                if (!known.contains(c.name())) {
                    throw new IllegalArgumentException("reference schema column '" + c.name() + "' is missing; columns: "
                            + names);
                }
            }
        }
        return specs;
    }

    private static List<String> defaultNames(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("c" + i);
        }
        return out;
    }

    private static void checkNames(Path file, long line, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n.isBlank()) {
                throw new DataFormatException(file, line, null, "column " + (i + 1) + " has a blank name");
            }
            if (!seen.add(n)) {
                throw new DataFormatException(file, line, null, "duplicate column name '" + n + "'");
            }
        }
    }

    /** Immutable loader options; build with {@link CsvLoader#options()}. */
    public static final class Options {
        final char delimiter;
        final char quote;
        final boolean header;
        final List<String> columnNames;
        final boolean trim;
        final String commentPrefix;
        final Set<String> missingTokens;
        final MissingPolicy missingPolicy;
        final Set<String> categorical;
        final Set<String> numeric;
        final boolean autoDetect;
        final String label;
        final boolean normaliseLabels;
        final Set<String> ignore;
        final Schema referenceSchema;
        final UnseenCategory unseenCategory;
        final Charset charset;
        final String name;

        private Options(Builder b) {
            this.delimiter = b.delimiter;
            this.quote = b.quote;
            this.header = b.header;
            this.columnNames = b.columnNames;
            this.trim = b.trim;
            this.commentPrefix = b.commentPrefix;
            this.missingTokens = Set.copyOf(b.missingTokens);
            this.missingPolicy = b.missingPolicy;
            this.categorical = Set.copyOf(b.categorical);
            this.numeric = Set.copyOf(b.numeric);
            this.autoDetect = b.autoDetect;
            this.label = b.label;
            this.normaliseLabels = b.normaliseLabels;
            this.ignore = Set.copyOf(b.ignore);
            this.referenceSchema = b.referenceSchema;
            this.unseenCategory = b.unseenCategory;
            this.charset = b.charset;
            this.name = b.name;
        }

        /** These options with a reference schema (see {@link Builder#referenceSchema}). */
        public Options withReferenceSchema(Schema schema) {
            return toBuilder().referenceSchema(schema).build();
        }

        /** A builder initialised with these options. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.delimiter = delimiter;
            b.quote = quote;
            b.header = header;
            b.columnNames = columnNames;
            b.trim = trim;
            b.commentPrefix = commentPrefix;
            b.missingTokens = new LinkedHashSet<>(missingTokens);
            b.missingPolicy = missingPolicy;
            b.categorical = new LinkedHashSet<>(categorical);
            b.numeric = new LinkedHashSet<>(numeric);
            b.autoDetect = autoDetect;
            b.label = label;
            b.normaliseLabels = normaliseLabels;
            b.ignore = new LinkedHashSet<>(ignore);
            b.referenceSchema = referenceSchema;
            b.unseenCategory = unseenCategory;
            b.charset = charset;
            b.name = name;
            return b;
        }

        /** Mutable builder; not thread safe. */
        public static final class Builder {
            private char delimiter = ',';
            private char quote = '"';
            private boolean header = true;
            private List<String> columnNames;
            private boolean trim = true;
            private String commentPrefix;
            private Set<String> missingTokens = new LinkedHashSet<>(List.of("", "?", "NA"));
            private MissingPolicy missingPolicy = MissingPolicy.ERROR;
            private Set<String> categorical = new LinkedHashSet<>();
            private Set<String> numeric = new LinkedHashSet<>();
            private boolean autoDetect = true;
            private String label;
            private boolean normaliseLabels;
            private Set<String> ignore = new LinkedHashSet<>();
            private Schema referenceSchema;
            private UnseenCategory unseenCategory = UnseenCategory.ERROR;
            private Charset charset = StandardCharsets.UTF_8;
            private String name;

            private Builder() {
            }

            /** Field delimiter (default {@code ','}); must differ from the quote and from line ends. */
            public Builder delimiter(char c) {
                if (c == '\n' || c == '\r') {
                    throw new IllegalArgumentException("delimiter must not be a line end");
                }
                this.delimiter = c;
                return this;
            }

            /** Quote character (default {@code '"'}). */
            public Builder quote(char c) {
                this.quote = c;
                return this;
            }

            /** Whether the first record holds the column names (default true). */
            public Builder header(boolean h) {
                this.header = h;
                return this;
            }

            /**
             * Column names; required meaning when there is no header (default {@code c0, c1, ...}),
             * and they replace the header's names when there is one.
             */
            public Builder columnNames(List<String> names) {
                this.columnNames = List.copyOf(names);
                return this;
            }

            /** Whether blanks around fields are removed (default true; quoted content is kept). */
            public Builder trim(boolean t) {
                this.trim = t;
                return this;
            }

            /** Lines starting with this prefix are skipped (default: none). */
            public Builder commentPrefix(String prefix) {
                this.commentPrefix = prefix;
                return this;
            }

            /** Cells (after trimming) that mean "missing" (default {@code "", "?", "NA"}). */
            public Builder missingTokens(String... tokens) {
                this.missingTokens = new LinkedHashSet<>(Arrays.asList(tokens));
                return this;
            }

            /** What to do with missing values (default {@link MissingPolicy#ERROR}). */
            public Builder missingPolicy(MissingPolicy p) {
                this.missingPolicy = java.util.Objects.requireNonNull(p, "missingPolicy");
                return this;
            }

            /** Columns that are categorical whatever their values look like. */
            public Builder categorical(String... columns) {
                this.categorical.addAll(Arrays.asList(columns));
                return this;
            }

            /** Columns that must be numeric (a non-number is an error). */
            public Builder numeric(String... columns) {
                this.numeric.addAll(Arrays.asList(columns));
                return this;
            }

            /**
             * Whether an undeclared column whose values are not all numbers becomes categorical
             * (default true); when false, undeclared columns must be numeric.
             */
            public Builder autoDetectCategorical(boolean on) {
                this.autoDetect = on;
                return this;
            }

            /** The label column (default: the last column). */
            public Builder label(String column) {
                this.label = column;
                return this;
            }

            /** Whether labels are stripped of trailing '.' (UCI Adult test file: {@code >50K.}). Default false. */
            public Builder normaliseLabels(boolean on) {
                this.normaliseLabels = on;
                return this;
            }

            /** Columns to drop. */
            public Builder ignore(String... columns) {
                this.ignore.addAll(Arrays.asList(columns));
                return this;
            }

            /**
             * Fixes column kinds, category numbering and class numbering to those of {@code schema}
             * (an ordinal schema, typically the training file's). Values not in it are unseen
             * categories (see {@link #unseenCategory}); unknown labels are errors.
             */
            public Builder referenceSchema(Schema schema) {
                if (schema != null && !schema.isTabular()) {
                    throw new IllegalArgumentException("reference schema must be tabular: " + schema);
                }
                if (schema != null) {
                    for (Column c : schema.columns()) {
                        if (c.oneHot()) {
                            throw new IllegalArgumentException("reference schema must be ordinal (as loaded), but column '"
                                    + c.name() + "' is one-hot");
                        }
                    }
                }
                this.referenceSchema = schema;
                return this;
            }

            /** Unseen categories under a reference schema (default {@link UnseenCategory#ERROR}). */
            public Builder unseenCategory(UnseenCategory u) {
                this.unseenCategory = java.util.Objects.requireNonNull(u, "unseenCategory");
                return this;
            }

            /** Text encoding (default UTF-8). */
            public Builder charset(Charset cs) {
                this.charset = java.util.Objects.requireNonNull(cs, "charset");
                return this;
            }

            /** Data set name (default: the file name without extensions). */
            public Builder name(String n) {
                this.name = n;
                return this;
            }

            public Options build() {
                if (delimiter == quote) {
                    throw new IllegalArgumentException("delimiter and quote must differ. Provided value: '" + quote + "'");
                }
                Set<String> both = new HashSet<>(categorical);
                both.retainAll(numeric);
                if (!both.isEmpty()) {
                    throw new IllegalArgumentException("columns declared both categorical and numeric: " + both);
                }
                return new Options(this);
            }
        }
    }
}

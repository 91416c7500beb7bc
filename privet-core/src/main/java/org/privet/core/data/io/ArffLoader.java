package org.privet.core.data.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.MissingPolicy;
import org.privet.core.data.UnseenCategory;

/**
 * Loads a Weka ARFF file (gzipped files read transparently) into a tabular {@link Dataset}.
 *
 * <p>Supported: {@code @relation}; {@code @attribute} of type {@code numeric}, {@code real},
 * {@code integer} and nominal {@code {a, b, 'c d'}}; {@code string} attributes are an error or,
 * with {@link Options.Builder#ignoreStringAttributes}, dropped; {@code @data} with dense rows,
 * {@code ?} for missing values, {@code %} comment lines, values in single or double quotes with
 * backslash escapes. Not supported (clear error): sparse rows {@code {0 x, 3 y}}, {@code date} and
 * {@code relational} attributes (dates may be ignored by name).
 *
 * <p>Nominal attributes become ordinal categorical columns whose categories keep the declared
 * order; the label (default: the last attribute, which must be nominal) gets the declared classes
 * in order, e.g. German credit's {@code class {good, bad}} gives good = 0, bad = 1. A value not
 * declared for its attribute is an error with file, line and attribute. Stateless, thread safe.
 */
public final class ArffLoader {
    private ArffLoader() {
    }

    /** A builder of loader options. */
    public static Options.Builder options() {
        return new Options.Builder();
    }

    /** Loads {@code file} with default options (label = last attribute, missing values are errors). */
    public static Dataset load(Path file) {
        return load(file, options().build());
    }

    /** Loads {@code file} with {@code options}. */
    public static Dataset load(Path file, Options o) {
        try (InputStream in = DataFiles.open(file);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(r, file, o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Attribute(String name, String type, List<String> values, long line) {
    }

    private static Dataset parse(BufferedReader r, Path file, Options o) throws IOException {
        String relation = null;
        List<Attribute> attrs = new ArrayList<>();
        long lineNo = 0;
        String line;
        boolean inData = false;
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[1024];
        while ((line = r.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("%")) {
                continue;
            }
            if (!inData) {
                String lower = t.toLowerCase(Locale.ROOT);
                if (lower.startsWith("@relation")) {
                    relation = unquote(t.substring(9).strip(), file, lineNo);
                } else if (lower.startsWith("@attribute")) {
                    attrs.add(attribute(t.substring(10).strip(), file, lineNo));
                } else if (lower.startsWith("@data")) {
                    inData = true;
                    if (attrs.isEmpty()) {
                        throw new DataFormatException(file, lineNo, null, "@data before any @attribute");
                    }
                } else {
                    throw new DataFormatException(file, lineNo, null, "expected @relation, @attribute or @data, found '"
                            + abbreviate(t) + "'");
                }
                continue;
            }
            if (t.startsWith("{")) {
                throw new DataFormatException(file, lineNo, null, "sparse ARFF rows ({index value, ...}) are not supported");
            }
            List<String> vals = splitRow(t, file, lineNo);
            if (vals.size() != attrs.size()) {
                throw new DataFormatException(file, lineNo, null, "row has " + vals.size() + " values, expected "
                        + attrs.size() + " (one per @attribute)");
            }
            if (rows.size() == lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
            }
            lines[rows.size()] = lineNo;
            rows.add(vals.toArray(new String[0]));
        }
        if (!inData) {
            throw new DataFormatException(file, "no @data section");
        }
        Set<String> names = new HashSet<>();
        for (Attribute a : attrs) {
            if (!names.add(a.name())) {
                throw new DataFormatException(file, a.line(), a.name(), "duplicate attribute name");
            }
        }
        for (String n : o.ignore) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException("no attribute named '" + n + "' in " + file);
            }
        }
        String label = o.label != null ? o.label : attrs.get(attrs.size() - 1).name();
        if (!names.contains(label)) {
            throw new IllegalArgumentException("label attribute '" + label + "' not found in " + file);
        }
        List<TableBuilder.Spec> specs = new ArrayList<>(attrs.size());
        for (Attribute a : attrs) {
            if (a.name().equals(label)) {
                if (!a.type().equals("nominal")) {
                    throw new DataFormatException(file, a.line(), a.name(), "the label attribute must be nominal, not "
                            + a.type());
                }
                specs.add(new TableBuilder.Spec(a.name(), TableBuilder.Want.LABEL, a.values()));
            } else if (o.ignore.contains(a.name())) {
                specs.add(new TableBuilder.Spec(a.name(), TableBuilder.Want.IGNORE, null));
            } else {
                switch (a.type()) {
                    case "numeric" -> specs.add(new TableBuilder.Spec(a.name(), TableBuilder.Want.NUMERIC, null));
                    case "nominal" -> specs.add(new TableBuilder.Spec(a.name(), TableBuilder.Want.CATEGORICAL, a.values()));
                    case "string" -> {
                        if (!o.ignoreStrings) {
                            throw new DataFormatException(file, a.line(), a.name(), "string attributes are not supported;"
                                    + " ignore it by name or set ignoreStringAttributes(true)");
                        }
                        specs.add(new TableBuilder.Spec(a.name(), TableBuilder.Want.IGNORE, null));
                    }
                    default -> throw new DataFormatException(file, a.line(), a.name(), a.type()
                            + " attributes are not supported; ignore it by name");
                }
            }
        }
        String name = o.name != null ? o.name : relation != null && !relation.isBlank() ? relation
                : DataFiles.baseName(file);
        return new TableBuilder(file, specs, rows, lines, Set.of("?"), o.missingPolicy, UnseenCategory.ERROR, false)
                .unseenHint(" (not declared by its @attribute line)").build(name);
    }

    private static Attribute attribute(String rest, Path file, long line) {
        // name: quoted or up to whitespace / '{'
        String name;
        int i;
        if (rest.isEmpty()) {
            throw new DataFormatException(file, line, null, "@attribute without a name");
        }
        char c0 = rest.charAt(0);
        if (c0 == '\'' || c0 == '"') {
            int end = closingQuote(rest, 0, file, line);
            name = unescape(rest.substring(1, end));
            i = end + 1;
        } else {
            i = 0;
            while (i < rest.length() && !Character.isWhitespace(rest.charAt(i)) && rest.charAt(i) != '{') {
                i++;
            }
            name = rest.substring(0, i);
        }
        String type = rest.substring(i).strip();
        if (type.startsWith("{")) {
            if (!type.endsWith("}")) {
                throw new DataFormatException(file, line, name, "nominal value list does not end with '}'");
            }
            List<String> values = splitRow(type.substring(1, type.length() - 1), file, line);
            if (values.isEmpty() || values.size() == 1 && values.get(0).isEmpty()) {
                throw new DataFormatException(file, line, name, "nominal attribute declares no values");
            }
            if (new LinkedHashSet<>(values).size() != values.size()) {
                throw new DataFormatException(file, line, name, "nominal attribute declares a value twice: " + values);
            }
            return new Attribute(name, "nominal", List.copyOf(values), line);
        }
        String kw = type.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return switch (kw) {
            case "numeric", "real", "integer" -> new Attribute(name, "numeric", List.of(), line);
            case "string" -> new Attribute(name, "string", List.of(), line);
            case "date" -> new Attribute(name, "date", List.of(), line);
            case "relational" -> new Attribute(name, "relational", List.of(), line);
            default -> throw new DataFormatException(file, line, name, "unknown attribute type '" + type + "'");
        };
    }

    /** Splits a comma-separated list honouring '...' and "..." quotes with backslash escapes; values stripped. */
    static List<String> splitRow(String s, Path file, long line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i < n && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
                int end = closingQuote(s, i, file, line);
                out.add(unescape(s.substring(i + 1, end)));
                i = end + 1;
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i < n && s.charAt(i) != ',') {
                    throw new DataFormatException(file, line, null, "unexpected '" + s.charAt(i)
                            + "' after a quoted value (value " + out.size() + ")");
                }
            } else {
                int start = i;
                while (i < n && s.charAt(i) != ',') {
                    i++;
                }
                out.add(s.substring(start, i).strip());
            }
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }

    private static int closingQuote(String s, int open, Path file, long line) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        throw new DataFormatException(file, line, null, "quote " + q + " opened at character " + (open + 1)
                + " is not closed");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String unquote(String s, Path file, long line) {
        if (!s.isEmpty() && (s.charAt(0) == '\'' || s.charAt(0) == '"')) {
            return unescape(s.substring(1, closingQuote(s, 0, file, line)));
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Immutable ARFF loader options. */
    public static final class Options {
        final String label;
        final MissingPolicy missingPolicy;
        final boolean ignoreStrings;
        final Set<String> ignore;
        final String name;

        private Options(Builder b) {
            this.label = b.label;
            this.missingPolicy = b.missingPolicy;
            this.ignoreStrings = b.ignoreStrings;
            this.ignore = Set.copyOf(b.ignore);
            this.name = b.name;
        }

        /** Mutable builder; not thread safe. */
        public static final class Builder {
            private String label;
            private MissingPolicy missingPolicy = MissingPolicy.ERROR;
            private boolean ignoreStrings;
            private final Set<String> ignore = new LinkedHashSet<>();
            private String name;

            private Builder() {
            }

            /** The label attribute (default: the last attribute); must be nominal. */
            public Builder label(String attribute) {
                this.label = attribute;
                return this;
            }

            /** What to do with '?' values (default {@link MissingPolicy#ERROR}). */
            public Builder missingPolicy(MissingPolicy p) {
                this.missingPolicy = java.util.Objects.requireNonNull(p, "missingPolicy");
                return this;
            }

            /** Whether string attributes are dropped instead of rejected (default false). */
            public Builder ignoreStringAttributes(boolean on) {
                this.ignoreStrings = on;
                return this;
            }

            /** Attributes to drop. */
            public Builder ignore(String... attributes) {
                this.ignore.addAll(Arrays.asList(attributes));
                return this;
            }

            /** Data set name (default: the @relation name). */
            public Builder name(String n) {
                this.name = n;
                return this;
            }

            public Options build() {
                if (label != null && ignore.contains(label)) {
                    throw new IllegalArgumentException("label attribute '" + label + "' cannot be ignored");
                }
                return new Options(this);
            }
        }
    }
}

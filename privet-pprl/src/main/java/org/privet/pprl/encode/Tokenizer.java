package org.privet.pprl.encode;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.privet.pprl.schema.FieldSpec;
import org.privet.pprl.schema.Tokenization;

/**
 * The tokens of a field value under a {@link FieldSpec}'s tokenisation: trimmed, lower-cased unless case
 * sensitive, then q-grams, the exact value, numeric neighbourhood tokens or date parts. Distinct tokens in order
 * of first appearance. Public so that attacks tokenise plaintext exactly as the encoder does (Kerckhoffs: the
 * schema is not secret, the key is). Not thread-safe (reuses its set).
 */
public final class Tokenizer {
    private final FieldSpec field;
    private final DateTimeFormatter dateFormat;
    private final Set<String> out = new LinkedHashSet<>();

    public Tokenizer(FieldSpec field) {
        this.field = field;
        this.dateFormat = field.tokenization() instanceof Tokenization.Date d
                ? DateTimeFormatter.ofPattern(d.pattern().replace("yyyy", "uuuu"), Locale.ROOT)
                        .withResolverStyle(ResolverStyle.STRICT)
                : null;
    }

    public FieldSpec field() {
        return field;
    }

    /** Normalises as the encoder does: trim, and lower-case unless the field is case sensitive. */
    public String normalise(String value) {
        String v = value == null ? "" : value.strip();
        return field.caseSensitive() ? v : v.toLowerCase(Locale.ROOT);
    }

    /**
     * The distinct tokens of {@code value} (empty for an empty or null value). The returned set is reused by the
     * next call.
     *
     * @throws FieldValueException if a numeric or date field cannot parse the value
     */
    public Set<String> tokens(String value) {
        out.clear();
        String v = normalise(value);
        if (v.isEmpty()) {
            return out;
        }
        Tokenization t = field.tokenization();
        if (t instanceof Tokenization.QGram g) {
            qgrams(v, g.q(), g.padding());
        } else if (t instanceof Tokenization.Exact) {
            out.add(v);
        } else if (t instanceof Tokenization.Numeric n) {
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new FieldValueException(field.name(), "not a number: \"" + value + "\"");
            }
            if (!Double.isFinite(x)) {
                throw new FieldValueException(field.name(), "number must be finite: \"" + value + "\"");
            }
            long c = Math.round(x / n.step());
            for (int j = -n.neighbours(); j <= n.neighbours(); j++) {
                out.add("n:" + (c + j));
            }
        } else if (t instanceof Tokenization.Date d) {
            LocalDate date;
            try {
                date = LocalDate.parse(value.strip(), dateFormat);
            } catch (DateTimeParseException e) {
                throw new FieldValueException(field.name(), "not a date in format " + d.pattern() + ": \"" + value
                        + "\"");
            }
            out.add("y:" + date.getYear());
            out.add("m:" + date.getMonthValue());
            out.add("d:" + date.getDayOfMonth());
        } else {
            throw new AssertionError("internal invariant: unhandled tokenization " + t);
        }
        return out;
    }

    private void qgrams(String v, int q, boolean padding) {
        String s = v;
        if (padding && q > 1) {
            String pad = "_".repeat(q - 1);
            s = pad + v + pad;
        }
        int n = s.codePointCount(0, s.length());
        if (n < q) {
            out.add(s);
            return;
        }
        if (n == s.length()) {
            for (int i = 0; i + q <= n; i++) {
                out.add(s.substring(i, i + q));
            }
            return;
        }
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i + q <= n; i++) {
            out.add(new String(cps, i, q));
        }
    }

    /** Convenience: a copy of the tokens of {@code value}. */
    public List<String> tokenList(String value) {
        return List.copyOf(tokens(value));
    }
}

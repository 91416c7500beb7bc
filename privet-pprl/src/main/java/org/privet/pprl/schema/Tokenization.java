package org.privet.pprl.schema;

/**
 * How a field's value becomes the tokens (features) hashed into its Bloom filter. Values are trimmed and, unless
 * the field is case sensitive, lower-cased ({@link java.util.Locale#ROOT}) before tokenisation; an empty value
 * gives no tokens (a missing value sets no bits).
 */
public sealed interface Tokenization {
    /** The JSON {@code type} name. */
    String type();

    /**
     * Character q-grams of the value ({@code q >= 1}); with padding the value is framed by {@code q - 1} copies of
     * {@code '_'} on each side, so that first and last characters count as much as inner ones (Schnell et al.
     * 2009). Duplicate q-grams count once.
     */
    record QGram(int q, boolean padding) implements Tokenization {
        @Override
        public String type() {
            return "qgram";
        }
    }

    /** The whole value is one token (sex, postcode, ...). */
    record Exact() implements Tokenization {
        @Override
        public String type() {
            return "exact";
        }
    }

    /**
     * A number {@code v} gives tokens {@code round(v / step) + j} for {@code j} in {@code [-neighbours,
     * neighbours]}, so that values within {@code neighbours * step} of each other share tokens and their Bloom
     * filters stay similar (the neighbourhood encoding of Vatsalan and Christen 2016). {@code step > 0}, finite;
     * {@code 0 <= neighbours <= 100}.
     */
    record Numeric(double step, int neighbours) implements Tokenization {
        @Override
        public String type() {
            return "numeric";
        }
    }

    /**
     * A date parsed with a {@link java.time.format.DateTimeFormatter} pattern (e.g. {@code yyyy-MM-dd}) gives
     * three tokens, year, month and day, each tagged with its part, so that a wrong day keeps two thirds of the
     * bits.
     */
    record Date(String pattern) implements Tokenization {
        @Override
        public String type() {
            return "date";
        }
    }
}

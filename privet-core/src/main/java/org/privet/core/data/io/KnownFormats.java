package org.privet.core.data.io;

import java.util.List;
import org.privet.core.data.MissingPolicy;

/**
 * Loader options for well-known public data sets whose files need more than the defaults. The
 * files themselves are never bundled: users pass their own path. Stateless.
 */
public final class KnownFormats {
    /** The 15 columns of UCI Adult, as listed in {@code adult.names}; the label is {@code income}. */
    public static final List<String> ADULT_COLUMNS = List.of("age", "workclass", "fnlwgt", "education",
            "education-num", "marital-status", "occupation", "relationship", "race", "sex", "capital-gain",
            "capital-loss", "hours-per-week", "native-country", "income");

    private KnownFormats() {
    }

    /**
     * Options for UCI Adult ({@code adult.data}, {@code adult.test}, gzipped or not; Becker and Kohavi
     * 1996): no header, {@code ", "} separators (trimmed), {@code ?} for missing values (records with
     * one are dropped, leaving 30,162 + 15,060), the test file's comment line starting with
     * {@code |} skipped and its labels' trailing {@code '.'} removed. Load the test file with
     * {@code adult().withReferenceSchema(train.schema())} so both share one coding.
     */
    public static CsvLoader.Options adult() {
        return CsvLoader.options().header(false).columnNames(ADULT_COLUMNS).label("income").commentPrefix("|")
                .missingTokens("?", "").missingPolicy(MissingPolicy.DROP_ROW).normaliseLabels(true).name("adult")
                .build();
    }
}

package org.privet.core.data.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.privet.core.data.Dataset;

class CsvRoundTripProperties {
    /** Category values with the characters RFC 4180 must escape: delimiter, quote, CR, LF, blanks. */
    @Provide
    Arbitrary<List<String>> values() {
        return Arbitraries.strings().withChars("ab,\"\r\n xy").ofMinLength(1).ofMaxLength(6)
                .filter(s -> !s.isBlank() && !s.equals("?") && !s.equals("NA"))
                .list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 200, seed = "20261128")
    void quotedFieldsSurviveARoundTrip(@ForAll("values") List<String> cells, @ForAll @IntRange(min = 0, max = 1) int crlf)
            throws IOException {
        String eol = crlf == 1 ? "\r\n" : "\n";
        StringBuilder sb = new StringBuilder("c,label").append(eol);
        for (String v : cells) {
            sb.append('"').append(v.replace("\"", "\"\"")).append('"').append(",L").append(eol);
        }
        Dataset d = CsvLoader.load(new StringReader(sb.toString()), null,
                CsvLoader.options().categorical("c").missingTokens().build());
        assertThat(d.size()).isEqualTo(cells.size());
        List<String> cats = d.schema().column("c").categories();
        float[] x = d.features().data();
        for (int i = 0; i < cells.size(); i++) {
            assertThat(cats.get((int) x[i])).isEqualTo(cells.get(i));
        }
    }
}

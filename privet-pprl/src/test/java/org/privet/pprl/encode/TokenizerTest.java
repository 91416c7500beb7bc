package org.privet.pprl.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.privet.pprl.harden.BitVectors;
import org.privet.pprl.schema.FieldSpec;
import org.privet.pprl.schema.HashKind;
import org.privet.pprl.schema.LinkageSchema;
import org.privet.pprl.schema.Tokenization;

class TokenizerTest {
    private static Tokenizer qgram(int q, boolean pad) {
        return new Tokenizer(new FieldSpec("f", new Tokenization.QGram(q, pad), HashKind.BLAKE2B, 10, 0, false, null));
    }

    @Test
    void qgramsWithAndWithoutPadding() {
        assertThat(qgram(2, true).tokenList(" Anna ")).containsExactly("_a", "an", "nn", "na", "a_");
        assertThat(qgram(2, false).tokenList("Anna")).containsExactly("an", "nn", "na");
        assertThat(qgram(3, false).tokenList("Al")).containsExactly("al"); // shorter than q: the value itself
        assertThat(qgram(2, false).tokenList("  ")).isEmpty();
        assertThat(qgram(2, false).tokenList(null)).isEmpty();
        // code points, not UTF-16 units: an emoji is one character
        assertThat(qgram(2, false).tokenList("a\uD83D\uDE00b")).containsExactly("a\uD83D\uDE00", "\uD83D\uDE00b");
        Tokenizer cs = new Tokenizer(new FieldSpec("f", new Tokenization.Exact(), HashKind.HMAC, 10, 0, true, null));
        assertThat(cs.tokenList(" McDonald ")).containsExactly("McDonald");
    }

    @Test
    void numericAndDateTokens() {
        Tokenizer n = new Tokenizer(new FieldSpec("age", new Tokenization.Numeric(5, 1), HashKind.HMAC, 10, 0, false, null));
        assertThat(n.tokenList("42")).containsExactly("n:7", "n:8", "n:9"); // round(42/5) = 8
        Tokenizer d = new Tokenizer(new FieldSpec("dob", new Tokenization.Date("dd.MM.yyyy"), HashKind.HMAC, 10, 0, false, null));
        assertThat(d.tokenList("07.03.1999")).containsExactly("y:1999", "m:3", "d:7");
    }

    /** Property: distinct padded bigrams number at most length + 1, and each is two code points. */
    @Property(tries = 200, seed = "42")
    void paddedBigramsCoverTheValue(@ForAll @StringLength(min = 1, max = 20) String s) {
        String v = s.strip().toLowerCase(java.util.Locale.ROOT);
        List<String> t = qgram(2, true).tokenList(s);
        if (v.isEmpty()) {
            assertThat(t).isEmpty();
            return;
        }
        assertThat(t.size()).isBetween(1, v.codePointCount(0, v.length()) + 1);
        for (String g : t) {
            assertThat(g.codePointCount(0, g.length())).isEqualTo(2);
        }
    }

    /** Property: encoding is a function of the values only (two encoders, any value), and Dice with itself is 1. */
    @Property(tries = 100, seed = "7")
    void encodingIsDeterministic(@ForAll @StringLength(max = 30) String first, @ForAll @StringLength(max = 30) String last) {
        LinkageSchema s = ClkEncoderTest.schema("blake2b", "");
        Map<String, String> r = Map.of("first_name", first, "last_name", last, "dob", "", "sex", "");
        long[] a = ClkEncoder.create(s, ClkEncoderTest.key(9)).encode(r);
        long[] b = ClkEncoder.create(s, ClkEncoderTest.key(9)).encode(r);
        assertThat(b).isEqualTo(a);
        assertThat(BitVectors.dice(a, 0, b, 0, a.length)).isEqualTo(1.0);
    }
}

package org.privet.pprl.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkageSchemaTest {
    static final String GOOD = """
            {"version": 1, "bloomFilterBits": 1024,
             "fields": [
               {"name": "first_name", "tokenizer": {"type": "qgram", "q": 2}, "hashing": "blake2b", "bitsPerToken": 20},
               {"name": "dob", "tokenizer": {"type": "date", "format": "yyyy-MM-dd"}, "hashing": "hmac", "bitsPerFeature": 60},
               {"name": "age", "tokenizer": {"type": "numeric", "step": 1, "neighbours": 2}, "hashing": "doubleHash", "bitsPerToken": 5},
               {"name": "sex", "tokenizer": {"type": "exact"}, "bitsPerToken": 10, "salt": "yob"}
             ],
             "hardening": [{"type": "balance"}, {"type": "xorFold"}, {"type": "rule90"}, {"type": "blip", "epsilon": 8}]}
            """;

    @Test
    void parsesEveryTokenizerHashingAndHardening() {
        LinkageSchema s = LinkageSchema.parse(GOOD, "good.json");
        assertThat(s.idColumn()).isEqualTo("id");
        assertThat(s.fields()).extracting(FieldSpec::name).containsExactly("first_name", "dob", "age", "sex");
        assertThat(s.fields().get(0).tokenization()).isEqualTo(new Tokenization.QGram(2, true));
        assertThat(s.fields().get(1).hashing()).isEqualTo(HashKind.HMAC);
        assertThat(s.fields().get(2).tokenization()).isEqualTo(new Tokenization.Numeric(1, 2));
        assertThat(s.fields().get(3).hashing()).isEqualTo(HashKind.BLAKE2B); // the default
        assertThat(s.fields().get(3).salt()).isEqualTo("yob");
        assertThat(s.fields().get(1).bitsFor(3)).isEqualTo(20);
        assertThat(s.outputBits()).isEqualTo(1024); // 1024 -> 2048 -> 1024 -> 1024 -> 1024
        HardeningStep.Blip blip = (HardeningStep.Blip) s.hardening().get(3);
        // default sensitivity: one token of the heaviest field (60 bits per feature) changed = 120 bits, doubled by
        // balancing and by rule 90 (xor-folding keeps it): 480 bits
        assertThat(blip.sensitivityBits()).isEqualTo(480);
        assertThat(blip.epsilon()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void fingerprintIgnoresLayoutButNotContent() {
        LinkageSchema a = LinkageSchema.parse(GOOD, "a");
        LinkageSchema b = LinkageSchema.parse(a.toJson(true), "b");
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint()).startsWith("sha256:").hasSize(71);
        assertThat(b).isEqualTo(a);
        LinkageSchema c = LinkageSchema.parse(GOOD.replace("\"q\": 2", "\"q\": 3"), "c");
        assertThat(c.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(a.withHardening(List.of()).outputBits()).isEqualTo(1024);
        assertThat(a.withHardening(List.of(new HardeningStep.Balance())).outputBits()).isEqualTo(2048);
    }

    @Test
    void reportsEveryProblemNamingTheField() {
        String bad = """
                {"version": 1, "bloomFilterBits": 1000, "extra": 1,
                 "fields": [
                   {"name": "first_name", "tokenizer": {"type": "qgram", "q": 0}, "bitsPerToken": 20},
                   {"name": "dob", "tokenizer": {"type": "dat"}, "bitsPerToken": 20},
                   {"name": "zip", "tokenizer": {"type": "exact"}, "hashing": "md5", "bitsPerToken": 20, "bitsPerFeature": 3},
                   {"name": "first_name", "tokenizer": {"type": "exact"}, "bitsPerToken": 20}
                 ],
                 "hardening": [{"type": "blip", "epsilon": -1}]}
                """;
        SchemaException e = catchThrowableOfType(() -> LinkageSchema.parse(bad, "bad.json"), SchemaException.class);
        assertThat(e.getMessage()).startsWith("bad.json: invalid linkage schema (7 problems)");
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "extra: unknown key; allowed here: bloomFilterBits, fields, hardening, idColumn, version",
                "fields[0] (first_name).tokenizer.q: must be an integer in [1, 8]. Provided value: 0",
                "fields[1] (dob).tokenizer.type: unknown tokenizer \"dat\"; use \"qgram\", \"exact\", \"numeric\" or \"date\"",
                "fields[2] (zip).hashing: unknown hashing \"md5\"; use \"doubleHash\", \"hmac\" or \"blake2b\"",
                "fields[2] (zip): give exactly one of bitsPerToken (static weighting) and bitsPerFeature (dynamic)",
                "fields[3] (first_name): duplicate field name 'first_name'",
                "hardening[0] (blip).epsilon: must be > 0 and finite. Provided value: -1");
    }

    @Test
    void rejectsWrongVersionBadJsonAndFoldsOfOddLengths() {
        assertThatThrownBy(() -> LinkageSchema.parse(GOOD.replace("\"version\": 1", "\"version\": 2"), "s"))
                .hasMessageContaining("version: 2 is not supported");
        assertThatThrownBy(() -> LinkageSchema.parse("{\"version\": 1,", "s.json"))
                .isInstanceOf(SchemaException.class).hasMessageContaining("s.json").hasMessageContaining("not valid JSON");
        String odd = GOOD.replace("1024", "1026").replace("{\"type\": \"balance\"}, ", "")
                .replace("{\"type\": \"rule90\"}, ", "").replace("{\"type\": \"xorFold\"}", "{\"type\": \"xorFold\"}, {\"type\": \"xorFold\"}");
        assertThatThrownBy(() -> LinkageSchema.parse(odd, "s"))
                .hasMessageContaining("hardening[1] (xorFold): needs an even length; the filter has 513 bits");
        assertThatThrownBy(() -> LinkageSchema.parse(GOOD.replace("\"salt\": \"yob\"", "\"salt\": \"sex\""), "s"))
                .hasMessageContaining("fields[3] (sex).salt: a field cannot be salted with itself");
        assertThatThrownBy(() -> LinkageSchema.parse(GOOD.replace("\"type\": \"rule90\"", "\"type\": \"rule30\""), "s"))
                .hasMessageContaining("hardening[2] (rule30).type: unknown hardening");
    }
}

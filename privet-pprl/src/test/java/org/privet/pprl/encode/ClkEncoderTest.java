package org.privet.pprl.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.privet.pprl.harden.BitVectors;
import org.privet.pprl.schema.LinkageSchema;

class ClkEncoderTest {
    static LinkageSecret key(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return LinkageSecret.of(k);
    }

    static LinkageSchema schema(String hashing, String hardening) {
        return LinkageSchema.parse("""
                {"version": 1, "bloomFilterBits": 1024,
                 "fields": [
                   {"name": "first_name", "tokenizer": {"type": "qgram", "q": 2}, "hashing": "%1$s", "bitsPerToken": 20},
                   {"name": "last_name", "tokenizer": {"type": "qgram", "q": 2}, "hashing": "%1$s", "bitsPerToken": 20},
                   {"name": "dob", "tokenizer": {"type": "date"}, "hashing": "%1$s", "bitsPerFeature": 60},
                   {"name": "sex", "tokenizer": {"type": "exact"}, "hashing": "%1$s", "bitsPerToken": 10}
                 ],
                 "hardening": [%2$s]}
                """.formatted(hashing, hardening), "test");
    }

    static Map<String, String> rec(String first, String last, String dob, String sex) {
        return Map.of("first_name", first, "last_name", last, "dob", dob, "sex", sex);
    }

    static double dice(long[] a, long[] b) {
        return BitVectors.dice(a, 0, b, 0, a.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"doubleHash", "hmac", "blake2b"})
    void deterministicPerKeyDifferentAcrossKeysAndSimilarForSimilarNames(String hashing) {
        LinkageSchema s = schema(hashing, "");
        long[] a1 = ClkEncoder.create(s, key(1)).encode(rec("Peter", "Christen", "1970-05-17", "m"));
        long[] a2 = ClkEncoder.create(s, key(1)).encode(rec(" peter ", "CHRISTEN", "1970-05-17", "M"));
        assertThat(a2).isEqualTo(a1); // normalised: trimmed, lower-cased
        long[] otherKey = ClkEncoder.create(s, key(2)).encode(rec("Peter", "Christen", "1970-05-17", "m"));
        long[] typo = ClkEncoder.create(s, key(1)).encode(rec("Petr", "Christen", "1970-05-17", "m"));
        long[] other = ClkEncoder.create(s, key(1)).encode(rec("Mary", "Smith", "1988-11-02", "f"));
        // two unrelated encodings of ~40 tokens x ~20 bits in 1024 bits have Dice ~0.5 (dense filters); same person
        // with a typo keeps most q-grams. Thresholds leave wide margins around those expectations.
        assertThat(dice(a1, typo)).isGreaterThan(0.85);
        assertThat(dice(a1, other)).isLessThan(0.7);
        assertThat(dice(a1, otherKey)).isLessThan(0.7);
        assertThat(otherKey).isNotEqualTo(a1);
    }

    @Test
    void staticWeightingSetsAboutKBitsPerToken() {
        LinkageSchema s = LinkageSchema.parse("""
                {"version": 1, "bloomFilterBits": 4096, "fields": [
                  {"name": "sex", "tokenizer": {"type": "exact"}, "hashing": "blake2b", "bitsPerToken": 30}]}
                """, "t");
        ClkEncoder e = ClkEncoder.create(s, key(3));
        long[] one = e.encode(Map.of("sex", "f"));
        // 30 positions in 4096: a collision among them has probability ~ 30*29/2/4096 ~ 0.1; allow up to 2
        assertThat(BitVectors.popcount(one, 0, one.length)).isBetween(28, 30);
        assertThat(BitVectors.popcount(e.encode(Map.of("sex", "")), 0, one.length)).isZero(); // missing: no bits
        assertThat(BitVectors.popcount(e.encode(Map.of()), 0, one.length)).isZero();
    }

    @Test
    void fieldOrderInTheSchemaDoesNotMatter() {
        LinkageSchema s = schema("hmac", "");
        com.fasterxml.jackson.databind.node.ObjectNode root;
        try {
            root = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(s.toJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
        com.fasterxml.jackson.databind.node.ArrayNode f = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("fields");
        com.fasterxml.jackson.databind.JsonNode first = f.remove(0);
        f.add(first);
        String swapped = root.toString();
        LinkageSchema t = LinkageSchema.parse(swapped, "swapped");
        assertThat(t.fields().get(3).name()).isEqualTo("first_name");
        Map<String, String> r = rec("Ann", "Lee", "2001-01-01", "f");
        assertThat(ClkEncoder.create(t, key(4)).encode(r)).isEqualTo(ClkEncoder.create(s, key(4)).encode(r));
    }

    @Test
    void saltingSeparatesRecordsWithDifferentSalts() {
        LinkageSchema s = LinkageSchema.parse("""
                {"version": 1, "bloomFilterBits": 1024, "fields": [
                  {"name": "name", "tokenizer": {"type": "qgram", "q": 2}, "bitsPerToken": 15, "salt": "yob"}]}
                """, "t");
        ClkEncoder e = ClkEncoder.create(s, key(5));
        assertThat(e.columns()).containsExactly("name", "yob");
        long[] a = e.encode(Map.of("name", "smith", "yob", "1970"));
        long[] b = e.encode(Map.of("name", "smith", "yob", "1970"));
        long[] c = e.encode(Map.of("name", "smith", "yob", "1971"));
        assertThat(b).isEqualTo(a);
        assertThat(dice(a, c)).isLessThan(0.3); // 6 bigrams x 15 bits in 1024: two unrelated sets overlap ~0.1
        assertThat(e.encodeField("name", "smith", "1970")).isEqualTo(a);
    }

    @Test
    void numericNeighboursAndDatePartsShareBits() {
        LinkageSchema s = LinkageSchema.parse("""
                {"version": 1, "bloomFilterBits": 2048, "fields": [
                  {"name": "age", "tokenizer": {"type": "numeric", "step": 1, "neighbours": 3}, "bitsPerToken": 10},
                  {"name": "dob", "tokenizer": {"type": "date", "format": "dd/MM/yyyy"}, "bitsPerToken": 10}]}
                """, "t");
        ClkEncoder e = ClkEncoder.create(s, key(6));
        long[] a40 = e.encodeField("age", "40", null);
        long[] a41 = e.encodeField("age", "41.2", null);
        long[] a60 = e.encodeField("age", "60", null);
        assertThat(dice(a40, a41)).isBetween(0.7, 0.95); // 6 of 7 tokens shared
        assertThat(dice(a40, a60)).isLessThan(0.2);
        long[] d1 = e.encodeField("dob", "17/05/1970", null);
        long[] d2 = e.encodeField("dob", "18/05/1970", null);
        assertThat(dice(d1, d2)).isBetween(0.55, 0.8); // 2 of 3 parts shared
        assertThatThrownBy(() -> e.encodeField("age", "forty", null)).isInstanceOf(FieldValueException.class)
                .hasMessage("field 'age': not a number: \"forty\"");
        assertThatThrownBy(() -> e.encodeField("dob", "1970-05-17", null))
                .hasMessage("field 'dob': not a date in format dd/MM/yyyy: \"1970-05-17\"");
        assertThatThrownBy(() -> e.encodeField("dob", "31/02/1970", null)).hasMessageContaining("not a date");
    }

    @Test
    void hardeningChangesLengthsAsTheSchemaSays() {
        Map<String, String> r = rec("Ann", "Lee", "2001-01-01", "f");
        LinkageSchema bal = schema("blake2b", "{\"type\": \"balance\"}");
        long[] b = ClkEncoder.create(bal, key(7)).encode(r);
        assertThat(bal.outputBits()).isEqualTo(2048);
        assertThat(BitVectors.popcount(b, 0, b.length)).isEqualTo(1024);
        LinkageSchema fold = schema("blake2b", "{\"type\": \"xorFold\"}");
        ClkEncoder fe = ClkEncoder.create(fold, key(7));
        assertThat(fe.outputBits()).isEqualTo(512);
        assertThat(fe.encode(r)).hasSize(8);
        LinkageSchema blip = schema("blake2b", "{\"type\": \"blip\", \"flipProbability\": 0.05}");
        long[] x = ClkEncoder.insecureSeededNoise(blip, key(7), 1).encode(r);
        long[] y = ClkEncoder.insecureSeededNoise(blip, key(7), 1).encode(r);
        long[] z = ClkEncoder.insecureSeededNoise(blip, key(7), 2).encode(r);
        long[] plain = ClkEncoder.create(schema("blake2b", ""), key(7)).encode(r);
        assertThat(y).isEqualTo(x);
        assertThat(z).isNotEqualTo(x);
        int flipped = 0;
        for (int i = 0; i < x.length; i++) {
            flipped += Long.bitCount(x[i] ^ plain[i]);
        }
        assertThat(flipped).isBetween(20, 90); // Binomial(1024, 0.05): mean 51, sd 7
    }
}

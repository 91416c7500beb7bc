package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;

/** {@code privet pprl encode | synth | attack} as a user meets them. */
class PprlCommandTest {
    @TempDir
    Path dir;

    private static final String SCHEMA = """
            {"version": 1, "bloomFilterBits": 1024, "fields": [
              {"name": "first_name", "tokenizer": {"type": "qgram", "q": 2}, "bitsPerToken": 20},
              {"name": "last_name", "tokenizer": {"type": "qgram", "q": 2}, "bitsPerToken": 20},
              {"name": "dob", "tokenizer": {"type": "date"}, "bitsPerFeature": 60}]}
            """;

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private Path key() throws Exception {
        Path k = dir.resolve("linkage.key");
        byte[] b = new byte[32];
        b[3] = 7;
        Files.write(k, b);
        return k;
    }

    @Test
    void helpForEverySubcommand() {
        for (String sub : List.of("encode", "synth", "attack")) {
            CliTest.Run r = CliTest.run("pprl", sub, "--help");
            assertThat(r.code()).as(sub).isZero();
            assertThat(r.out()).contains("Usage: privet pprl " + sub);
        }
        assertThat(CliTest.run("pprl").out()).contains("encode").contains("synth").contains("attack");
    }

    @Test
    void synthThenEncodeBothFiles() throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        CliTest.Run s = CliTest.run("pprl", "synth", "--records-a", "300", "--records-b", "200", "--overlap", "0.5",
                "--seed", "3", "--out-a", a.toString(), "--out-b", b.toString(), "--truth", dir.resolve("t.csv").toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("wrote 300 records").contains("(100 true matches, seed 3)");
        String first = Files.readString(a);
        assertThat(CliTest.run("pprl", "synth", "--records-a", "300", "--records-b", "200", "--seed", "3",
                "--out-a", a.toString(), "--out-b", b.toString()).code()).isZero();
        assertThat(Files.readString(a)).isEqualTo(first);

        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, SCHEMA);
        Path out = dir.resolve("a.clk");
        CliTest.Run e = CliTest.run("pprl", "encode", "--schema", schema.toString(), "--secret-file", key().toString(),
                a.toString(), out.toString(), "--json", "-q");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertThat(j.get("records").asInt()).isEqualTo(300);
        assertThat(j.get("bits").asInt()).isEqualTo(1024);
        ClkSet set = ClkFile.read(out);
        assertThat(set.size()).isEqualTo(300);
        assertThat(ClkFile.header(out).schemaFingerprint()).isEqualTo(j.get("schemaFingerprint").asText());
        CliTest.Run text = CliTest.run("pprl", "encode", "--schema", schema.toString(), "--secret-file",
                key().toString(), b.toString(), dir.resolve("b.clk").toString());
        assertThat(text.out()).contains("encoded 200 record(s) into 1024-bit CLKs");
        assertThat(text.err()).contains("encoding b.csv");
        CliTest.Run fbf = CliTest.run("pprl", "encode", "--schema", schema.toString(), "--secret-file",
                key().toString(), "--field", "last_name", a.toString(), dir.resolve("a-last.clk").toString(), "-q");
        assertThat(fbf.out()).contains("encoded 300 record(s) into 1024-bit Bloom filters of field 'last_name'");
        ClkSet last = ClkFile.read(dir.resolve("a-last.clk"));
        for (int i = 0; i < 300; i++) { // the field's bits are a subset of the record's CLK
            long[] r = set.record(i);
            long[] f = last.record(i);
            for (int w = 0; w < r.length; w++) {
                assertThat(f[w] & ~r[w]).isZero();
            }
        }
        assertThat(CliTest.run("pprl", "encode", "--schema", schema.toString(), "--secret-file", key().toString(),
                "--field", "zip", a.toString(), dir.resolve("x.clk").toString()).err()).contains("no field 'zip'");
    }

    @Test
    void badSchemaSecretOrCsvExitOneNamingTheProblemAndLeaveNoOutput() throws Exception {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "id,first_name,last_name,dob\n1,Ann,Lee,1970-01-01\n2,Bo,Li,1970-02-30\n");
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, SCHEMA.replace("\"type\": \"date\"", "\"type\": \"datum\""));
        Path out = dir.resolve("out.clk");
        Path k = key();
        CliTest.Run badSchema = CliTest.run("pprl", "encode", "--schema", schema.toString(), "--secret-file",
                k.toString(), in.toString(), out.toString());
        assertThat(badSchema.code()).isEqualTo(1);
        assertThat(badSchema.err()).contains("schema.json").contains("fields[2] (dob).tokenizer.type: unknown tokenizer \"datum\"");

        Files.writeString(schema, SCHEMA);
        Path shortKey = dir.resolve("short.key");
        Files.write(shortKey, new byte[10]);
        CliTest.Run badKey = CliTest.run("pprl", "encode", "--schema", schema.toString(), "--secret-file",
                shortKey.toString(), in.toString(), out.toString());
        assertThat(badKey.code()).isEqualTo(1);
        assertThat(badKey.err()).contains("short.key: linkage secret must be 16 to 1024 bytes").contains("File length: 10");

        CliTest.Run badDate = CliTest.run("pprl", "encode", "--schema", schema.toString(), "--secret-file",
                k.toString(), in.toString(), out.toString(), "-q");
        assertThat(badDate.code()).isEqualTo(1);
        assertThat(badDate.err()).contains("in.csv: line 3 (record 2, id \"2\"), field 'dob': not a date in format "
                + "yyyy-MM-dd: \"1970-02-30\"");
        assertThat(files()).containsExactly(in, k, schema, shortKey);
    }

    @Test
    void attackPrintsTheTableAndJson() throws Exception {
        CliTest.Run r = CliTest.run("pprl", "attack", "--records", "200", "--variants", "none,blip,salt", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Re-identification of 200 encoded records").contains("frequency attack")
                .contains("pattern-mining attack").contains("none").contains("blip(p=0.05)").contains("salt(yob)");
        CliTest.Run j = CliTest.run("pprl", "attack", "--records", "200", "--variants", "none,xorFold", "--json", "-q");
        assertThat(j.code()).as(j.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertThat(n.get("rows")).hasSize(2);
        assertThat(n.get("rows").get(1).get("bits").asInt()).isEqualTo(500);
        assertThat(n.get("attackerRegisterRecords").asInt()).isEqualTo(400);
        CliTest.Run bad = CliTest.run("pprl", "attack", "--variants", "none,rot13");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown hardening variant 'rot13'");
        assertThat(CliTest.run("pprl", "attack", "--blip-flip", "0.7").err()).contains("--blip-flip must be in (0, 0.5)");
    }
}

package org.privet.spark.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.encode.ClkEncoder;
import org.privet.pprl.encode.CsvEncoding;
import org.privet.pprl.encode.LinkageSecret;
import org.privet.pprl.schema.LinkageSchema;
import org.privet.spark.FaultInjection;
import org.privet.spark.TestSpark;

/** Distributed encoding gives the local encoder's bits and ids in file order; bad rows are counted, not dropped silently. */
class SparkEncodingTest {
    @TempDir
    Path dir;

    private static final LinkageSchema SCHEMA = LinkageSchema.parse("""
            {"version": 1, "bloomFilterBits": 1024,
             "fields": [
               {"name": "first_name", "tokenizer": {"type": "qgram", "q": 2}, "hashing": "blake2b", "bitsPerToken": 20},
               {"name": "last_name", "tokenizer": {"type": "qgram", "q": 2}, "hashing": "blake2b", "bitsPerToken": 20},
               {"name": "dob", "tokenizer": {"type": "date"}, "hashing": "blake2b", "bitsPerFeature": 60}
             ],
             "hardening": []}
            """, "test");

    private Path secret() throws Exception {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 7);
        return Files.write(dir.resolve("secret.bin"), k);
    }

    private static String csv(int n, String extra) {
        String[] first = {"peter", "mary", "ann", "john", "li", "sara", "omar", "eva"};
        String[] last = {"christen", "smith", "ng", "brown", "garcia", "nguyen", "khan", "lee"};
        StringBuilder sb = new StringBuilder("id,first_name,last_name,dob\n");
        for (int i = 0; i < n; i++) {
            sb.append("r").append(i).append(',').append(first[i % 8]).append(i % 13).append(',')
                    .append(last[(i / 8) % 8]).append(',').append(String.format("19%02d-%02d-%02d", 40 + i % 60,
                            1 + i % 12, 1 + i % 28)).append('\n');
            if (i == n / 2) {
                sb.append(extra);
            }
        }
        return sb.toString();
    }

    @Test
    void encodesLikeTheLocalEncoderInFileOrder() throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), csv(500, ""));
        Path s = secret();
        CsvEncoding.encode(in, ClkEncoder.create(SCHEMA, LinkageSecret.read(s)), dir.resolve("local.clk"), null);
        ClkSet local = ClkFile.read(dir.resolve("local.clk"));
        SparkEncoding.Encoded e = SparkEncoding.encode(TestSpark.context(), in, SCHEMA, s,
                FaultInjection.failFirstAttempt());
        assertThat(e.badRows().count()).isZero();
        assertThat(e.encodings().ids()).isEqualTo(local.ids());
        assertThat(e.encodings().words()).isEqualTo(local.words());
    }

    @Test
    void badRowsAreCountedWithTheirLineNumbers() throws Exception {
        // after record r250 (line 252): a short row (line 253), a bad date (254), an empty id (255)
        Path in = Files.writeString(dir.resolve("bad.csv"), csv(500, "x1,a,b\nx2,a,b,1970-13-45\n,a,b,1970-01-01\n"));
        SparkEncoding.Encoded e = SparkEncoding.encode(TestSpark.context(), in, SCHEMA, secret());
        assertThat(e.badRows().count()).isEqualTo(3);
        assertThat(e.encodings().size()).isEqualTo(500);
        assertThat(e.badRows().examples()).hasSize(3);
        assertThat(e.badRows().examples().get(0)).endsWith("bad.csv:253: 3 values, but the header has 4 columns");
        assertThat(e.badRows().examples().get(1)).contains("bad.csv:254: field dob");
        assertThat(e.badRows().examples().get(2)).contains("bad.csv:255: record id empty");
    }

    @Test
    void aHeaderWithoutTheSchemasColumnsIsRefusedOnTheDriver() throws Exception {
        Path in = Files.writeString(dir.resolve("h.csv"), "id,first_name,dob\n1,a,1970-01-01\n");
        assertThatThrownBy(() -> SparkEncoding.encode(TestSpark.context(), in, SCHEMA, secret()))
                .hasMessageContaining("h.csv:1: the header lacks column 'last_name'");
    }
}

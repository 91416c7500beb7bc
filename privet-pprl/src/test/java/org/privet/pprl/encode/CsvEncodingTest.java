package org.privet.pprl.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.schema.LinkageSchema;

class CsvEncodingTest {
    @TempDir
    Path dir;

    private final LinkageSchema schema = ClkEncoderTest.schema("blake2b", "");

    private Path csv(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void encodesAFileIndependentlyOfColumnOrderWithTheFingerprintInTheHeader() throws Exception {
        Path a = csv("a.csv", "id,first_name,last_name,dob,sex,notes\n"
                + "1,Peter,Christen,1970-05-17,m,x\r\n"
                + "2,\"Mary, Ann\",Smith,1988-11-02,f,\"multi\nline\"\n");
        Path b = csv("b.csv", "notes,sex,dob,last_name,first_name,id\n"
                + "y,m,1970-05-17,Christen,Peter,1\n"
                + "z,f,1988-11-02,Smith,\"Mary, Ann\",2\n");
        List<Long> progress = new ArrayList<>();
        CsvEncoding.Result r = CsvEncoding.encode(a, ClkEncoder.create(schema, ClkEncoderTest.key(1)),
                dir.resolve("a.clk"), progress::add);
        CsvEncoding.encode(b, ClkEncoder.create(schema, ClkEncoderTest.key(1)), dir.resolve("b.clk"), null);
        assertThat(r.records()).isEqualTo(2);
        assertThat(progress).containsExactly(2L);
        ClkSet sa = ClkFile.read(dir.resolve("a.clk"));
        ClkSet sb = ClkFile.read(dir.resolve("b.clk"));
        assertThat(sa.ids()).containsExactly("1", "2");
        assertThat(sa.words()).isEqualTo(sb.words());
        assertThat(ClkFile.header(dir.resolve("a.clk")).schemaFingerprint()).isEqualTo(schema.fingerprint());
        assertThat(sa.record(1)).isEqualTo(ClkEncoder.create(schema, ClkEncoderTest.key(1)).encode(
                java.util.Map.of("first_name", "Mary, Ann", "last_name", "Smith", "dob", "1988-11-02", "sex", "f")));
    }

    private RecordFormatException fails(String content) throws Exception {
        Path in = csv("in.csv", content);
        Path out = dir.resolve("out.clk");
        RecordFormatException e = catchThrowableOfType(() -> CsvEncoding.encode(in,
                ClkEncoder.create(schema, ClkEncoderTest.key(1)), out, null), RecordFormatException.class);
        assertThat(e).isNotNull();
        assertThat(files()).containsExactly(in); // no output, no temp file
        Files.delete(in);
        return e;
    }

    @Test
    void badInputNamesFileLineRecordAndFieldAndLeavesNoOutput() throws Exception {
        RecordFormatException missing = fails("id,first_name,last_name,sex\n1,a,b,m\n");
        assertThat(missing.getMessage()).contains("in.csv: line 1").contains("lacks column 'dob'");
        assertThat(missing.field()).isEqualTo("dob");

        RecordFormatException width = fails("id,first_name,last_name,dob,sex\n1,a,b,1970-01-01,m\n2,a,b,m\n");
        assertThat(width.getMessage()).contains("in.csv: line 3 (record 2, id \"2\"): 4 values, but the header has 5");

        RecordFormatException date = fails("id,first_name,last_name,dob,sex\n1,a,b,1970-01-01,m\n\n7,a,b,1970-13-01,f\n");
        assertThat(date.getMessage()).endsWith("/in.csv: line 4 (record 2, id \"7\"), field 'dob': not a date in "
                + "format yyyy-MM-dd: \"1970-13-01\"");
        assertThat(date.line()).isEqualTo(4);
        assertThat(date.field()).isEqualTo("dob");

        RecordFormatException quote = fails("id,first_name,last_name,dob,sex\n1,\"a,b,1970-01-01,m\n");
        assertThat(quote.getMessage()).contains("line 2").contains("quoted field is not closed");

        assertThat(fails("").getMessage()).contains("empty file");
        assertThat(fails("first_name,last_name,dob,sex\n").getMessage()).contains("lacks the id column 'id'");
    }
}

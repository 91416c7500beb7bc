package org.privet.core.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.ColumnKind;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.MissingPolicy;
import org.privet.core.data.UnseenCategory;

class CsvLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void parsesRfc4180QuotingAndTypesColumns() throws IOException {
        Path f = write("q.csv", "name,age,city,label\r\n"
                + "\"Smith, John\",41,\"New\r\nYork\",yes\r\n"
                + "\"say \"\"hi\"\"\", 30 ,  Paris  ,no\r\n"
                + "plain,  25,\"\",yes\r\n");
        Dataset d = CsvLoader.load(f, CsvLoader.options().missingTokens("?").build());
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.schema().column("name").categories()).containsExactly("Smith, John", "plain", "say \"hi\"");
        assertThat(d.schema().column("age").kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(d.schema().column("city").categories()).containsExactly("", "New\r\nYork", "Paris");
        assertThat(d.classNames()).containsExactly("no", "yes");
        assertThat(d.labels()).containsExactly(1, 0, 1);
        float[] x = d.features().data();
        // row 0: name code 0, age 41, city code 1
        assertThat(x).startsWith(0f, 41f, 1f, 2f, 30f, 2f, 1f, 25f, 0f);
    }

    @Test
    void reportsFileLineAndColumnForANonNumber() throws IOException {
        StringBuilder sb = new StringBuilder("age,income\n");
        for (int i = 2; i < 12; i++) {
            sb.append(i).append(",a\n");
        }
        sb.append("abc,b\n"); // line 12
        Path f = write("file.csv", sb.toString());
        assertThatThrownBy(() -> CsvLoader.load(f, CsvLoader.options().numeric("age").build()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(f + ":12: column 'age': 'abc' is not a number")
                .satisfies(e -> {
                    DataFormatException d = (DataFormatException) e;
                    assertThat(d.line()).isEqualTo(12);
                    assertThat(d.field()).isEqualTo("age");
                    assertThat(d.file()).isEqualTo(f);
                });
    }

    @Test
    void autoDetectMakesNonNumericColumnsCategoricalUnlessDisabled() throws IOException {
        Path f = write("a.csv", "x,y,c\n1,a,0\n2,b,1\n");
        Dataset d = CsvLoader.load(f, CsvLoader.options().build());
        assertThat(d.schema().column("y").kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThatThrownBy(() -> CsvLoader.load(f, CsvLoader.options().autoDetectCategorical(false).build()))
                .hasMessageContaining(":2: column 'y': 'a' is not a number");
        Dataset forced = CsvLoader.load(f, CsvLoader.options().categorical("x").build());
        assertThat(forced.schema().column("x").categories()).containsExactly("1", "2");
    }

    @Test
    void missingValuePolicies() throws IOException {
        Path f = write("m.csv", "a,b,label\n1,x,p\n?,y,q\n3,?,p\n5,x,q\nNA,x,p\n");
        assertThatThrownBy(() -> CsvLoader.load(f, CsvLoader.options().build()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("m.csv:3: column 'a': missing value '?'");
        Dataset dropped = CsvLoader.load(f, CsvLoader.options().missingPolicy(MissingPolicy.DROP_ROW).build());
        assertThat(dropped.size()).isEqualTo(2);
        assertThat(dropped.features().data()).containsExactly(1f, 0f, 5f, 0f);
        Dataset imputed = CsvLoader.load(f, CsvLoader.options().missingPolicy(MissingPolicy.IMPUTE).build());
        assertThat(imputed.size()).isEqualTo(5);
        // mean of 1, 3, 5 is 3; mode of x, y, x, x is x (code 0)
        assertThat(imputed.features().data()).containsExactly(1f, 0f, 3f, 1f, 3f, 0f, 5f, 0f, 3f, 0f);
    }

    @Test
    void missingLabelIsNeverImputed() throws IOException {
        Path f = write("l.csv", "a,label\n1,p\n2,?\n");
        assertThatThrownBy(() -> CsvLoader.load(f, CsvLoader.options().missingPolicy(MissingPolicy.IMPUTE).build()))
                .hasMessageContaining("l.csv:3: column 'label': missing label");
        assertThat(CsvLoader.load(f, CsvLoader.options().missingPolicy(MissingPolicy.DROP_ROW).build()).size())
                .isEqualTo(1);
    }

    @Test
    void numericLabelsSortNumericallyAndStringLabelsLexicographically() throws IOException {
        Path f = write("n.csv", "a,label\n1,10\n2,2\n3,1\n");
        Dataset d = CsvLoader.load(f, CsvLoader.options().build());
        assertThat(d.classNames()).containsExactly("1", "2", "10");
        assertThat(d.labels()).containsExactly(2, 1, 0);
    }

    @Test
    void headerlessWithNamesCommentsIgnoredColumnsAndLabelNormalisation() throws IOException {
        Path f = write("adultlike.test", "|1x3 Cross validator\n"
                + "25, Private, 11th, <=50K.\n"
                + "\n"
                + "38, ?, HS-grad, >50K.\n");
        CsvLoader.Options o = CsvLoader.options().header(false).columnNames(List.of("age", "work", "edu", "income"))
                .label("income").commentPrefix("|").normaliseLabels(true).ignore("work").build();
        Dataset d = CsvLoader.load(f, o);
        assertThat(d.classNames()).containsExactly("<=50K", ">50K");
        assertThat(d.schema().indexOf("work")).isEqualTo(-1);
        assertThat(d.features().shapeString()).isEqualTo("[2, 2]");
        assertThat(d.name()).isEqualTo("adultlike");
    }

    @Test
    void referenceSchemaFixesCodingAndRejectsOrZeroesUnseenCategories() throws IOException {
        Path train = write("train.csv", "c,x,label\nb,1,n\na,2,y\n");
        Path test = write("test.csv", "c,x,label\nb,3,y\nzz,4,n\n");
        Dataset tr = CsvLoader.load(train, CsvLoader.options().build());
        CsvLoader.Options o = CsvLoader.options().build().withReferenceSchema(tr.schema());
        assertThatThrownBy(() -> CsvLoader.load(test, o)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test.csv:3: column 'c': unseen category 'zz'");
        Dataset te = CsvLoader.load(test, o.toBuilder().unseenCategory(UnseenCategory.ZEROS).build());
        assertThat(te.schema()).isEqualTo(tr.schema());
        assertThat(te.features().data()).containsExactly(1f, 3f, -1f, 4f);
        Path badLabel = write("bad.csv", "c,x,label\nb,3,maybe\n");
        assertThatThrownBy(() -> CsvLoader.load(badLabel, o)).hasMessageContaining("unknown class label 'maybe'");
    }

    @Test
    void readsGzipTransparentlyWhateverTheName() throws IOException {
        Path f = dir.resolve("data.csv");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(f))) {
            os.write("a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = CsvLoader.load(f, CsvLoader.options().build());
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.features().data()).containsExactly(1f, 2f);
    }

    @Test
    void structuralErrorsNameTheLine() throws IOException {
        Path ragged = write("r.csv", "a,b\n1,2\n3\n");
        assertThatThrownBy(() -> CsvLoader.load(ragged, CsvLoader.options().build()))
                .hasMessageContaining("r.csv:3: record has 1 fields, expected 2");
        Path open = write("o.csv", "a,b\n1,\"unclosed\n2,3\n");
        assertThatThrownBy(() -> CsvLoader.load(open, CsvLoader.options().build()))
                .hasMessageContaining("o.csv:2: quoted field is not closed");
        Path junk = write("j.csv", "a,b\n1,\"x\"y\n");
        assertThatThrownBy(() -> CsvLoader.load(junk, CsvLoader.options().build()))
                .hasMessageContaining("unexpected character 'y' after a closing quote");
        assertThatThrownBy(() -> CsvLoader.load(dir.resolve("none.csv"), CsvLoader.options().build()))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("does not exist");
        Path good = write("g.csv", "a,b\n1,2\n");
        assertThatThrownBy(() -> CsvLoader.load(good, CsvLoader.options().label("nope").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope' not found");
    }

    @Test
    void otherDelimitersAndNoTrim() throws IOException {
        Path f = write("t.tsv", "a\tb\n 1\t x \n");
        Dataset d = CsvLoader.load(f, CsvLoader.options().delimiter('\t').trim(false).build());
        assertThat(d.classNames()).containsExactly(" x ");
        assertThatThrownBy(() -> CsvLoader.options().delimiter('"').build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("slow")
    void loadsUciAdult() {
        Path data = Path.of("/work/shared/data/adult/adult.data.gz");
        Path test = Path.of("/work/shared/data/adult/adult.test.gz");
        assumeThat(Files.isRegularFile(data) && Files.isRegularFile(test)).as("UCI Adult under /work/shared/data")
                .isTrue();
        CsvLoader.Options o = KnownFormats.adult();
        Dataset tr = CsvLoader.load(data, o);
        assertThat(tr.name()).isEqualTo("adult");
        // 32,561 records, 2,399 of them with a '?'; 30,162 complete (the usual figure)
        assertThat(tr.size()).isEqualTo(30162);
        assertThat(tr.classNames()).containsExactly("<=50K", ">50K");
        assertThat(tr.classCounts()).containsExactly(22654, 7508);
        assertThat(tr.schema().column("workclass").categories()).hasSize(7);
        assertThat(tr.schema().column("age").kind()).isEqualTo(ColumnKind.NUMERIC);
        Dataset te = CsvLoader.load(test, o.withReferenceSchema(tr.schema()));
        assertThat(te.size()).isEqualTo(15060);
        assertThat(te.schema()).isEqualTo(tr.schema());
    }
}

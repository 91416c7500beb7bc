package org.privet.core.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.ColumnKind;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.MissingPolicy;

class ArffLoaderTest {
    @TempDir
    Path dir;

    private static final String CREDIT_LIKE = """
            % German credit excerpt in the format of Weka's credit-g.arff
            % comment lines and blank lines are skipped

            @relation german_credit
            @attribute checking_status { '<0', '0<=X<200', '>=200', 'no checking'}
            @attribute duration numeric
            @attribute purpose { 'new car', furniture/equipment, radio/tv}
            @attribute 'credit amount' REAL
            @attribute age integer
            @attribute class { good, bad}
            @data
            '<0',6,radio/tv,1169,67,good
            '0<=X<200',48,radio/tv,5951,22,bad
            'no checking', 12 , 'new car' ,2096,49,good
            % a comment inside the data
            "'<0'",42,furniture/equipment,7882,45,good
            """;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void loadsNominalAndNumericAttributesWithDeclaredOrder() throws IOException {
        Path f = write("credit.arff", CREDIT_LIKE.replace("\"'<0'\"", "'<0'"));
        Dataset d = ArffLoader.load(f);
        assertThat(d.name()).isEqualTo("german_credit");
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.classNames()).containsExactly("good", "bad");
        assertThat(d.labels()).containsExactly(0, 1, 0, 0);
        assertThat(d.schema().column("checking_status").categories())
                .containsExactly("<0", "0<=X<200", ">=200", "no checking");
        assertThat(d.schema().column("credit amount").kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(d.features().data()).startsWith(0f, 6f, 2f, 1169f, 67f, 1f, 48f, 2f, 5951f, 22f, 3f, 12f, 0f);
    }

    @Test
    void undeclaredNominalValueIsAnErrorWithLineAndAttribute() throws IOException {
        Path f = write("credit.arff", CREDIT_LIKE); // line 16 holds the quoted "'<0'" value
        assertThatThrownBy(() -> ArffLoader.load(f)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("credit.arff:16: column 'checking_status': unseen category ''<0''")
                .hasMessageContaining("not declared");
    }

    @Test
    void missingValuesFollowThePolicy() throws IOException {
        Path f = write("m.arff", "@relation m\n@attribute a numeric\n@attribute b {x,y}\n@attribute c {p,q}\n@data\n"
                + "1,x,p\n?,y,q\n3,?,q\n");
        assertThatThrownBy(() -> ArffLoader.load(f)).hasMessageContaining("m.arff:7: column 'a': missing value '?'");
        Dataset imputed = ArffLoader.load(f, ArffLoader.options().missingPolicy(MissingPolicy.IMPUTE).build());
        assertThat(imputed.features().data()).containsExactly(1f, 0f, 2f, 1f, 3f, 0f);
        assertThat(ArffLoader.load(f, ArffLoader.options().missingPolicy(MissingPolicy.DROP_ROW).build()).size())
                .isEqualTo(1);
    }

    @Test
    void stringAttributesAreRejectedOrIgnored() throws IOException {
        Path f = write("s.arff", "@relation s\n@attribute id string\n@attribute a real\n@attribute c {p,q}\n@data\n"
                + "'row one',1,p\n'row, two',2,q\n");
        assertThatThrownBy(() -> ArffLoader.load(f)).hasMessageContaining("s.arff:2: column 'id': string attributes");
        Dataset d = ArffLoader.load(f, ArffLoader.options().ignoreStringAttributes(true).build());
        assertThat(d.schema().featureCount()).isEqualTo(1);
        assertThat(d.features().data()).containsExactly(1f, 2f);
    }

    @Test
    void explicitLabelAndEscapes() throws IOException {
        Path f = write("e.arff", "@RELATION e\n@ATTRIBUTE 'the label' {'it\\'s', plain}\n@ATTRIBUTE a NUMERIC\n@DATA\n"
                + "'it\\'s',1\nplain,2\n");
        Dataset d = ArffLoader.load(f, ArffLoader.options().label("the label").build());
        assertThat(d.classNames()).containsExactly("it's", "plain");
        assertThat(d.labels()).containsExactly(0, 1);
    }

    @Test
    void structuralErrors() throws IOException {
        Path sparse = write("sp.arff", "@relation s\n@attribute a numeric\n@attribute c {p,q}\n@data\n{0 1, 1 q}\n");
        assertThatThrownBy(() -> ArffLoader.load(sparse)).hasMessageContaining("sp.arff:5: sparse ARFF rows");
        Path count = write("c.arff", "@relation s\n@attribute a numeric\n@attribute c {p,q}\n@data\n1,p,3\n");
        assertThatThrownBy(() -> ArffLoader.load(count)).hasMessageContaining("c.arff:5: row has 3 values, expected 2");
        Path noData = write("n.arff", "@relation s\n@attribute a numeric\n");
        assertThatThrownBy(() -> ArffLoader.load(noData)).hasMessageContaining("no @data section");
        Path numLabel = write("l.arff", "@relation s\n@attribute c {p,q}\n@attribute a numeric\n@data\np,1\n");
        assertThatThrownBy(() -> ArffLoader.load(numLabel)).hasMessageContaining("label attribute must be nominal");
        Path notNum = write("x.arff", "@relation s\n@attribute a numeric\n@attribute c {p,q}\n@data\nabc,p\n");
        assertThatThrownBy(() -> ArffLoader.load(notNum)).hasMessage(notNum + ":5: column 'a': 'abc' is not a number");
    }
}

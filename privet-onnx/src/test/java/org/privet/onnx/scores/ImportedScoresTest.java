package org.privet.onnx.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.DataFormatException;

/** Score files: the same records as logits, probabilities, losses and confidences give the same signals. */
class ImportedScoresTest {
    @TempDir
    Path dir;

    private ImportedScores read(String name, List<String> lines) throws Exception {
        Path f = Files.write(dir.resolve(name), lines);
        return ImportedScores.read(new ImportedScores.Sources(f, null, null, null, null, null));
    }

    @Test
    void everyKindGivesTheSameSignals() throws Exception {
        // three records, three classes; logits z, and the p, loss, confidence they imply
        double[][] z = {{2.0, -1.0, 0.5}, {0.1, 0.2, 8.0}, {-3.0, 1.0, 1.0}};
        int[] y = {0, 2, 1};
        String[] m = {"1", "0", "-1"};
        List<String> logits = new java.util.ArrayList<>(List.of("label,member,logit_0,logit_1,logit_2"));
        List<String> probs = new java.util.ArrayList<>(List.of("label,member,prob_0,prob_1,prob_2"));
        List<String> loss = new java.util.ArrayList<>(List.of("member,loss,label"));
        List<String> conf = new java.util.ArrayList<>(List.of("confidence,member"));
        double[] wantPhi = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (double v : z[i]) {
                s += Math.exp(v);
            }
            double[] p = new double[3];
            for (int j = 0; j < 3; j++) {
                p[j] = Math.exp(z[i][j]) / s;
            }
            wantPhi[i] = Math.log(p[y[i]] / (1 - p[y[i]]));
            logits.add(y[i] + "," + m[i] + "," + z[i][0] + "," + z[i][1] + "," + z[i][2]);
            probs.add(y[i] + "," + m[i] + "," + p[0] + "," + p[1] + "," + p[2]);
            loss.add(m[i] + "," + (-Math.log(p[y[i]])) + "," + y[i]);
            conf.add(p[y[i]] + "," + m[i]);
        }
        ImportedScores[] all = {read("l.csv", logits), read("p.csv", probs), read("x.csv", loss), read("c.csv", conf)};
        assertThat(all).extracting(ImportedScores::kind).containsExactly(ImportedScores.Kind.LOGITS,
                ImportedScores.Kind.PROBABILITIES, ImportedScores.Kind.LOSS, ImportedScores.Kind.CONFIDENCE);
        for (ImportedScores s : all) {
            double[] phi = s.phi(-1);
            for (int i = 0; i < 3; i++) {
                assertThat(phi[i]).as(s.kind() + " record " + i).isCloseTo(wantPhi[i], within(1e-9));
            }
            assertThat(s.loss(-1)[1]).isCloseTo(all[0].loss(-1)[1], within(1e-12));
            assertThat(s.membership()).containsExactly(1, 0, -1);
        }
    }

    @Test
    void phiStaysFiniteAndPreciseNearCertainty() throws Exception {
        // p_y = 1 - 1e-20: 1 - p_y is not representable, but the logits keep phi = 46.05...
        ImportedScores s = read("sure.csv", List.of("label,member,logit_0,logit_1", "0,1,46.0517,0", "1,0,0,0"));
        assertThat(s.phi(-1)[0]).isCloseTo(46.0517, within(1e-9));
        ImportedScores z = read("zero.csv", List.of("loss,member", "0,1", "0.5,0"));
        assertThat(z.phi(-1)[0]).isFinite().isGreaterThan(27);
    }

    @Test
    void badFilesNameFileLineAndColumn() throws Exception {
        assertThatThrownBy(() -> read("a.csv", List.of("label,member,logit_0,logit_1", "0,1,2.0,x")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("a.csv:2")
                .hasMessageContaining("logit_1").hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> read("b.csv", List.of("label,member,logit_0,logit_2", "0,1,2,3")))
                .hasMessageContaining("expected logit_1");
        assertThatThrownBy(() -> read("c.csv", List.of("label,member,prob_0,prob_1", "0,1,0.7,0.7", "1,0,0.5,0.5")))
                .hasMessageContaining("c.csv").hasMessageContaining("record 0").hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> read("d.csv", List.of("label,member,logit_0,logit_1", "3,1,0,1", "0,0,1,0")))
                .hasMessageContaining("label 3").hasMessageContaining("2 classes");
        assertThatThrownBy(() -> read("e.csv", List.of("member,loss", "1,-0.5", "0,1")))
                .hasMessageContaining(">= 0").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> read("f.csv", List.of("member,loss", "1,0.5", "1,1")))
                .hasMessageContaining("0 non-members");
        assertThatThrownBy(() -> read("g.csv", List.of("member,loss,weight", "1,0.5,2")))
                .hasMessageContaining("weight").hasMessageContaining("unknown column");
        assertThatThrownBy(() -> read("h.csv", List.of("member,logit_0,logit_1", "1,0.5,2", "0,1,1")))
                .hasMessageContaining("true label");
        assertThatThrownBy(() -> read("i.csv", List.of("member,loss", "maybe,0.5")))
                .hasMessageContaining("i.csv:2").hasMessageContaining("member").hasMessageContaining("'maybe'");
    }

    @Test
    void npyScoresWithReferencesAreCheckedAgainstEachOther() throws Exception {
        Path res = Path.of(ImportedScoresTest.class.getResource("/org/privet/onnx/logits.npy").toURI()).getParent();
        ImportedScores s = ImportedScores.read(new ImportedScores.Sources(res.resolve("logits.npy"), null,
                res.resolve("labels.npy"), res.resolve("member.npy"), res.resolve("ref_logits.npy"),
                res.resolve("ref_keep.npy")));
        assertThat(s.kind()).isEqualTo(ImportedScores.Kind.LOGITS);
        assertThat(s.records()).isEqualTo(1200);
        assertThat(s.classes()).isEqualTo(4);
        assertThat(s.referenceModels()).isEqualTo(8);
        int in = 0;
        for (int m = 0; m < 8; m++) {
            in += s.keep(m, 17) ? 1 : 0;
        }
        assertThat(in).isEqualTo(4);
        // keep of the wrong shape
        assertThatThrownBy(() -> ImportedScores.read(new ImportedScores.Sources(res.resolve("logits.npy"), null,
                res.resolve("labels.npy"), res.resolve("member.npy"), res.resolve("ref_logits.npy"),
                res.resolve("labels.npy")))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("labels.npy").hasMessageContaining("keep must have shape [8, 1200]");
        // a 1-D array needs its kind
        assertThatThrownBy(() -> ImportedScores.read(new ImportedScores.Sources(res.resolve("labels.npy"), null, null,
                res.resolve("member.npy"), null, null))).hasMessageContaining("'loss' or 'confidence'");
        assertThatThrownBy(() -> new ImportedScores.Sources(res.resolve("logits.npy"), null, null, null,
                res.resolve("ref_logits.npy"), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give both or neither");
    }
}

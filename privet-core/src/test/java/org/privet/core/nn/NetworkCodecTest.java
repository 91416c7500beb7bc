package org.privet.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.model.io.ModelFile;
import org.privet.core.model.io.ModelFileException;
import org.privet.core.model.io.Models;
import org.privet.core.model.io.Provenance;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class NetworkCodecTest {
    @TempDir
    Path dir;

    @Test
    void mlpRoundTripGivesIdenticalLogits() throws Exception {
        Sequential net = Networks.mlp(Rng.of(7), 5, new int[] {8, 6}, 3);
        // perturb so that the saved weights differ from a fresh init with any seed
        net.parameters().get(0).value().data()[0] += 0.123f;
        NetworkClassifier clf = new NetworkClassifier(net, new int[] {5}, 3);
        Path f = dir.resolve("m.pmf");
        Models.save(clf, f, Provenance.of("test"));
        NetworkClassifier back = Models.load(f, NetworkClassifier.class);
        Tensor x = Tensor.randn(Rng.of(1), 1f, 4, 5);
        assertThat(back.logits(x).data()).containsExactly(clf.logits(x).data());
        assertThat(back.inputShape()).containsExactly(5);
        assertThat(back.numClasses()).isEqualTo(3);
    }

    @Test
    void cnnRoundTripGivesIdenticalLogits() throws Exception {
        Sequential net = Networks.smallCnn(Rng.of(3), 1, 12, 12, 4);
        NetworkClassifier clf = new NetworkClassifier(net, new int[] {1, 12, 12}, 4);
        Path f = dir.resolve("c.pmf");
        Models.save(clf, f, Provenance.of("test"));
        Object back = Models.load(f).model();
        Tensor x = Tensor.uniform(Rng.of(2), 0f, 1f, 2, 1, 12, 12);
        assertThat(((NetworkClassifier) back).logits(x).data()).containsExactly(clf.logits(x).data());
    }

    @Test
    void mismatchedTensorsAreRejectedWithThePath() throws Exception {
        NetworkClassifier clf = new NetworkClassifier(Networks.mlp(Rng.of(7), 5, new int[] {8}, 3), new int[] {5}, 3);
        ModelFile.Contents c = new NetworkCodec().encode(clf);
        c.tensors().remove(c.tensors().keySet().iterator().next());
        Path f = dir.resolve("bad.pmf");
        ModelFile.write(f, c);
        assertThatThrownBy(() -> Models.load(f))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("do not match");
        assertThat(Files.exists(f)).isTrue();
    }
}

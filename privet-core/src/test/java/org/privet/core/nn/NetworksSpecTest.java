package org.privet.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;

class NetworksSpecTest {
    private static void assertSameWeights(Sequential a, Sequential b) {
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        assertThat(pb).hasSameSizeAs(pa);
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i).value().shape()).isEqualTo(pa.get(i).value().shape());
            assertThat(pb.get(i).value().data()).isEqualTo(pa.get(i).value().data());
        }
    }

    @Test
    void specRoundTripsWithTheSameWeights() {
        Sequential mlp = Networks.mlp(Rng.of(5), 10, new int[] {7, 6}, 3);
        Sequential back = Networks.fromSpec(mlp.spec(), Rng.of(5));
        assertThat(back.spec()).isEqualTo(mlp.spec());
        assertSameWeights(mlp, back);

        Sequential cnn = Networks.cnn(Rng.of(6), 3, 12, 12, 4, 5, 6, 7);
        Sequential cnnBack = Networks.fromSpec(cnn.spec(), Rng.of(6));
        assertThat(cnnBack.spec()).isEqualTo(cnn.spec());
        assertSameWeights(cnn, cnnBack);
    }

    @Test
    void nestedSequentialsDropoutAndPoolingParse() {
        String spec = "sequential[sequential[conv2d(in=1,out=2,k=3,stride=1,pad=1), sigmoid], "
                + "avgpool2d(k=2,stride=2), flatten, dropout(p=0.25), dense(in=8,out=2), tanh]";
        assertThat(Networks.fromSpec(spec, Rng.of(1)).spec()).isEqualTo(spec);
    }

    @Test
    void malformedSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> Networks.fromSpec("dense(in=1,out=2)", Rng.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequential[");
        assertThatThrownBy(() -> Networks.fromSpec("sequential[dense(in=1)]", Rng.of(1)))
                .hasMessageContaining("missing argument 'out'");
        assertThatThrownBy(() -> Networks.fromSpec("sequential[relu, lstm(h=3)]", Rng.of(1)))
                .hasMessageContaining("layer 1").hasMessageContaining("unknown layer type 'lstm'");
        assertThatThrownBy(() -> Networks.fromSpec("sequential[dense(in=x,out=2)]", Rng.of(1)))
                .hasMessageContaining("in must be an integer. Provided value: x");
        assertThatThrownBy(() -> Networks.fromSpec("sequential[flatten(k=2)]", Rng.of(1)))
                .hasMessageContaining("unknown arguments [k]");
    }
}
